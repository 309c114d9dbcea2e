#!/usr/bin/env bash
# Runs a store tool (scripts/audit_export.py, scripts/health_data.py) on this machine's stores: the
# SQLite files by default; with PROFILE=prod, production mode's PostgreSQL (started if needed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
source scripts/env.sh
if [ "${PROFILE:-}" = prod ]; then
  bash scripts/services.sh start >/dev/null
  eval "$(bash scripts/services.sh env)"
fi
"$PY" "$@"
