-- wrk script: concurrent clients posting short two-speaker jobs to the submit endpoint.
-- Usage: wrk -t2 -c16 -d30s -s bench/submit_load.lua http://127.0.0.1:8080
-- (bench/submit_load.py runs it and checks the accepted jobs against the database.)
-- Prints one JSON line: requests, 202s, other statuses, socket errors, latency percentiles.
wrk.method = "POST"
wrk.path = "/api/v1/syntheses"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"script": "Speaker 1: Welcome back to the show.\\nSpeaker 2: Glad to be here."}'
-- API keys (bench/submit_load.py --auth key), separated by ";": wrk thread n sends key n (modulo
-- their number), so --clients N spreads the load over N clients. Without keys the requests are
-- anonymous from this machine.
local authorizations = {}
for value in string.gmatch(os.getenv("ORATOR_BENCH_AUTHORIZATION") or "", "[^;]+") do
  table.insert(authorizations, value)
end

local threads = {}

setup = function(thread)
  table.insert(threads, thread)
  if #authorizations > 0 then
    thread:set("authorization", authorizations[(#threads - 1) % #authorizations + 1])
  end
end

init = function(args)
  accepted = 0
  refused = 0
  if authorization then
    wrk.headers["Authorization"] = authorization
  end
end

response = function(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  else
    refused = refused + 1
  end
end

done = function(summary, latency, requests)
  local total_accepted, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_accepted = total_accepted + thread:get("accepted")
    total_refused = total_refused + thread:get("refused")
  end
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_s": %.3f, "accepted": %d, "not_accepted": %d, '
    .. '"socket_errors": %d, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, total_accepted, total_refused,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
