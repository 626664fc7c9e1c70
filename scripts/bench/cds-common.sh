# Shared by scripts/bench-cds.sh, scripts/bench/cds-ab.sh, cds-profile.sh, cds-hops.sh and cds-mallocs.sh (sourced, from the
# repository root).

# cds_write_bodies DIR OBSERVATIONS COUNT: writes COUNT rotated synthetic patient-view bodies
# (make-cds-body.py OBSERVATIONS 0..COUNT-1) into DIR and exports their paths, colon-separated, as CDS_BODIES
# (read by scripts/bench/cds-patient-view.lua).
cds_write_bodies() {
    local dir="$1" observations="$2" count="$3" variant
    CDS_BODIES=""
    for variant in $(seq 0 $((count - 1))); do
        python3 scripts/bench/make-cds-body.py "$observations" "$variant" > "$dir/patient-view-$variant.json"
        CDS_BODIES="${CDS_BODIES:+$CDS_BODIES:}$dir/patient-view-$variant.json"
    done
    export CDS_BODIES
}

# cds_wait_ready PORT PID LOG: waits up to 20 s for GET /healthz on 127.0.0.1:PORT; returns 1 (after printing
# LOG) if the server process PID exits first.
cds_wait_ready() {
    local port="$1" pid="$2" log="$3"
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        kill -0 "$pid" 2>/dev/null || { echo "server exited:" >&2; cat "$log" >&2; return 1; }
        sleep 0.2
    done
}

# cds_start_probed_server BIN PORT WORK EVENT: starts `BIN serve --demo` (development mode, bench sink on) on
# 127.0.0.1:PORT with its log in WORK/server.log, sets SERVER to its pid, and installs an EXIT trap that stops
# it, deletes the perf probe EVENT and removes WORK (used by cds-hops.sh and cds-mallocs.sh).
cds_start_probed_server() {
    local bin="$1" port="$2"
    CDS_PROBE_WORK="$3" CDS_PROBE_EVENT="$4"
    STEPWISE_CDS_BENCH_SINK=1 "$bin" serve --demo --host 127.0.0.1 --port "$port" --cds-insecure-development-mode \
        --log-level error > "$CDS_PROBE_WORK/server.log" 2>&1 &
    SERVER=$!
    trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true;
          perf probe -q -d "$CDS_PROBE_EVENT" 2>/dev/null || true; rm -rf "$CDS_PROBE_WORK"' EXIT
}
