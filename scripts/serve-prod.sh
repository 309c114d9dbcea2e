#!/usr/bin/env bash
# Production mode on this machine: PostgreSQL and Redis from Debian's packages (scripts/services.sh),
# then the assistant with endpoints.prod.yml. More Rasa servers can join the same stores: see README.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
bash scripts/services.sh start
eval "$(bash scripts/services.sh env)"
ENDPOINTS=endpoints.prod.yml exec bash scripts/serve.sh
