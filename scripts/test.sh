#!/usr/bin/env bash
# The whole test suite: lint and types (scripts/lint.sh), data validation, pytest (logic, actions, servers over HTTP), rasa test on the
# test stories, NLU cross-validation (intents and routine-question topics), and the vignette evaluation
# through the REST channel (fails on any missed or late emergency), and a quick load run (fails on errors).
# pytest includes production mode (PostgreSQL, Redis, two replicas), faults and bad input; the
# reliability report is printed from its results.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
source scripts/env.sh
mkdir -p var results
start=$(date +%s)
if ! command -v chromium >/dev/null 2>&1; then   # the browser tests drive Debian's chromium
  echo "Installing Debian's chromium for the browser tests..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium; } \
    >var/apt.log 2>&1 || { tail -20 var/apt.log; exit 1; }
fi
bash scripts/services.sh install        # Debian's postgresql and redis-server, for the production-mode tests
bash scripts/lint.sh
bash scripts/validate.sh
model="$(bash scripts/train.sh)"
echo "model: $model"
rm -f results/reliability/scale_out.json
MODEL="$model" "$ROOT/.venv/bin/pytest" -q -p no:cacheprovider --junitxml results/pytest.xml tests
"$PY" scripts/reliability.py --report results/pytest.xml
"$RASA" test core --model "$model" --stories tests/stories --fail-on-prediction-errors \
  --out results/core >var/rasa-test.log 2>&1 || { grep -v "eprecat" var/rasa-test.log | tail -40; exit 1; }
echo "rasa test: all test stories predicted correctly"
"$RASA" test nlu --nlu data/nlu --config config.yml --cross-validation --folds 3 --out results/nlu \
  >var/nlu-cv.log 2>&1 || { grep -v "eprecat" var/nlu-cv.log | tail -40; exit 1; }
"$PY" scripts/nlu_report.py
MODEL="$model" bash scripts/eval.sh
"$PY" scripts/bench.py --quick          # CI-sized load run: fails on errors only, never on timings
echo "make test finished in $(( $(date +%s) - start )) s"
