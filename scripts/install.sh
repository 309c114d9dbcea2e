#!/usr/bin/env bash
# Creates .venv from requirements.lock and web/node_modules from web/package-lock.json; does nothing
# when neither lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
web_stamp="web/node_modules/.installed-$(sha256sum web/package-lock.json | cut -c1-16)"
if [ ! -f "$web_stamp" ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error) && touch "$web_stamp"
fi
stamp=".venv/.installed-$(sha256sum requirements.lock | cut -c1-16)"
[ -f "$stamp" ] && exit 0
echo "Installing Python packages into .venv (first time takes a few minutes)..."
rm -rf .venv
"$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check pip==24.2
.venv/bin/pip install --quiet --disable-pip-version-check --no-deps --ignore-requires-python \
  -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import rasa, rasa_sdk, medspacy, spacy, tensorflow" 2>/dev/null \
  || { echo "install failed: core packages do not import" >&2; exit 1; }
touch "$stamp"
