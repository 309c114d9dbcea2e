#!/usr/bin/env bash
# make erase ID=... / make purge; with PROFILE=prod they work on production mode's PostgreSQL.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
source scripts/env.sh
if [ "${PROFILE:-}" = prod ]; then
  bash scripts/services.sh start >/dev/null
  eval "$(bash scripts/services.sh env)"
fi
"$PY" scripts/health_data.py "$@"
