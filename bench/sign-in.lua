-- wrk script: every request signs one of the benchmark's members in through the API (one Argon2id
-- verification each), the members in turn, as each may hold only so many API tokens.
local emails = {}
for email in string.gmatch(os.getenv("BENCH_EMAILS"), "[^,]+") do emails[#emails + 1] = email end
local password = os.getenv("BENCH_PASSWORD")
local next_member = math.random(#emails)

function request()
  next_member = next_member % #emails + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
    string.format('{"email": "%s", "password": "%s", "label": "benchmark"}', emails[next_member], password))
end

local created, other = 0, 0
function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("sign-ins/s: %.1f   p50: %.1f ms   p99: %.1f ms   (%d requests, %d errors)\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
