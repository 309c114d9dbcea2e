#!/usr/bin/env bash
# Lint, format and types: ruff over the whole tree, mypy strict for triage/ (mypy.ini). Run by make test.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy actions channels components stores harness scripts triage
