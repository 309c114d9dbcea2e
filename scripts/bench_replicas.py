"""make bench-replicas: production mode (PostgreSQL + Redis) with one and with two Rasa servers, our
triage scripts, N concurrent conversations each kept on one server (a sticky load balancer).
Writes results/bench-replicas.json and prints a table. On this 2-core machine the two servers, the
action server, PostgreSQL and the load generator share two cores: read the figures as a lower bound.
"""

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT)]

from bench import OURS_SCRIPTS, Stack, load, process_memory  # noqa: E402

from harness.services import Services  # noqa: E402

LEVELS, ROUNDS = (10, 20), 2


def main() -> None:
    services = Services(ROOT / "var" / "bench-services", pg_port=5442, redis_port=6392)
    services.start()
    workdir = ROOT / "var" / "bench-replicas"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    model = (
        ROOT
        / subprocess.run(
            ["bash", "scripts/train.sh"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    env = dict(services.vars, ENDPOINTS="endpoints.prod.yml")
    first = Stack("replica-a", ROOT, model, 5405, workdir, **env)
    second = Stack("replica-b", ROOT, model, 5406, workdir, NO_ACTION_SERVER="1", ACTION_PORT="5455", **env)
    results = {}
    try:
        first.start()
        second.start()
        for stacks in ([first], [first, second]):
            for n in LEVELS:
                run = asyncio.run(load([s.url for s in stacks], OURS_SCRIPTS, n, ROUNDS))
                run["memory"] = [process_memory(s.process.pid if s.process else 0) for s in stacks]
                results[f"{len(stacks)} server(s), N={n}"] = run
                print(f"{len(stacks)} server(s) N={n:<3} {json.dumps(run)}", flush=True)
    finally:
        for stack in (second, first):
            stack.stop()
        services.run("stop")
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench-replicas.json").write_text(json.dumps(results, indent=1))
    print(f"\n{'setup':22} {'msg/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for name, run in results.items():
        print(
            f"{name:22} {run['messages_per_second']:7.1f} {run['p50_ms']:8.1f} {run['p95_ms']:8.1f} "
            f"{run['p99_ms']:8.1f} {run['errors']:6d}"
        )


if __name__ == "__main__":
    main()
