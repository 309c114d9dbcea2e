#!/usr/bin/env bash
# make audit-deps: pip-audit over requirements.lock (every pinned package, no resolution), in its own
# virtualenv so it cannot disturb the assistant's pins. Writes results/pip-audit.json and prints a summary.
# Exit status: 0 clean, 1 a vulnerability not triaged in the README, 2 some packages could not be checked.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
TOOLS=var/tools/pip-audit
if [ ! -x "$TOOLS/bin/pip-audit" ]; then
  python3.11 -m venv "$TOOLS"
  "$TOOLS/bin/pip" install --quiet --disable-pip-version-check pip-audit==2.10.1 2>&1 | grep -v "^WARNING: Location" || true
fi
mkdir -p results
"$TOOLS/bin/pip-audit" --no-deps --disable-pip -r requirements.lock --progress-spinner off \
  -f json -o results/pip-audit.json 2>results/pip-audit.log || true
python3 scripts/dependency_audit_summary.py results/pip-audit.json README.md
