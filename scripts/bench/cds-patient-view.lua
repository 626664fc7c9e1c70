-- wrk script: POST patient-view hook bodies, rotating through the files in $CDS_BODIES (JSON files
-- separated by ":"; $CDS_BODY, a single file, still works). Each wrk thread starts at a different body,
-- so consecutive requests carry different patients and nothing can be answered from a cache.
local list = os.getenv("CDS_BODIES") or os.getenv("CDS_BODY") or "scripts/bench/cds-patient-view.json"
local bodies = {}
for path in string.gmatch(list, "[^:]+") do
  local file = assert(io.open(path, "rb"))
  bodies[#bodies + 1] = file:read("*a")
  file:close()
end
assert(#bodies > 0, "no hook bodies")

local counter = 0
setup = function(thread)
  thread:set("first", counter)
  counter = counter + 1
end

local requests = {}
local next_index = 0
init = function(args)
  local headers = { ["Content-Type"] = "application/json" }
  for i, body in ipairs(bodies) do
    requests[i] = wrk.format("POST", nil, headers, body)
  end
  next_index = (tonumber(first) or 0) % #requests
end

request = function()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

done = function(summary, latency, requests)
  io.write(string.format("CDSRESULT requests=%d errors=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status))
end
