#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Bulk-import benchmark: generates a FHIR Bulk Data export (N Observations plus Patients,
# MedicationRequests and Conditions), then measures on the same files, in the same run:
#   1. Python orjson: raw parse of every Observation line (near the parse limit of this machine)
#   2. Python fhir.resources: R4B model parse (on a sample, scaled; what a Python user would use)
#   3. Foundation JSONDecoder into Stepwise's R4 Codable structs
#   4. Stepwise's bulk decoder alone (validating tape decoder into the same R4 structs)
#   5. `stepwise import` in full (parse + map + store into a fresh SQLite file) of
#      Patient.ndjson + Observation.ndjson, and of the whole export
# Release build. Prints resources/s side by side and the ratio to orjson.
#
#   scripts/bench-import.sh [--observations 200000] [--sample 5000] [--work DIR]
#
# Needs: python3 with orjson and fhir.resources (7.x, R4B models), GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

OBSERVATIONS=200000
SAMPLE=5000
WORK=""
while [ $# -gt 0 ]; do
  case "$1" in
    --observations) OBSERVATIONS="$2"; shift 2 ;;
    --sample) SAMPLE="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    *) echo "usage: $0 [--observations N] [--sample N] [--work DIR]" >&2; exit 64 ;;
  esac
done
if [ -z "$WORK" ]; then WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$WORK"

if [ -n "${STEPWISE_BIN:-}" ]; then
  BIN="$STEPWISE_BIN"  # a binary built elsewhere (must be a release build for real figures)
else
  echo "== building (release, .build-release)" >&2
  swift build -c release --scratch-path .build-release --product stepwise >&2
  BIN="$(swift build -c release --scratch-path .build-release --show-bin-path)/stepwise"
fi

echo "== generating $OBSERVATIONS Observations" >&2
python3 scripts/gen-ndjson.py --out "$WORK/export" --observations "$OBSERVATIONS"
OBS="$WORK/export/Observation.ndjson"
mkdir -p "$WORK/pair"
ln -sf "$WORK/export/Patient.ndjson" "$WORK/pair/Patient.ndjson"
ln -sf "$OBS" "$WORK/pair/Observation.ndjson"
cat "$WORK"/export/*.ndjson > /dev/null  # warm the page cache

lines() { wc -l < "$1" | tr -d ' '; }
N_OBS=$(lines "$OBS")
N_PAIR=$(( N_OBS + $(lines "$WORK/export/Patient.ndjson") ))
N_ALL=$(cat "$WORK"/export/*.ndjson | wc -l | tr -d ' ')

echo "== orjson" >&2
ORJSON=$(python3 - "$OBS" <<'PY'
import sys, time, orjson
t = time.perf_counter(); n = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        orjson.loads(line); n += 1
print(n / (time.perf_counter() - t))
PY
)

echo "== fhir.resources (sample of $SAMPLE)" >&2
FHIRRES=$(python3 - "$OBS" "$SAMPLE" <<'PY'
import sys, time, itertools
from fhir.resources.R4B.observation import Observation
with open(sys.argv[1], "rb") as f:
    sample = list(itertools.islice(f, int(sys.argv[2])))
t = time.perf_counter()
for line in sample:
    Observation.parse_raw(line)
print(len(sample) / (time.perf_counter() - t))
PY
)

decoder() {  # prints resources/s of `stepwise import --benchmark-decoder $1` on the Observation file
  local out
  out=$("$BIN" import --benchmark-decoder "$1" "$OBS")
  set -- $out
  [ "$3" = "0" ] || echo "warning: $3 lines failed to decode" >&2
  python3 -c "print($2 / $4)"
}
echo "== Foundation JSONDecoder" >&2
FOUNDATION=$(decoder foundation)
echo "== Stepwise decoder" >&2
STEPWISE=$(decoder stepwise)

full_import() {  # $1 folder, $2 resources; prints "resources/s peak-MiB"
  local db="$WORK/bench-$RANDOM.sqlite" start end rss
  rm -f "$db"*
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" import "$1" --database "$db" --quiet --json > "$WORK/summary.json"
  end=$(date +%s.%N)
  rss=$(cat "$WORK/rss")
  python3 -c "print('%.0f %.0f' % ($2 / ($end - $start), $rss / 1024))"
  rm -f "$db"*
}
echo "== stepwise import (Patient + Observation)" >&2
read -r IMPORT_PAIR RSS_PAIR <<< "$(full_import "$WORK/pair" "$N_PAIR")"
cp "$WORK/summary.json" "$WORK/summary-pair.json"
echo "== stepwise import (whole export)" >&2
read -r IMPORT_ALL RSS_ALL <<< "$(full_import "$WORK/export" "$N_ALL")"
cp "$WORK/summary.json" "$WORK/summary-all.json"

python3 - "$ORJSON" "$FHIRRES" "$FOUNDATION" "$STEPWISE" "$IMPORT_PAIR" "$IMPORT_ALL" \
  "$N_OBS" "$N_PAIR" "$N_ALL" "$RSS_PAIR" "$RSS_ALL" "$(du -m "$OBS" | cut -f1)" <<'PY'
import sys
o, fr, fd, sw, ip, ia = map(float, sys.argv[1:7])
n_obs, n_pair, n_all, rss_pair, rss_all, mib = sys.argv[7:]
rows = [
    (f"Python orjson raw parse ({n_obs} Observation lines, {mib} MiB)", o),
    ("Python fhir.resources R4B parse (sample, scaled)", fr),
    ("Foundation JSONDecoder into R4 structs", fd),
    ("Stepwise bulk decoder (validate + decode into R4 structs)", sw),
    (f"stepwise import Patient+Observation ({n_pair} resources; peak {rss_pair} MiB)", ip),
    (f"stepwise import whole export ({n_all} resources; peak {rss_all} MiB)", ia),
]
print(f"{'measurement':<82} {'resources/s':>12} {'x orjson':>9}")
for name, rate in rows:
    print(f"{name:<82} {rate:>12,.0f} {rate / o:>9.2f}")
PY
python3 - "$WORK/summary-pair.json" "$WORK/summary-all.json" <<'PY'
import json, sys
for path, label in zip(sys.argv[1:], ["Patient+Observation", "whole export"]):
    s = json.load(open(path))
    print(f"{label}: read {s['resourcesRead']}, mapped {s['mapped']}, not used {sum(s['notUsed'].values())}, "
          f"rejected {sum(s['rejected'].values())}, patients {s['patientsCreated']}; "
          f"mapping {s['mappingSeconds']:.2f} s, storing {s['storingSeconds']:.2f} s (inside the pipeline)")
PY
