-- wrk script: every request signs the benchmark's member in through the API (one Argon2id verification each).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email": "%s", "password": "%s", "label": "benchmark"}',
  os.getenv("BENCH_EMAIL"), os.getenv("BENCH_PASSWORD"))

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
