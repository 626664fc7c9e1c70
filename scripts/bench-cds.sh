#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# CDS Hooks patient-view throughput and latency next to a trivial route (GET /healthz) and the HTTP floor
# of a hook-sized request (the same bodies POSTed to /cds-services/_bench/sink, which only collects them and answers
# 204; served only with STEPWISE_CDS_BENCH_SINK=1 in development mode) on the same server (`stepwise
# serve`, release build), in the same run.
#
#   scripts/bench-cds.sh            # release build, 64 connections, 15 s per load
#
# Needs wrk (Debian: apt-get install wrk) and python3. Environment overrides: CDS_BENCH_PORT (18089),
# CDS_BENCH_DURATION (15s), CDS_BENCH_CONNECTIONS (64), CDS_BENCH_THREADS (2), CDS_BENCH_OBSERVATIONS (50),
# CDS_BENCH_PATIENTS (8: different synthetic patients whose bodies the hook requests rotate through),
# CDS_BENCH_SKIP_BUILD=1 to reuse the last release build (in .build-release, the shared release folder),
# CDS_BENCH_BIN=path to measure another stepwise binary (e.g. a copy of an earlier build, for A/B runs).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${CDS_BENCH_PORT:-18089}"
DURATION="${CDS_BENCH_DURATION:-15s}"
CONNECTIONS="${CDS_BENCH_CONNECTIONS:-64}"
THREADS="${CDS_BENCH_THREADS:-2}"
OBSERVATIONS="${CDS_BENCH_OBSERVATIONS:-50}"
PATIENTS="${CDS_BENCH_PATIENTS:-8}"
SCRATCH=(--scratch-path .build-release)
# wrk needs at least one connection per thread (CDS_BENCH_CONNECTIONS=1 measures one call at a time).
if [ "$THREADS" -gt "$CONNECTIONS" ]; then THREADS="$CONNECTIONS"; fi

command -v wrk >/dev/null || { echo "bench-cds: wrk is required (apt-get install wrk)" >&2; exit 69; }
command -v python3 >/dev/null || { echo "bench-cds: python3 is required" >&2; exit 69; }

if [ "${CDS_BENCH_SKIP_BUILD:-0}" != "1" ]; then
    swift build -c release "${SCRATCH[@]}" --product stepwise
fi
BIN="${CDS_BENCH_BIN:-$(swift build -c release "${SCRATCH[@]}" --show-bin-path)/stepwise}"

WORK="$(mktemp -d)"
source scripts/bench/cds-common.sh
cds_write_bodies "$WORK" "$OBSERVATIONS" "$PATIENTS"   # exports CDS_BODIES for scripts/bench/cds-patient-view.lua
BODIES="$CDS_BODIES"
BODY="$WORK/patient-view-0.json"

# The clinic server with its in-memory demo store (loopback only) and CDS Hooks in development mode
# (JWT verification off: wrk cannot sign a fresh jti per request). Logging at error level for both routes.
# STEPWISE_CDS_BENCH_SINK=1 (benchmark only, needs development mode) adds POST /cds-services/_bench/sink, which
# collects the body as a hook call does and answers 204: the HTTP floor of a hook-sized request.
STEPWISE_CDS_BENCH_SINK=1 "$BIN" serve --demo --host 127.0.0.1 --port "$PORT" --cds-insecure-development-mode --log-level error \
    > "$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

cds_wait_ready "$PORT" "$SERVER" "$WORK/server.log" || exit 1

# The hook must answer 200 with cards for every patient before it is worth measuring.
CARDS=""
for body in ${BODIES//:/ }; do
    STATUS=$(curl -sS -o "$WORK/answer.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        --data-binary @"$body" "http://127.0.0.1:$PORT/cds-services/stepwise-patient-view")
    if [ "$STATUS" != "200" ] || ! grep -q '"cards"' "$WORK/answer.json"; then
        echo "bench-cds: patient-view answered HTTP $STATUS:" >&2; head -c 600 "$WORK/answer.json" >&2; exit 1
    fi
    CARDS="$CARDS$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cards"]))' "$WORK/answer.json") "
done

# The server's CPU time so far (user + system) in clock ticks, from /proc.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
run() { # $1 label, $2 lua, $3 path; adds the server's CPU time per request (load-independent-ish)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$2" "http://127.0.0.1:$PORT$3" >/dev/null  # warm-up
    local before after line
    before=$(cpu_ticks)
    line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$2" \
        "http://127.0.0.1:$PORT$3" | grep '^CDSRESULT' | sed "s/^CDSRESULT/$1/")
    after=$(cpu_ticks)
    python3 - "$line" "$before" "$after" "$(getconf CLK_TCK)" <<'PY'
import sys
line, before, after, tck = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
requests = int(dict(f.split("=", 1) for f in line.split()[1:])["requests"])
print(f"{line} cpu_us={(after - before) / tck * 1e6 / max(requests, 1):.0f}")
PY
}
TRIVIAL=$(run trivial scripts/bench/cds-trivial.lua /healthz)
# The same bodies POSTed to the sink (skipped for a binary without it, e.g. an older build via CDS_BENCH_BIN).
SINK=""
SINK_STATUS=$(curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$BODY" \
    "http://127.0.0.1:$PORT/cds-services/_bench/sink")
if [ "$SINK_STATUS" = "204" ]; then
    SINK=$(run body-sink scripts/bench/cds-patient-view.lua /cds-services/_bench/sink)
else
    echo "bench-cds: no /cds-services/_bench/sink in this binary (HTTP $SINK_STATUS); body-sink row skipped" >&2
fi
HOOK=$(run patient-view scripts/bench/cds-patient-view.lua /cds-services/stepwise-patient-view)

field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
echo
echo "CDS Hooks benchmark: $CONNECTIONS connections, $THREADS wrk threads, $DURATION per load, $(nproc) cores shared by wrk and server"
echo "patient-view bodies: $PATIENTS patients rotated, $(wc -c < "$BODY") bytes each (about), $OBSERVATIONS observations; cards per patient: $CARDS"
printf '%-14s %12s %10s %10s %10s %8s %8s %14s\n' route "requests/s" "p50 ms" "p99 ms" "max ms" errors non2xx \
    "server CPU/req"
for line in "$TRIVIAL" ${SINK:+"$SINK"} "$HOOK"; do
    printf '%-14s %12s %10s %10s %10s %8s %8s %11s µs\n' "$(echo "$line" | cut -d' ' -f1)" "$(field "$line" rps)" \
        "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" "$(field "$line" max_ms)" "$(field "$line" errors)" \
        "$(field "$line" non2xx)" "$(field "$line" cpu_us)"
done
python3 - "$(field "$TRIVIAL" rps)" "$(field "$HOOK" rps)" "$(field "$HOOK" p99_ms)" <<'PY'
import sys
trivial, hook, p99 = map(float, sys.argv[1:4])
ratio = hook / trivial if trivial else 0
print(f"patient-view / trivial throughput: {ratio:.1%} (goal >= 50%: {'met' if ratio >= 0.5 else 'NOT met'}); "
      f"p99 {p99:.2f} ms (goal < 20 ms: {'met' if p99 < 20 else 'NOT met'})")
PY
