#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Jobs Swift concurrency queues per request (a uprobe on swift_task_enqueue in libswift_Concurrency) for
# patient-view, the body sink and the trivial route on one release `stepwise serve`, 4 keep-alive connections.
# With NIO's event loops as Swift's global executor (`stepwise serve`), each hop to the generic executor is one
# such job: a load-independent count of what the HTTP path and the middlewares cost besides the work itself.
#
#   scripts/bench/cds-hops.sh [BINARY]          # default: the release build in .build-release
#
# Needs perf with uprobes (root), wrk and python3. Adds its probe and removes it on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN="${1:-.build-release/release/stepwise}"
PORT="${CDS_HOPS_PORT:-18099}"
for tool in perf wrk python3; do
    command -v "$tool" >/dev/null || { echo "cds-hops: $tool is required" >&2; exit 69; }
done
LIB=$(ldd "$BIN" | grep -o '/[^ ]*libswift_Concurrency.so[^ ]*' | head -1)
[ -n "$LIB" ] || { echo "cds-hops: $BIN does not load libswift_Concurrency.so" >&2; exit 1; }
EVENT=cdshops:swift_task_enqueue

WORK="$(mktemp -d)"
source scripts/bench/cds-common.sh
cds_write_bodies "$WORK" 50 8

cds_start_probed_server "$BIN" "$PORT" "$WORK" "$EVENT"
cds_wait_ready "$PORT" "$SERVER" "$WORK/server.log" || exit 1
perf probe -q -x "$LIB" -a "cdshops:swift_task_enqueue=swift_task_enqueue" >/dev/null

echo "route enqueued_jobs_per_request requests"
for route in "cds-patient-view.lua /cds-services/stepwise-patient-view" "cds-patient-view.lua /cds-services/_bench/sink" \
    "cds-trivial.lua /healthz"; do
    set -- $route
    wrk -t1 -c4 -d1s -s "scripts/bench/$1" "http://127.0.0.1:$PORT$2" >/dev/null  # warm-up
    perf stat -e "$EVENT" -p "$SERVER" -o "$WORK/stat.txt" -- sleep 2.6 &
    STAT=$!
    sleep 0.3
    requests=$(wrk -t1 -c4 -d2s -s "scripts/bench/$1" "http://127.0.0.1:$PORT$2" | grep '^CDSRESULT' \
        | sed 's/.*requests=\([0-9]*\).*/\1/')
    wait "$STAT"
    jobs=$(grep "$EVENT" "$WORK/stat.txt" | awk '{gsub(",", "", $1); print $1}')
    python3 -c "import sys; print(sys.argv[1], f'{int(sys.argv[2]) / max(int(sys.argv[3]), 1):.1f}', sys.argv[3])" \
        "$2" "$jobs" "$requests"
done
