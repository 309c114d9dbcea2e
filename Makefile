# The two commands: `make run` and `make test`. Both set everything up on a fresh machine.
.PHONY: run run-prod test lint reliability audit-export erase purge audit-deps eval eval-offline eval-typing second-opinion bench bench-replicas bench-quick install train validate clean

run: install
	bash scripts/serve.sh

test: install
	bash scripts/test.sh

# ruff (lint and format check) over the whole tree and mypy (strict for triage/); part of make test.
lint: install
	bash scripts/lint.sh

# Production mode: PostgreSQL (conversations + audit trail) and Redis (lock store) on loopback.
run-prod: install
	bash scripts/serve-prod.sh

# Faults, bad input, security and scale-out tests, then a report (about 4 minutes).
reliability: install
	bash scripts/train.sh >/dev/null && bash scripts/services.sh install && \
	  RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/reliability.py

# The audit trail as CSV (results/audit.csv); PROFILE=prod make audit-export reads production's PostgreSQL.
audit-export: install
	bash scripts/with_stores.sh scripts/audit_export.py

# One conversation deleted everywhere (events, audit rows, an SMS number's opt-out), with counts:
# make erase ID=sms:+15550100. PROFILE=prod works on production's PostgreSQL, as for audit-export.
erase: install
	bash scripts/with_stores.sh scripts/health_data.py erase "$(ID)"

# The retention purge (config/clinic.yml retention.days) once, now; the Rasa server also runs it hourly.
purge: install
	bash scripts/with_stores.sh scripts/health_data.py purge

# pip-audit over requirements.lock; findings are triaged in the README ("Dependency audit").
audit-deps:
	bash scripts/dependency_audit.sh

eval: install
	bash scripts/eval.sh

# The triage logic alone on the vignettes, without Rasa (seconds): for working on the lexicon.
eval-offline: install
	RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/evaluate.py --offline

eval-typing: install
	RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/eval_typing.py

# The second opinion's cross-validated precision and recall per screening topic, and its cost per message.
second-opinion: install
	RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/second_opinion_report.py

# Load benchmark against a stock `rasa init` assistant (about 10 minutes); bench-quick: ours only, CI-sized.
bench: install
	bash scripts/train.sh >/dev/null && RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/bench.py

# Production mode with one and two Rasa servers (PostgreSQL + Redis), N = 10 and 20 (about 2 minutes).
bench-replicas: install
	bash scripts/train.sh >/dev/null && bash scripts/services.sh install && \
	  RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/bench_replicas.py

bench-quick: install
	bash scripts/train.sh >/dev/null && RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/python scripts/bench.py --quick

install:
	bash scripts/install.sh

train: install
	bash scripts/train.sh

validate: install
	bash scripts/validate.sh

clean:
	bash scripts/services.sh stop 2>/dev/null || true
	rm -rf build models results var .pytest_cache
