#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# A/B of two stepwise builds on CDS Hooks patient-view, made for a busy machine: both servers run at
# the same time, and short wrk runs alternate between them (A, B, A, B, ...), so both see the same load
# from the rest of the machine. Each run prints the server's CPU time per request (user + system from
# /proc, the load-robust figure), requests/s and p99. Compare the paired rounds, not single figures.
#
#   scripts/bench/cds-ab.sh OLD_BINARY NEW_BINARY           # 5 rounds of 5 s each, 64 connections
#   CDS_AB_ROUNDS=8 CDS_AB_SECONDS=5 CDS_AB_CONNECTIONS=64 scripts/bench/cds-ab.sh A B
#
# Run it twice with the binaries swapped to cancel any first-or-second effect. Needs wrk and python3;
# bodies are the bench's 8 rotated synthetic patients (make-cds-body.py 50 0..7).
set -euo pipefail
cd "$(dirname "$0")/../.."

[ $# -eq 2 ] || { echo "usage: scripts/bench/cds-ab.sh BINARY_A BINARY_B" >&2; exit 64; }
A="$1"
B="$2"
ROUNDS="${CDS_AB_ROUNDS:-5}"
SECONDS_PER_RUN="${CDS_AB_SECONDS:-5}"
CONNECTIONS="${CDS_AB_CONNECTIONS:-64}"
PORT_A="${CDS_AB_PORT:-18093}"
PORT_B=$((PORT_A + 1))

command -v wrk >/dev/null || { echo "cds-ab: wrk is required (apt-get install wrk)" >&2; exit 69; }

WORK="$(mktemp -d)"
source scripts/bench/cds-common.sh
cds_write_bodies "$WORK" 50 8

"$A" serve --demo --host 127.0.0.1 --port "$PORT_A" --cds-insecure-development-mode --log-level error \
    > "$WORK/a.log" 2>&1 &
SERVER_A=$!
"$B" serve --demo --host 127.0.0.1 --port "$PORT_B" --cds-insecure-development-mode --log-level error \
    > "$WORK/b.log" 2>&1 &
SERVER_B=$!
cleanup() {
    kill "$SERVER_A" "$SERVER_B" 2>/dev/null || true
    wait "$SERVER_A" "$SERVER_B" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
cds_wait_ready "$PORT_A" "$SERVER_A" "$WORK/a.log" || exit 1
cds_wait_ready "$PORT_B" "$SERVER_B" "$WORK/b.log" || exit 1

URL=/cds-services/stepwise-patient-view
LUA=scripts/bench/cds-patient-view.lua
THREADS=$((CONNECTIONS < 2 ? 1 : 2))
for port in "$PORT_A" "$PORT_B"; do  # warm-up
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$LUA" "http://127.0.0.1:$port$URL" >/dev/null
done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
echo "round build server_cpu_us_per_request requests_per_s p99_ms load"
for round in $(seq 1 "$ROUNDS"); do
    for side in A B; do
        if [ "$side" = A ]; then pid=$SERVER_A port=$PORT_A; else pid=$SERVER_B port=$PORT_B; fi
        before=$(ticks "$pid")
        line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$LUA" \
            "http://127.0.0.1:$port$URL" | grep '^CDSRESULT')
        after=$(ticks "$pid")
        python3 - "$round" "$side" "$line" "$before" "$after" "$(getconf CLK_TCK)" \
            "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import sys
round_, side, line, before, after, tck, load = sys.argv[1:8]
fields = dict(f.split("=", 1) for f in line.split()[1:])
requests = max(int(fields["requests"]), 1)
cpu = (int(after) - int(before)) / int(tck) * 1e6 / requests
print(f"{round_} {side} {cpu:.0f} {float(fields['rps']):.0f} {float(fields['p99_ms']):.1f} {load}")
PY
    done
done
