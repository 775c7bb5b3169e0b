-- wrk script: concurrent clients posting short two-speaker jobs to the submit endpoint.
-- Usage: wrk -t2 -c16 -d30s -s bench/submit_load.lua http://127.0.0.1:8080
wrk.method = "POST"
wrk.path = "/api/v1/syntheses"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"script": "Speaker 1: Welcome back to the show.\\nSpeaker 2: Glad to be here."}'

local statuses = {}

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors (socket) %d, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
