#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Registry cold start: seeds N synthetic patients into a fresh SQLite file (`serve --demo
# --demo-patients N`), then reports how long the start-up refresh took to build and store every
# registry row (the server's "registry cache refreshed" log line), and the first registry page.
#
# Usage: scripts/bench-registry-start.sh [patients=10000]
# Environment: STEPWISE_BIN (default .build-release/release/stepwise, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

PATIENTS="${1:-10000}"
BIN="${STEPWISE_BIN:-.build-release/release/stepwise}"
WORK="$(mktemp -d /tmp/stepwise-bench-registry.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

if [ ! -x "$BIN" ]; then
    echo "building the release binary" >&2
    swift build -c release --scratch-path .build-release --product stepwise >&2
fi
cleanup() {
    if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

START=$(date +%s.%N)
"$BIN" serve --host 127.0.0.1 --port "$PORT" --database "$WORK/clinic.sqlite" --demo --demo-patients "$PATIENTS" \
    --log-level info >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 1200); do
    if grep -q "registry cache refreshed" "$WORK/server.log" 2>/dev/null; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.25
done
TOTAL=$(python3 -c "print(round($(date +%s.%N) - $START, 1))")
LINE="$(grep "registry cache refreshed" "$WORK/server.log" | head -1)"
ROWS="$(echo "$LINE" | grep -o 'stepwise.registry.rows=[0-9]*' | cut -d= -f2)"
ELAPSED="$(echo "$LINE" | grep -o 'stepwise.elapsed=[0-9.e+-]* seconds' | cut -d= -f2)"
echo "$PATIENTS generated patients (+ demo patients), fresh SQLite file (WAL, synchronous=FULL), $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "registry rows built and stored at start-up: ${ROWS:-?} in ${ELAPSED:-?} (seeding + refresh: ${TOTAL} s)"
