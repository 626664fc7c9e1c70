#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Rewrites the example snapshots that ExampleSnapshotTests compares `stepwise assess` with:
# Tests/StepwiseCLITests/Snapshots/<example>.<json|text|markdown>, as of 2026-11-21.
# Run it only for an intended change of the reports (wording, a knowledge-version bump), then
# read `git diff Tests/StepwiseCLITests/Snapshots` before committing: every changed line should be one
# you meant to change.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product stepwise >/dev/null
out=Tests/StepwiseCLITests/Snapshots
mkdir -p "$out"
for file in Examples/*.json Examples/*.yaml; do
    name=$(basename "$file")
    for format in json text markdown; do
        .build/debug/stepwise assess "$file" --as-of 2026-11-21 --format "$format" > "$out/$name.$format"
    done
done
echo "snapshots written to $out"
