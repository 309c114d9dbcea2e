#!/usr/bin/env bash
# PostgreSQL (tracker store + audit trail) and Redis (lock store) for production mode, from Debian's
# packages, listening on loopback only, with generated passwords and their data under SERVICES_DIR.
#   services.sh install | start | stop | reset (stop, delete all data) | env
#               | {stop,start,restart}-postgres | {stop,start}-redis
# `env` prints the variables serve.sh needs (TRACKER_DB_URL, REDIS_*). Ports: PG_PORT, REDIS_PORT.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$(realpath -m "${SERVICES_DIR:-$ROOT/var/services}")"
PG_PORT="${PG_PORT:-5433}"
REDIS_PORT="${REDIS_PORT:-6380}"
SECRETS="$DIR/secrets.env"

# PostgreSQL runs as the postgres user, who must be able to reach its data directory. A checkout under
# a private home directory is not reachable, so the data then lives under /var/lib/itb-assistant.
pg_data() {
  mkdir -p "$DIR"
  if runuser -u postgres -- test -x "$DIR" 2>/dev/null; then
    echo "$DIR/pg"
  else
    echo "/var/lib/itb-assistant/$(echo "$DIR" | sha256sum | cut -c1-12)/pg"
  fi
}

ensure_packages() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then
    echo "Installing Debian's postgresql and redis-server packages..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null \
      || { echo "apt-get failed (the production mode needs root to install Debian packages)" >&2; exit 1; }
  fi
  PG_BIN="$(pg_bin)"
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_postgres() { runuser -u postgres -- "$@"; }

ensure_secrets() {
  mkdir -p "$DIR"; chmod 755 "$DIR"
  if [ ! -f "$SECRETS" ]; then
    (umask 077; printf 'PG_PASSWORD=%s\nREDIS_PASSWORD=%s\n' \
      "$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" "$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" >"$SECRETS")
  fi
  source "$SECRETS"
}

pg_running() { as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

pg_start() {
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    mkdir -p "$PG_DATA"; chown postgres:postgres "$PG_DATA"; chmod 700 "$PG_DATA"
    [ "$PG_DATA" = "$DIR/pg" ] || ln -sfn "$PG_DATA" "$DIR/pg"      # one place to look, wherever it lives
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DATA'
# a failed statement would be logged with its values, that is a family's message: never log statements
log_min_error_statement = panic
CONF
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -l "$PG_DATA/server.log" start >/dev/null
    as_postgres psql -q -h "$PG_DATA" -p "$PG_PORT" -U postgres -d postgres \
      -c "CREATE ROLE assistant LOGIN PASSWORD '$PG_PASSWORD'" -c "CREATE DATABASE assistant OWNER assistant" >/dev/null
  elif ! pg_running; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -l "$PG_DATA/server.log" start >/dev/null
  fi
}

redis_start() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -a "$REDIS_PASSWORD" --no-auth-warning ping >/dev/null 2>&1 && return
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --requirepass "$REDIS_PASSWORD" --daemonize yes \
    --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --save "" --appendonly no
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -a "$REDIS_PASSWORD" --no-auth-warning ping >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "redis did not start; see $DIR/redis.log" >&2; exit 1
}

redis_stop() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -a "$REDIS_PASSWORD" --no-auth-warning shutdown nosave >/dev/null 2>&1 || true
}

print_env() {
  echo "export TRACKER_DB_URL='postgresql://assistant:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/assistant'"
  echo "export REDIS_HOST=127.0.0.1 REDIS_PORT=${REDIS_PORT} REDIS_PASSWORD='${REDIS_PASSWORD}'"
  echo "export PG_DATA='${PG_DATA}'"
}

PG_BIN="$(pg_bin)"
case "${1:-start}" in
  install|start) ensure_packages ;;
esac
PG_DATA="$(pg_data)"
ensure_secrets
case "${1:-start}" in
  install) ;;
  start) pg_start; redis_start ;;
  stop) pg_running && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -m fast stop >/dev/null; redis_stop ;;
  env) print_env ;;
  reset) pg_running && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -m fast stop >/dev/null; redis_stop
         rm -rf "$PG_DATA" "$DIR" ;;
  stop-postgres) as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -m fast stop >/dev/null ;;
  start-postgres) pg_start ;;
  restart-postgres) as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -m fast -l "$PG_DATA/server.log" restart >/dev/null ;;
  stop-redis) redis_stop ;;
  start-redis) redis_start ;;
  *) echo "usage: $0 install|start|stop|reset|env|stop-postgres|start-postgres|restart-postgres|stop-redis|start-redis" >&2; exit 2 ;;
esac
