-- wrk script: the trivial GET /healthz baseline, with the same summary line as the patient-view run.
done = function(summary, latency, requests)
  io.write(string.format("CDSRESULT requests=%d errors=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status))
end
