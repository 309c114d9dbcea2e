#!/usr/bin/env bash
# Starts the action server and the Rasa server (REST + socket.io, HTTP API behind a token) and stops
# both when this script is stopped. Ports and the interface come from the environment (see README).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
source scripts/env.sh
RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${ACTION_PORT:-5055}"
RASA_INTERFACE="${RASA_INTERFACE:-127.0.0.1}"
export ACTION_ENDPOINT_URL="http://127.0.0.1:${ACTION_PORT}/webhook"
export SANIC_HOST=127.0.0.1            # the action server is never reachable from outside this machine
export TWILIO_AUTH_TOKEN="${TWILIO_AUTH_TOKEN:-}" SMS_PUBLIC_URL="${SMS_PUBLIC_URL:-}"
export SMS_OPT_OUT_DB="${SMS_OPT_OUT_DB:-$(dirname "$TRACKER_DB")/sms-opt-out.db}"
export TRACKER_DB_URL="${TRACKER_DB_URL:-sqlite:///${TRACKER_DB}}"
ENDPOINTS="${ENDPOINTS:-endpoints.yml}"       # endpoints.prod.yml: PostgreSQL + Redis (scripts/serve-prod.sh)
export WEBCHAT_ORIGINS="${WEBCHAT_ORIGINS:-http://localhost:${RASA_PORT},http://127.0.0.1:${RASA_PORT}}"
model="${MODEL:-$(bash scripts/train.sh)}"
if [ -n "${PROJECT_DIR:-}" ]; then            # another assistant served the same way (the benchmark's stock bot)
  cd "$PROJECT_DIR"; export PYTHONPATH="$PROJECT_DIR"
fi
mkdir -p "$(dirname "$TRACKER_DB")" var/log
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
  RASA_AUTH_TOKEN="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')"
  echo "RASA_AUTH_TOKEN was not set; generated one for this run: ${RASA_AUTH_TOKEN}"
fi

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop INT TERM EXIT

if [ -z "${NO_ACTION_SERVER:-}" ]; then        # NO_ACTION_SERVER=1: fault testing, Rasa alone
  "$PY" "$ROOT/scripts/action_server.py" --port "$ACTION_PORT" >>"${LOG_DIR:-var/log}/actions.log" 2>&1 &
  pids+=($!)
fi
"$RASA" run --model "$model" --enable-api --auth-token "$RASA_AUTH_TOKEN" \
  --interface "$RASA_INTERFACE" --port "$RASA_PORT" \
  --endpoints "$ENDPOINTS" --credentials credentials.yml --cors "http://localhost:${RASA_PORT}" \
  >>"${LOG_DIR:-var/log}/rasa.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:${RASA_PORT}/status?token=${RASA_AUTH_TOKEN}" >/dev/null 2>&1 && break
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a server exited; see var/log/" >&2; exit 1; }; done
  sleep 1
done
stores="SQLite ${TRACKER_DB}"; [ "$ENDPOINTS" = endpoints.prod.yml ] && stores="PostgreSQL + Redis lock store (production mode)"
cat <<MSG

The ITB pump helper is running (model ${model}).
  Stores:      ${stores}; audit trail: make audit-export
  Web chat:    http://localhost:${RASA_PORT}/webhooks/webchat/chat
  Talk to it:  curl -s -XPOST localhost:${RASA_PORT}/webhooks/rest/webhook -d '{"sender":"a","message":"the pump is beeping"}'
  HTTP API:    http://localhost:${RASA_PORT}/conversations/a/tracker?token=\$RASA_AUTH_TOKEN
  Logs:        var/log/  (no message text at the default level)
Press Ctrl-C to stop both servers.
MSG
wait -n "${pids[@]}"
