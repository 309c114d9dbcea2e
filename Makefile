# The two commands: `make run` and `make test`. Both set everything up on a fresh machine.
.PHONY: run test eval eval-offline bench bench-quick install train validate clean

run: install
	bash scripts/serve.sh

test: install
	bash scripts/test.sh

eval: install
	bash scripts/eval.sh

# The triage logic alone on the vignettes, without Rasa (seconds): for working on the lexicon.
eval-offline: install
	RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/evaluate.py --offline

# Load benchmark against a stock `rasa init` assistant (about 10 minutes); bench-quick: ours only, CI-sized.
bench: install
	bash scripts/train.sh >/dev/null && RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/bench.py

bench-quick: install
	bash scripts/train.sh >/dev/null && RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/bench.py --quick

install:
	bash scripts/install.sh

train: install
	bash scripts/train.sh

validate: install
	bash scripts/validate.sh

clean:
	rm -rf build models results var .pytest_cache
