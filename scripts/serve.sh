#!/usr/bin/env bash
# Starts the action server and the Rasa server (REST + socket.io, HTTP API behind a token) under
# supervisord, which restarts either one if it crashes while the other stays up; stopping this script
# (SIGTERM, Ctrl-C) stops both. Ports and the interface come from the environment (see README).
set -euo pipefail
umask 077                                     # databases, logs and secrets: readable by their owner only
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
# Where the web chat may be used (README, "Embed the chat"): the origin families open the chat page at and
# every hospital site that embeds the widget. One list drives the socket's allowed origins, the page's
# CSP frame-ancestors and Rasa's CORS. Default: this server on localhost only.
export WEBCHAT_ALLOWED_ORIGINS="${WEBCHAT_ALLOWED_ORIGINS:-http://localhost:${RASA_PORT},http://127.0.0.1:${RASA_PORT}}"
WEBCHAT_CORS=""
IFS=', ' read -ra origins <<<"$WEBCHAT_ALLOWED_ORIGINS"
for origin in "${origins[@]}"; do            # each one is checked: the list reaches a command line and a CSP
  [[ "$origin" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$ ]] || {
    echo "WEBCHAT_ALLOWED_ORIGINS: \"${origin}\" is not an origin; write scheme://host[:port], e.g. https://www.example-hospital.org" >&2
    exit 1; }
  origin="${origin%/}"; WEBCHAT_CORS+="${origin,,} "
done
export WEBCHAT_CORS                           # Rasa's --cors, one argument per origin
model="${MODEL:-$(bash scripts/train.sh)}"
if [ -n "${PROJECT_DIR:-}" ]; then            # another assistant served the same way (the benchmark's stock bot)
  cd "$PROJECT_DIR"; export PYTHONPATH="$PROJECT_DIR"
fi
mkdir -p "$(dirname "$TRACKER_DB")" var/log "${LOG_DIR:-var/log}"
log_dir="$(cd "${LOG_DIR:-var/log}" && pwd)"
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
  RASA_AUTH_TOKEN="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')"
  echo "RASA_AUTH_TOKEN was not set; generated one for this run: ${RASA_AUTH_TOKEN}"
fi
export RASA_AUTH_TOKEN REST_AUTH_TOKEN="${REST_AUTH_TOKEN:-$RASA_AUTH_TOKEN}"   # REST is an integration API
if [ -z "${WEBCHAT_SESSION_SECRET:-}" ]; then   # kept, so a web chat reloaded after a restart resumes
  secret_file="$(dirname "$TRACKER_DB")/webchat-session.secret"
  [ -s "$secret_file" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(48))' >"$secret_file"
  WEBCHAT_SESSION_SECRET="$(cat "$secret_file")"
fi
export WEBCHAT_SESSION_SECRET

# supervisord runs both servers. Its config, pidfile and control socket are this run's own (several server
# sets run at once on different ports), in a private directory removed at the end; the config holds no
# token (the commands read them from the environment), only the control socket's per-run password, and
# is created 0600. Its log (spawned / exited / gave up, never message text) is supervisord.log.
export SERVE_ROOT="$ROOT" SERVE_MODEL="$model" RASA_PORT ACTION_PORT RASA_INTERFACE ENDPOINTS
supervisord_pid="" sleeper="" run_dir="" sock_dir=""
stop() {
  trap - EXIT; trap '' INT TERM                # a second Ctrl-C or SIGTERM does not orphan the servers
  [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null || true
  if [ -n "$supervisord_pid" ]; then          # supervisord stops the Rasa server, then the action server
    kill -TERM "$supervisord_pid" 2>/dev/null || true
    wait "$supervisord_pid" 2>/dev/null || true
  fi
  [ -z "$run_dir" ] || rm -rf "$run_dir"; [ "$sock_dir" = "$run_dir" ] || rm -rf "$sock_dir"
}
trap stop EXIT
trap 'stop; exit 143' TERM
trap 'stop; exit 130' INT

run_dir="$(mktemp -d "${log_dir}/supervisor.XXXXXX")"
sock_dir="$run_dir"
if [ "${#run_dir}" -gt 80 ]; then sock_dir="$(mktemp -d "${TMPDIR:-/tmp}/itb-supervisor.XXXXXX")"; fi  # AF_UNIX: 107 bytes
conf="$run_dir/supervisord.conf"
control_password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
programs=(rasa); [ -z "${NO_ACTION_SERVER:-}" ] && programs=(actions rasa)   # NO_ACTION_SERVER=1: fault testing, Rasa alone
ini() { printf '%s' "${1//%/%%}"; }          # supervisord expands %(name)s in values
program() {  # name, priority, startsecs, stopwaitsecs, command (reads only exported variables)
  cat <<INI

[program:$1]
command=bash -c '$5'
directory=$(ini "$PWD")
priority=$2
autostart=true
autorestart=true
startsecs=$3
startretries=3
stopsignal=TERM
stopwaitsecs=$4
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=$(ini "$log_dir/$1.log")
stdout_logfile_maxbytes=0
stdout_logfile_backups=0
INI
}
(
  umask 077
  {
    cat <<INI
[supervisord]
nodaemon=true
silent=true
logfile=$(ini "$log_dir/supervisord.log")
logfile_maxbytes=0
pidfile=$(ini "$run_dir/supervisord.pid")
childlogdir=$(ini "$run_dir")
identifier=itb-$RASA_PORT
$( [ "$(id -u)" -eq 0 ] && echo "user=root" )

[unix_http_server]
file=$(ini "$sock_dir/supervisor.sock")
chmod=0700
username=serve
password=$control_password

[supervisorctl]
serverurl=unix://$(ini "$sock_dir/supervisor.sock")
username=serve
password=$control_password

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
INI
    if [ -z "${NO_ACTION_SERVER:-}" ]; then
      program actions 100 10 10 \
        'exec "$SERVE_ROOT/.venv/bin/python" "$SERVE_ROOT/scripts/action_server.py" --port "$ACTION_PORT"'
    fi
    # startsecs covers loading the model: a Rasa server that dies sooner counts as failing to start.
    # Sanic reads a whole body before any handler: 1 MB (its default is 100 MB) bounds that for every route.
    program rasa 200 60 20 "$(printf '%s ' 'SANIC_REQUEST_MAX_SIZE=1000000 exec "$SERVE_ROOT/.venv/bin/rasa" run --model "$SERVE_MODEL" --enable-api' \
      '--auth-token "$RASA_AUTH_TOKEN" --interface "$RASA_INTERFACE" --port "$RASA_PORT" --endpoints "$ENDPOINTS"' \
      '--credentials credentials.yml --cors $WEBCHAT_CORS')"
  } >"$conf"
)
ctl() { "$SERVE_ROOT/.venv/bin/supervisorctl" -c "$conf" "$@" 2>/dev/null; }
describe() { [ "$1" = actions ] && echo "the action server" || echo "the Rasa server"; }

"$SERVE_ROOT/.venv/bin/supervisord" -c "$conf" &
supervisord_pid=$!

# Each program's state and pid ("name STATE pid"); pid 0 when not running.
states() {
  local status pids i
  status="$(ctl status)" || [ -n "$status" ] || return 1       # status exits non-zero when one is not running
  pids=($(ctl pid "${programs[@]}" || true))               # 0 for one not running
  # Before supervisord's socket answers, supervisorctl prints its error on stdout ("unix:///... no such
  # file"): those words are not pids, and taking one for a first pid made a healthy start look like a restart.
  [ "${#pids[@]}" = "${#programs[@]}" ] || return 1
  for i in "${pids[@]}"; do [[ "$i" =~ ^[0-9]+$ ]] || return 1; done
  for i in "${!programs[@]}"; do
    printf "%s %s %s\n" "${programs[$i]}" "$(awk -v p="${programs[$i]}" '$1 == p {print $2}' <<<"$status" | grep . || echo -)" "${pids[$i]:-0}"
  done
}
failed() {  # a program that could not start: say so, show the end of its log, stop everything
  echo "$(describe "$1") exited while starting; supervisord would keep restarting it. Stopping." >&2
  echo "--- last lines of ${log_dir}/$1.log:" >&2
  tail -n 20 "${log_dir}/$1.log" >&2 || true
  exit 1
}

ready() {  # the Rasa server answers /status; exits if it answers that its model did not load
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${RASA_PORT}/status?token=${RASA_AUTH_TOKEN}" 2>/dev/null)" || true
  [ "$code" = 200 ] && return 0
  if [ "$code" = 409 ]; then      # Rasa answers only once it has tried to load the model: this one did not load
    echo "the Rasa server started without a model: ${model} did not load (see ${log_dir}/rasa.log). Stopping." >&2
    exit 1
  fi
  return 1
}
# Wait for the Rasa server; a server that exits meanwhile (even if supervisord restarts it) fails the start.
declare -A first_pid=()
deadline=$((SECONDS + 180))
while [ "$SECONDS" -lt "$deadline" ] && ! ready; do
  kill -0 "$supervisord_pid" 2>/dev/null || { echo "supervisord exited; see ${log_dir}/supervisord.log" >&2; exit 1; }
  if current="$(states)"; then
    while read -r name state pid; do
      case "$state" in BACKOFF|EXITED|FATAL|STOPPED|UNKNOWN) ready || failed "$name" ;; esac
      [ "$pid" = 0 ] && continue
      [ -z "${first_pid[$name]:-}" ] && first_pid[$name]=$pid
      [ "${first_pid[$name]}" = "$pid" ] || ready || failed "$name"     # died and was restarted in between
    done <<<"$current"
  fi
  sleep 1
done
stores="SQLite ${TRACKER_DB}"; [ "$ENDPOINTS" = endpoints.prod.yml ] && stores="PostgreSQL + Redis lock store (production mode)"
cat <<MSG

The ITB pump helper is running (model ${model}).
  Stores:      ${stores}; audit trail: make audit-export
  Web chat:    http://localhost:${RASA_PORT}/webhooks/webchat/chat
  Widget:      <script src="http://localhost:${RASA_PORT}/webhooks/webchat/widget.js" async></script>
               on a page from: ${WEBCHAT_ALLOWED_ORIGINS} (WEBCHAT_ALLOWED_ORIGINS)
  Talk to it:  curl -s -XPOST -H "Authorization: Bearer \$REST_AUTH_TOKEN" localhost:${RASA_PORT}/webhooks/rest/webhook -d '{"sender":"a","message":"the pump is beeping"}'
               (REST_AUTH_TOKEN: the REST integration token; unless you set one, the same as RASA_AUTH_TOKEN)
  HTTP API:    http://localhost:${RASA_PORT}/conversations/rest:a/tracker?token=\$RASA_AUTH_TOKEN
  Logs:        ${LOG_DIR:-var/log}/  (no message text at the default level; restarts in supervisord.log)
  Processes:   supervisord restarts a server that crashes; ${ROOT}/.venv/bin/supervisorctl -c ${conf} status
Press Ctrl-C to stop both servers.
MSG

# Watch: report restarts; a server that keeps failing to start is FATAL (supervisord gave up on it).
declare -A last_pid=() reported=()
for name in "${programs[@]}"; do last_pid[$name]="${first_pid[$name]:-0}"; done
while true; do
  sleep 5 & sleeper=$!; wait "$sleeper" || true
  kill -0 "$supervisord_pid" 2>/dev/null || { echo "supervisord exited; see ${log_dir}/supervisord.log" >&2; exit 1; }
  current="$(states)" || continue
  while read -r name state pid; do
    if [ "$pid" != 0 ] && [ "$pid" != "${last_pid[$name]}" ]; then
      if [ -n "${reported[$name]:-}" ]; then
        echo "$(date '+%F %T') $(describe "$name") is running again (pid ${pid})" >&2
      elif [ "${last_pid[$name]}" != 0 ]; then
        echo "$(date '+%F %T') $(describe "$name") stopped; supervisord restarted it (pid ${pid}); see ${log_dir}/supervisord.log" >&2
      fi
      last_pid[$name]=$pid; reported[$name]=""
    fi
    if [ "$state" = FATAL ] && [ -z "${reported[$name]:-}" ]; then
      reported[$name]=1
      if [ "$name" = rasa ]; then
        echo "$(date '+%F %T') the Rasa server keeps failing to start; see ${log_dir}/rasa.log. Stopping." >&2
        exit 1
      fi
      echo "$(date '+%F %T') the action server keeps failing to start; see ${log_dir}/actions.log. Families get" \
           "the emergency reply or the \"cannot assess\" guidance until: ${ROOT}/.venv/bin/supervisorctl -c ${conf} start actions" >&2
    fi
  done <<<"$current"
done
