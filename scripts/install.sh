#!/usr/bin/env bash
# Creates .venv from requirements.lock, web/node_modules from web/package-lock.json (the chat page's) and
# tests/e2e/rasa_webchat/node_modules from its package-lock.json (rasa-webchat, for the tests only); does
# nothing when no lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
npm_ci() {  # a folder with a package-lock.json, then npm ci's extra options
  local dir=$1; shift
  local stamp="$dir/node_modules/.installed-$(sha256sum "$dir/package-lock.json" | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error "$@") && touch "$stamp"
  fi
}
npm_ci web
npm_ci tests/e2e/rasa_webchat --ignore-scripts   # the tests load one prebuilt file: nothing to build
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
