#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# What a patient-view call pays outside `CDSHooksService.invoke` that the body sink (the same 22.5 kB bodies
# POSTed to /cds-services/_bench/sink, answered 204) does not: perf (999 Hz, frame-pointer call graphs) on one
# release `stepwise serve` under 64-connection wrk load, first patient-view, then the sink; each function's
# samples become microseconds of server CPU per request (its share of the samples × the server's CPU per request
# from /proc in the same window), and the two routes are listed side by side with their difference.
#
#   scripts/bench/cds-http-diff.sh [BINARY]                 # default: the release build in .build-release
#   CDS_DIFF_MODE=self CDS_DIFF_TOP=40 scripts/bench/cds-http-diff.sh BINARY
#
# CDS_DIFF_MODE: `inclusive` (default; a function with its callees, samples outside invoke only), `self` (the
# leaf function, inside and outside invoke) or `dso` (the leaf's library). Read the `self` rows of libc with care:
# glibc has no frame pointers, so malloc/free stacks stop at the allocator and land outside invoke whoever called
# them. Needs perf, wrk and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN="${1:-.build-release/release/stepwise}"
SECONDS_TO_RECORD="${CDS_DIFF_SECONDS:-10}"
PORT="${CDS_DIFF_PORT:-18099}"
MODE="${CDS_DIFF_MODE:-inclusive}"
TOP="${CDS_DIFF_TOP:-30}"
for tool in perf wrk python3; do
    command -v "$tool" >/dev/null || { echo "cds-http-diff: $tool is required" >&2; exit 69; }
done

WORK="$(mktemp -d)"
source scripts/bench/cds-common.sh
cds_write_bodies "$WORK" 50 8

STEPWISE_CDS_BENCH_SINK=1 "$BIN" serve --demo --host 127.0.0.1 --port "$PORT" --cds-insecure-development-mode \
    --log-level error > "$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cds_wait_ready "$PORT" "$SERVER" "$WORK/server.log" || exit 1

ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
for route in stepwise-patient-view _bench/sink; do
    name=$(basename "$route")
    URL="http://127.0.0.1:$PORT/cds-services/$route"
    wrk -t2 -c64 -d3s -s scripts/bench/cds-patient-view.lua "$URL" >/dev/null  # warm-up
    before=$(ticks)
    wrk -t2 -c64 -d"$((SECONDS_TO_RECORD + 1))s" -s scripts/bench/cds-patient-view.lua "$URL" \
        | grep '^CDSRESULT' > "$WORK/$name.wrk" &
    LOAD=$!
    perf record -F 999 -g -p "$SERVER" -o "$WORK/$name.data" -- sleep "$SECONDS_TO_RECORD" >/dev/null 2>&1
    wait "$LOAD"
    after=$(ticks)
    echo "$name $(cat "$WORK/$name.wrk") ticks=$((after - before)) load=$(cut -d' ' -f1 /proc/loadavg)" >> "$WORK/summary"
    perf script -i "$WORK/$name.data" -F ip,sym,dso 2>/dev/null > "$WORK/$name.script"
done
cat "$WORK/summary"

python3 - "$WORK" "$MODE" "$TOP" "$(getconf CLK_TCK)" <<'PY'
import collections, re, sys
work, mode, top, tck = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
summary = open(f"{work}/summary").read().splitlines()

def stacks(name):
    current = []
    for line in open(f"{work}/{name}.script", errors="replace"):
        line = line.strip()
        if not line:
            if current:
                yield current
            current = []
            continue
        parts = line.split(None, 1)
        text = parts[1] if len(parts) > 1 else "?"
        found = re.match(r"(.*) \((.*)\)$", text)
        current.append((found.group(1), found.group(2).rsplit("/", 1)[-1]) if found else (text, "?"))
    if current:
        yield current

per_call, cpu = {}, {}
for name in ["stepwise-patient-view", "sink"]:
    line = next(l for l in summary if l.startswith(name + " "))
    requests = int(re.search(r"requests=(\d+)", line).group(1))
    cpu[name] = int(re.search(r"ticks=(\d+)", line).group(1)) / tck * 1e6 / max(requests, 1)
    counts, total = collections.Counter(), 0
    for stack in stacks(name):
        total += 1
        inside = any("CDSHooksServiceV6invoke_" in symbol for symbol, _ in stack)
        if mode == "inclusive":
            if not inside:
                for symbol in {symbol[:100] for symbol, _ in stack}:
                    counts[symbol] += 1
            counts["(all samples outside invoke)"] += 0 if inside else 1
        elif mode == "dso":
            counts[("inside  " if inside else "outside ") + stack[0][1]] += 1
        else:
            counts[("inside  " if inside else "outside ") + stack[0][0][:100]] += 1
    per_call[name] = {key: count / max(total, 1) * cpu[name] for key, count in counts.items()}
view, sink = per_call["stepwise-patient-view"], per_call["sink"]
print(f"server CPU per request: patient-view {cpu['stepwise-patient-view']:.0f} µs, sink {cpu['sink']:.0f} µs "
      f"(perf running; mode {mode})")
print(f"{'view µs':>8} {'sink µs':>8} {'diff':>8}  function")
keys = sorted(set(view) | set(sink), key=lambda k: -abs(view.get(k, 0) - sink.get(k, 0)))
if mode == "inclusive":
    keys = ["(all samples outside invoke)"] + [k for k in keys if k != "(all samples outside invoke)"]
for key in keys[:top]:
    print(f"{view.get(key, 0):8.1f} {sink.get(key, 0):8.1f} {view.get(key, 0) - sink.get(key, 0):8.1f}  {key}")
PY
