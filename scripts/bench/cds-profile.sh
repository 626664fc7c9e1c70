#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Where a patient-view call's CPU goes, by owner: perf (999 Hz, frame-pointer call graphs) on a release
# `stepwise serve` under 64-connection wrk load with the bench's 8 rotated patients, then each sample is
# put in one bucket — the first frame, from the leaf up, that belongs to the engine (StepwiseCore), the
# mapper, the JSON tape and resource readers, the CDS request decoder, the cards, the response writer or
# the hook's own code; samples outside CDSHooksService.invoke are "outside invoke" (HTTP, NIO, the runtime,
# and malloc/free that perf cannot unwind through glibc). Shares are of the server's whole CPU.
#
#   scripts/bench/cds-profile.sh [BINARY]        # default: the release build in .build-release
#   CDS_PROFILE_SECONDS=10 CDS_PROFILE_PORT=18097 scripts/bench/cds-profile.sh BINARY
#
# Needs perf, wrk and python3. Shares from about 5 000 samples move by ±0.5 % between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN="${1:-.build-release/release/stepwise}"
SECONDS_TO_RECORD="${CDS_PROFILE_SECONDS:-10}"
PORT="${CDS_PROFILE_PORT:-18097}"
for tool in perf wrk python3; do
    command -v "$tool" >/dev/null || { echo "cds-profile: $tool is required" >&2; exit 69; }
done

WORK="$(mktemp -d)"
source scripts/bench/cds-common.sh
cds_write_bodies "$WORK" 50 8

"$BIN" serve --demo --host 127.0.0.1 --port "$PORT" --cds-insecure-development-mode --log-level error \
    > "$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cds_wait_ready "$PORT" "$SERVER" "$WORK/server.log" || exit 1

URL="http://127.0.0.1:$PORT/cds-services/stepwise-patient-view"
wrk -t2 -c64 -d3s -s scripts/bench/cds-patient-view.lua "$URL" >/dev/null  # warm-up
wrk -t2 -c64 -d"$((SECONDS_TO_RECORD + 2))s" -s scripts/bench/cds-patient-view.lua "$URL" | grep '^CDSRESULT' &
LOAD=$!
perf record -F 999 -g -p "$SERVER" -o "$WORK/perf.data" -- sleep "$SECONDS_TO_RECORD" 2>/dev/null >/dev/null
wait "$LOAD"
perf script -i "$WORK/perf.data" -F ip,sym 2>/dev/null > "$WORK/perf.script"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$WORK/perf.script" <<'PY'
import collections, sys
stacks, current = [], []
for line in open(sys.argv[1], errors="replace"):
    line = line.strip()
    if not line:
        if current:
            stacks.append(current)
            current = []
        continue
    parts = line.split(None, 1)
    current.append(parts[1] if len(parts) > 1 else parts[0])
if current:
    stacks.append(current)
buckets = [
    ("engine (assessment and the report's deferred text)", ["StepwiseCore"]),
    ("mapper", ["MappingRun", "FHIRRecordMapper", "MedicationIdentity", "TapeConcept"]),
    ("JSON tape and resource readers", ["JSONTape", "BulkResourceDecoder", "TapeObservation"]),
    ("CDS request decoder", ["CDSHookRequestDecoder"]),
    ("cards (own code)", ["CDSPatientViewCards", "CDSCardSupport", "CDSRandomID", "RenderedSources", "StepwiseFHIR7CDSCard"]),
    ("response writer", ["CDSResponseWriter", "responseBuffer"]),
    ("hook (invoke itself)", ["CDSHooksService"]),
]
counts = collections.Counter()
for stack in stacks:
    if not any("CDSHooksServiceV6invoke_" in frame for frame in stack):
        counts["outside invoke (HTTP, NIO, runtime, unattributed malloc/free)"] += 1
        continue
    bucket = "other inside invoke"
    for frame in stack:
        found = next((name for name, patterns in buckets if any(p in frame for p in patterns)), None)
        if found:
            bucket = found
            break
    counts[bucket] += 1
total = max(len(stacks), 1)
print(f"{len(stacks)} samples")
for name, count in counts.most_common():
    print(f"{100 * count / total:5.1f} %  {name}")
PY
