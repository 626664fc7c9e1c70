#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the storage conformance suite.
# Idempotent: installs Debian's `postgresql` package if missing, creates the cluster once in
# $STEPWISE_PG_DIR (default /tmp/stepwise-test-postgres), starts it on a free port if it is not
# running, creates the role and database `stepwise`, and prints as its last line of stdout
#
#   STEPWISE_TEST_POSTGRES_URL=postgres://stepwise:stepwise@127.0.0.1:<port>/stepwise
#
# Usage:   export "$(scripts/start-test-postgres.sh | tail -n 1)"
# Stop:    scripts/start-test-postgres.sh --stop
# The cluster listens on loopback only and holds synthetic test data; the password is not a secret.
set -euo pipefail

DIR="${STEPWISE_PG_DIR:-/tmp/stepwise-test-postgres}"
DATA="$DIR/data"
PORT_FILE="$DIR/port"

log() { echo "start-test-postgres: $*" >&2; }

as_postgres() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    log "installing PostgreSQL from Debian's packages"
    SUDO=""
    [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
    BIN="$(find_bin)"
fi

if [ "${1:-}" = "--stop" ]; then
    if [ -d "$DATA" ]; then as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true; fi
    exit 0
fi

free_port() {
    python3 - <<'PY' 2>/dev/null && return 0
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
    # Fallback without Python: probe from 54329 upwards.
    local port=54329
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}

mkdir -p "$DIR"
if [ "$(id -u)" = "0" ]; then chown postgres: "$DIR"; fi

if [ ! -s "$DATA/PG_VERSION" ]; then
    log "creating a cluster in $DATA"
    PWFILE="$(mktemp)"
    echo "postgres" >"$PWFILE"
    chmod 644 "$PWFILE"
    as_postgres "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$PWFILE" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale >&2
    rm -f "$PWFILE"
fi

if ! as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    PORT="$(free_port)"
    echo "$PORT" >"$PORT_FILE"
    log "starting on 127.0.0.1:$PORT"
    as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=300" start >&2
fi
PORT="$(cat "$PORT_FILE")"

psql_admin() { as_postgres "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'stepwise'")" != "1" ]; then
    psql_admin -c "CREATE ROLE stepwise LOGIN PASSWORD 'stepwise'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'stepwise'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE stepwise OWNER stepwise" >&2
fi

echo "STEPWISE_TEST_POSTGRES_URL=postgres://stepwise:stepwise@127.0.0.1:$PORT/stepwise"
