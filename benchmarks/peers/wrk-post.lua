-- wrk script: the same OpenAI chat-completions request to every target, and a machine-readable summary.
-- PORTKEY_CONFIG (environment), when set, is sent as the x-portkey-config header.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-sim"
local config = os.getenv("PORTKEY_CONFIG")
if config ~= nil and config ~= "" then
  wrk.headers["x-portkey-config"] = config
end
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Explain pod affinity in one sentence."}],"max_tokens":64}'

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
