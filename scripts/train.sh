#!/usr/bin/env bash
# Trains only when the training inputs changed (content hash); prints the model path.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
source scripts/env.sh
mkdir -p var
"$PY" scripts/render_domain.py
hash=$(find data config.yml build/domain -type f -name '*.yml' -print0 | sort -z | xargs -0 sha256sum \
       | sha256sum | cut -c1-16)
model="models/itb-${hash}.tar.gz"
if [ ! -f "$model" ]; then
  echo "Training model $model (inputs changed)..." >&2
  "$RASA" train --domain build/domain --out models --fixed-model-name "itb-${hash}" >var/train.log 2>&1 \
    || { tail -40 var/train.log >&2; exit 1; }
fi
# the second opinion (triage/second_opinion.py): seconds to train, also only when its inputs changed
PYTHONPATH="$ROOT" "$PY" -c "from triage.second_opinion import save_trained; save_trained()" >&2
echo "$model"
