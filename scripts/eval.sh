#!/usr/bin/env bash
# Starts the real servers on spare ports and runs every vignette file through the REST channel.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
source scripts/env.sh
mkdir -p results var/eval
export RASA_PORT=5205 ACTION_PORT=5255 RASA_AUTH_TOKEN=eval-token LOG_DIR=var/eval ADDRESS_RATE_LIMIT=0   # one client plays every family
export TRACKER_DB="$ROOT/var/eval/tracker.db"; rm -f "$TRACKER_DB"
export MODEL="${MODEL:-$(bash scripts/train.sh)}"
bash scripts/serve.sh >var/eval/serve.out 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:${RASA_PORT}/status?token=${RASA_AUTH_TOKEN}" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat var/eval/serve.out; exit 1; }
  sleep 1
done
"$PY" scripts/evaluate.py --url "http://127.0.0.1:${RASA_PORT}" "$@"
