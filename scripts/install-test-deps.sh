#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs what the test suite needs on a fresh Debian machine, and nothing that is already there:
#   - Debian: postgresql (storage conformance on PostgreSQL), chromium + chromium-driver (browser
#     end-to-end tests)
#   - PyPI: fhir.resources (external FHIR R4B validator), selenium + pytest (browser tests),
#     jsonschema + PyYAML (record schema check), openapi-spec-validator (OpenAPI document check)
# Idempotent; safe to run before every test run.
set -euo pipefail

log() { echo "install-test-deps: $*" >&2; }

SUDO=""
[ "$(id -u)" = "0" ] || SUDO="sudo"

missing_debs=()
for pkg in postgresql chromium chromium-driver; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing_debs+=("$pkg")
done
if [ "${#missing_debs[@]}" -gt 0 ]; then
    log "apt-get install ${missing_debs[*]}"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing_debs[@]}" >&2
fi

PY_REQUIREMENTS=(
    "fhir.resources==7.1.0"
    "selenium>=4.10"
    "pytest>=7"
    "jsonschema>=4"
    "PyYAML>=6"
    "openapi-spec-validator>=0.7"
)
need_pip=0
python3 - <<'PY' || need_pip=1
import importlib, sys
for module in ("fhir.resources.R4B", "selenium", "pytest", "jsonschema", "yaml", "openapi_spec_validator"):
    importlib.import_module(module)
from importlib.metadata import version
sys.exit(0 if version("fhir.resources") == "7.1.0" else 1)
PY
if [ "$need_pip" = "1" ]; then
    log "pip install ${PY_REQUIREMENTS[*]}"
    python3 -m pip install --quiet --disable-pip-version-check "${PY_REQUIREMENTS[@]}" >&2
fi
log "ok"
