#!/usr/bin/env bash
# Starts the real servers on spare ports and runs every vignette and family through the REST channel.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
source scripts/env.sh
mkdir -p results var/eval
export RASA_PORT=5205 ACTION_PORT=5255 RASA_AUTH_TOKEN=eval-token LOG_DIR=var/eval ADDRESS_RATE_LIMIT=0   # one client plays every family
export TRACKER_DB="$ROOT/var/eval/tracker.db"; rm -f "$TRACKER_DB"
export MODEL="${MODEL:-$(bash scripts/train.sh)}"
"$PY" scripts/evaluate.py --serve --url "http://127.0.0.1:${RASA_PORT}" "$@"
