-- wrk script: an anonymous visitor opens listing pages, a different listing each request, round-robin
-- over the ids in the file named by LISTING_IDS (one per line).
local ids = {}
for line in io.lines(os.getenv("LISTING_IDS")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local next_id = 0

function request()
  next_id = next_id % #ids + 1
  return wrk.format("GET", "/listings/" .. ids[next_id])
end


function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("requests/s: %.0f   p50: %.1f ms   p99: %.1f ms   max: %.1f ms   (%d requests, %d errors)\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, errors))
end
