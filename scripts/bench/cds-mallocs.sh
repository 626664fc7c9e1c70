#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# malloc calls per patient-view call, and where they come from: a uprobe on libc's malloc (added and removed by
# the script) records each call with its frame-pointer call graph while wrk sends the bench's 8 rotated patients
# over 4 keep-alive connections to one release `stepwise serve`. Each call is charged to the first Stepwise,
# Hummingbird or NIO function above malloc (swift_allocObject, array and string growth are the runtime's, so the
# function that asked for them is named). A load-independent figure: the count does not depend on how busy the
# machine is (the probe slows the server, so requests/s here mean nothing).
#
#   scripts/bench/cds-mallocs.sh [BINARY]        # default: the release build in .build-release
#   CDS_MALLOCS_TOP=40 scripts/bench/cds-mallocs.sh BINARY
#
# Needs perf with uprobes (root), wrk, python3 and swift (for `swift demangle`).
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN="${1:-.build-release/release/stepwise}"
PORT="${CDS_MALLOCS_PORT:-18098}"
TOP="${CDS_MALLOCS_TOP:-25}"
for tool in perf wrk python3 swift; do
    command -v "$tool" >/dev/null || { echo "cds-mallocs: $tool is required" >&2; exit 69; }
done
LIBC=$(ldd "$BIN" | grep -o '/[^ ]*libc.so.6' | head -1)
[ -n "$LIBC" ] || { echo "cds-mallocs: $BIN does not load libc.so.6" >&2; exit 1; }
EVENT=cdsmallocs:malloc

WORK="$(mktemp -d)"
source scripts/bench/cds-common.sh
cds_write_bodies "$WORK" 50 8

cds_start_probed_server "$BIN" "$PORT" "$WORK" "$EVENT"
cds_wait_ready "$PORT" "$SERVER" "$WORK/server.log" || exit 1
perf probe -q -x "$LIBC" -a "$EVENT=malloc" >/dev/null

URL="http://127.0.0.1:$PORT/cds-services/stepwise-patient-view"
wrk -t1 -c4 -d1s -s scripts/bench/cds-patient-view.lua "$URL" >/dev/null  # warm-up
perf record -e "$EVENT" -g -p "$SERVER" -o "$WORK/perf.data" -- sleep 2.6 >/dev/null 2>&1 &
RECORD=$!
sleep 0.3
requests=$(wrk -t1 -c4 -d2s -s scripts/bench/cds-patient-view.lua "$URL" | grep '^CDSRESULT' \
    | sed 's/.*requests=\([0-9]*\).*/\1/')
wait "$RECORD"
perf script -i "$WORK/perf.data" -F ip,sym 2>/dev/null > "$WORK/stacks.txt"
python3 - "$WORK/stacks.txt" "$requests" "$TOP" <<'PY'
import collections, subprocess, sys
path, requests, top = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
samples, current = [], []
for line in open(path):
    line = line.rstrip()
    if not line.strip():
        if current:
            samples.append(current)
        current = []
        continue
    parts = line.split(None, 1)
    current.append(parts[1] if len(parts) > 1 else "?")
if current:
    samples.append(current)
ours = ("StepwiseCore", "StepwiseFHIR", "StepwiseServer", "Hummingbird", "NIO")
counts = collections.Counter()
for frames in samples:
    # Standard-library code specialised in our modules ($ss…: array growth, string appends) is skipped, so
    # the function that grew the array or string is named.
    counts[next((f for f in frames[1:] if any(m in f for m in ours) and not f.startswith("$ss")),
                "(no Stepwise, Hummingbird or NIO frame)")] += 1
# Calls seen while recording: CDSHooksService.responseBuffer allocates exactly once per answered call (wrk's own
# count can include calls made before perf had attached).
calls = sum(count for name, count in counts.items() if "CDSHooksService" in name and "responseBuffer" in name)
if calls == 0:
    sys.exit("cds-mallocs: no answered call recorded")
names = [name for name, _ in counts.most_common(top)]
demangled = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(names),
                           capture_output=True, text=True).stdout.split("\n")
readable = dict(zip(names, demangled))
cds = sum(count for name, count in counts.items()
          if ("StepwiseServer" in name or "StepwiseFHIR" in name) and "CDS" in name)
print(f"patient-view calls recorded {calls} (wrk: {requests}), malloc calls {len(samples)}, "
      f"per call {len(samples) / calls:.1f}, of which CDS functions {cds / calls:.1f}")
print("per call  first Stepwise/Hummingbird/NIO function above malloc")
for name, count in counts.most_common(top):
    print(f"{count / calls:8.1f}  {readable.get(name, name)[:140]}")
PY
