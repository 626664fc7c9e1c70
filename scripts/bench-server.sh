#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Load test of the clinic server with 10 000 synthetic patients in a SQLite store, measured with
# wrk next to a trivial route (/healthz) in the same run. Prints a Markdown table for
# docs/PERFORMANCE.md ("Clinic server").
#
# Usage: scripts/bench-server.sh [patients=10000] [seconds=10] [connections=16]
# Needs: wrk (apt-get install wrk), curl, a release build (built here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

PATIENTS="${1:-10000}"
SECONDS_PER_RUN="${2:-10}"
CONNECTIONS="${3:-16}"
BIN="${STEPWISE_BIN:-.build/release/stepwise}"
WORK="$(mktemp -d /tmp/stepwise-bench-server.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"

if [ ! -x "$BIN" ]; then
    echo "building the release binary" >&2
    swift build -c release --product stepwise >&2
fi

cleanup() {
    if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "seeding $PATIENTS synthetic patients into $WORK/clinic.sqlite and starting the server on $BASE" >&2
"$BIN" serve --host 127.0.0.1 --port "$PORT" --database "$WORK/clinic.sqlite" --demo --demo-patients "$PATIENTS" \
    --log-level notice >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    if curl -fs "$BASE/healthz" >/dev/null 2>&1; then break; fi
    sleep 0.5
done
curl -fs "$BASE/healthz" >/dev/null

# Sign in as the demo clinician and create an API token.
curl -fs -c "$WORK/jar" "$BASE/login" -o "$WORK/login.html"
CSRF="$(grep -o 'name="_csrf" value="[^"]*"' "$WORK/login.html" | head -1 | sed 's/.*value="//;s/"$//')"
curl -fs -b "$WORK/jar" -c "$WORK/jar" -o /dev/null \
    --data "_csrf=$CSRF&email=clinician%40demo.stepwise&password=stepwise-demo&next=%2F" "$BASE/login"
SESSION="$(awk '$6 == "stepwise_session" { print $7 }' "$WORK/jar")"
[ -n "$SESSION" ] || { echo "sign-in failed" >&2; exit 1; }
curl -fs -b "$WORK/jar" "$BASE/account/tokens" -o "$WORK/tokens.html"
CSRF="$(grep -o 'name="_csrf" value="[^"]*"' "$WORK/tokens.html" | head -1 | sed 's/.*value="//;s/"$//')"
TOKEN="$(curl -fs -b "$WORK/jar" --data "_csrf=$CSRF&name=bench" "$BASE/account/tokens" | grep -o '<code id="new-token">[^<]*' | sed 's/.*>//')"
[ -n "$TOKEN" ] || { echo "token creation failed" >&2; exit 1; }

# Warm the registry cache (the refresher does this at start-up; wait until it has).
START=$(date +%s.%N)
curl -fs -b "$WORK/jar" "$BASE/patients" -o /dev/null
echo "first registry page (cache warm-up if still needed): $(python3 -c "print(round($(date +%s.%N) - $START, 2))") s" >&2

run() { # name, path, header
    local name="$1" path="$2" header="$3"
    local out
    out="$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "$header" "$BASE$path")"
    local rps p50 p99 non2xx
    rps="$(echo "$out" | awk '/Requests\/sec/ { print $2 }')"
    p50="$(echo "$out" | awk '$1 == "50%" { print $2 }')"
    p99="$(echo "$out" | awk '$1 == "99%" { print $2 }')"
    non2xx="$(echo "$out" | awk '/Non-2xx/ { print $4 }')"
    printf '| %s | `%s` | %s | %s | %s | %s |\n' "$name" "$path" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

COOKIE="Cookie: stepwise_session=$SESSION"
BEARER="Authorization: Bearer $TOKEN"
echo
echo "$PATIENTS patients (SQLite, WAL), wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| Route | Path | Requests/s | p50 | p99 | Non-2xx |"
echo "|---|---|---:|---:|---:|---:|"
run "trivial (baseline)" "/healthz" "X-Bench: 1"
run "registry page (web)" "/patients" "$COOKIE"
run "registry filtered, sorted" "/patients?flag=not-improving&sort=phq9&dir=desc" "$COOKIE"
run "registry (API)" "/api/v1/registry?size=50" "$BEARER"
run "patient page (web)" "/patients/DEMO-001" "$COOKIE"
run "assessment (API)" "/api/v1/patients/SYN-00042/assessment" "$BEARER"
run "trivial (baseline, again)" "/healthz" "X-Bench: 1"
