# Shared environment for the project's scripts. Telemetry is off everywhere: conversations are health data.
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=2
export PYTHONHASHSEED=0
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONPATH="${ROOT}${PYTHONPATH:+:$PYTHONPATH}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://localhost:5055/webhook}"
export TRACKER_DB="${TRACKER_DB:-${ROOT}/var/tracker.db}"
RASA="${ROOT}/.venv/bin/rasa"
PY="${ROOT}/.venv/bin/python"
