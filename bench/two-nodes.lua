-- wrk script of bench/two-nodes.sh: anonymous visitors opening listing pages (round-robin over the ids
-- in the file named by LISTING_IDS) and, every fourth request, a search page of a few words.
local ids = {}
for line in io.lines(os.getenv("LISTING_IDS")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local words = { "room", "bike", "lesson", "garden", "lamp", "quiet", "sunny", "old", "guitar", "boat" }
local n = 0

function request()
  n = n + 1
  if n % 4 == 0 then
    return wrk.format("GET", "/search?q=" .. words[n % #words + 1])
  end
  return wrk.format("GET", "/listings/" .. ids[n % #ids + 1])
end


function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("requests/s %.0f  p50 %.1f ms  p99 %.1f ms  max %.1f ms  requests %d  failed %d"
      .. " (status >= 400: %d, connect %d, read %d, write %d, timeout %d)\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, e.status + e.connect + e.read + e.write + e.timeout, e.status, e.connect, e.read, e.write, e.timeout))
end
