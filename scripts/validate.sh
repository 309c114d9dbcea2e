#!/usr/bin/env bash
# The clinical files against their schema (triage/schema.py), then rasa data validate on the rendered
# domain; any warning fails.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
source scripts/env.sh
mkdir -p var
"$PY" -m triage.schema
"$PY" scripts/render_domain.py
"$RASA" data validate --domain build/domain --fail-on-warnings >var/validate.log 2>&1 \
  || { grep -vi "deprecat\|declare_namespace\|pkg_resources" var/validate.log | tail -30; exit 1; }
echo "rasa data validate: no warnings"
