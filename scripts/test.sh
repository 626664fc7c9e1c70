#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs every test Stepwise has, on a fresh machine as in CI:
#   1. installs what the tests need (scripts/install-test-deps.sh),
#   2. starts a throwaway PostgreSQL on 127.0.0.1 so the storage suite also runs on PostgreSQL,
#   3. builds everything and runs the Swift test suites (engine, FHIR with the fhir.resources
#      validator, storage on SQLite and PostgreSQL, server, CDS Hooks, CLI end-to-end),
#   4. runs the browser end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh

started_postgres=0
if [ -z "${STEPWISE_TEST_POSTGRES_URL:-}" ]; then
    export "$(scripts/start-test-postgres.sh | tail -n 1)"
    started_postgres=1
fi
# The PostgreSQL storage cases must run here, not be skipped.
export STEPWISE_REQUIRE_POSTGRES=1
cleanup() {
    if [ "$started_postgres" = "1" ]; then scripts/start-test-postgres.sh --stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# Warnings in our own targets are errors here (Package.swift; dependencies are not affected).
export STEPWISE_STRICT=1
swift build --build-tests
swift test --skip-build --disable-xctest

if [ -d Tests/e2e ]; then
    mkdir -p artifacts/screenshots
    python3 -m pytest -q Tests/e2e
fi
