"""Load benchmark: our assistant against a stock `rasa init` assistant, side by side on this machine.

Both are served the same way (action server + Rasa server, REST channel, SQLite tracker store). For each
N, N conversations run at once, each a realistic script sent message by message (ours: triage
conversations answering screening questions; stock: its mood-bot dialogue). Reports messages per second,
p50 / p95 / p99 latency per message, errors, resident memory of every process, time from start to the
first answered message, and training time. Writes results/bench.json and results/bench.png.
`--quick` (CI): ours only, N = 1 and 10, fails only on errors.
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List, Optional

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from harness.servers import serve, stop, wait_until  # noqa: E402

BENCH_TOKEN = "bench"
BENCH_AUTH = {"Authorization": f"Bearer {BENCH_TOKEN}"}
OURS_SCRIPTS = [
    ["the pump is beeping"] + ["no"] * 7,
    ["my son had a seizure and I can't wake him"],
    ["can he go swimming with the pump?", "no"],
    ["she has a fever of 38.5", "no", "no", "no", "no", "no", "no", "no", "no"],
    ["hi", "his muscles are tighter than usual", "no", "no", "no", "no", "no", "no", "no"],
]
STOCK_SCRIPTS = [
    ["hello", "I am sad", "yes", "bye"],
    ["hi", "great", "bye"],
    ["hey", "not good", "no", "goodbye"],
    ["are you a bot?", "hello", "very good", "bye"],
]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(pid: int) -> List[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            for child in map(int, children):
                found.append(child)
                todo.append(child)
    return found


def process_memory(root_pid: int) -> Dict[str, float]:
    """Resident memory of the Rasa server and the action server (the python processes under serve)."""
    memory = {}
    for pid in descendants(root_pid):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "action_server.py" in cmd:
            memory["action_server_mb"] = round(rss_mb(pid), 1)
        elif "rasa run" in cmd:
            memory["rasa_server_mb"] = round(rss_mb(pid), 1)
    return memory


class Stack:
    """One assistant served by scripts/serve.sh on its own ports and files."""

    def __init__(self, name: str, project: Path, model: Path, port: int, workdir: Path, **extra_env: str):
        self.name, self.project, self.model, self.port, self.workdir = name, project, model, port, workdir
        self.url = f"http://127.0.0.1:{port}"
        self.extra_env = extra_env
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> float:
        env = dict(
            os.environ,
            RASA_PORT=str(self.port),
            ACTION_PORT=str(self.port + 50),
            MODEL=str(self.model),
            RASA_AUTH_TOKEN=BENCH_TOKEN,
            ADDRESS_RATE_LIMIT="0",
            TRACKER_DB=str(self.workdir / f"{self.name}.db"),
            LOG_DIR=str(self.workdir),
            PROJECT_DIR=str(self.project),
        )
        env.update(self.extra_env)
        started = time.monotonic()
        log = self.workdir / f"{self.name}.out"
        self.process = serve(env, log)
        if not wait_until(self._answers_a_message, 300, self.process, log, interval=0.25):
            raise TimeoutError(f"{self.name} did not answer")
        return time.monotonic() - started

    def _answers_a_message(self) -> bool:
        import requests

        reply = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            headers=BENCH_AUTH,
            json={"sender": "warmup", "message": "hello"},
            timeout=5,
        )
        return reply.ok and bool(reply.json())

    def stop(self) -> None:
        stop(self.process)


async def converse(
    session: aiohttp.ClientSession, url: str, script: List[str], latencies: List[float], errors: List[str]
) -> None:
    sender = uuid.uuid4().hex
    for text in script:
        started = time.perf_counter()
        try:
            async with session.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, headers=BENCH_AUTH
            ) as reply:
                body = await reply.json()
                if reply.status != 200 or not body:
                    errors.append(f"status {reply.status}, {len(body or [])} messages")
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            errors.append(type(error).__name__)
        latencies.append(time.perf_counter() - started)


async def load(urls: List[str], scripts: List[List[str]], concurrency: int, rounds: int) -> Dict:
    """Conversation i talks to urls[i % len(urls)] throughout (a sticky load balancer)."""
    latencies: List[float] = []
    errors: List[str] = []
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as session:
        started = time.perf_counter()
        for round_ in range(rounds):
            await asyncio.gather(
                *(
                    converse(session, urls[i % len(urls)], scripts[(i + round_) % len(scripts)], latencies, errors)
                    for i in range(concurrency)
                )
            )
        wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "conversations": concurrency * rounds,
        "messages": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "messages_per_second": round(len(latencies) / wall, 2),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(1000 * statistics.mean(latencies), 1),
    }


def train(project: Path, out: Path, name: str, domain: str) -> float:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT))
    started = time.monotonic()
    subprocess.run(
        [str(ROOT / ".venv/bin/rasa"), "train", "--domain", domain, "--out", str(out), "--fixed-model-name", name],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    return round(time.monotonic() - started, 1)


def prepare_stock(workdir: Path) -> Path:
    project = workdir / "stock"
    project.mkdir(parents=True)
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    subprocess.run(
        [str(ROOT / ".venv/bin/rasa"), "init", "--no-prompt", "--init-dir", str(project)],
        env=env,
        check=True,
        capture_output=True,
    )
    shutil.rmtree(project / "models", ignore_errors=True)
    # served the same way as ours: SQLite tracker store and the action server endpoint
    (project / "endpoints.yml").write_text((ROOT / "endpoints.yml").read_text())
    (project / "credentials.yml").write_text("rest:\n")
    return project


def plot(results: Dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name, style in (("ours", "-"), ("stock", "--")):
        runs = results.get(name, {}).get("load", {})
        if not runs:
            continue
        ns = sorted(int(n) for n in runs)
        for key, marker in (("p50_ms", "o"), ("p95_ms", "s"), ("p99_ms", "^")):
            left.plot(ns, [runs[str(n)][key] for n in ns], style, marker=marker, label=f"{name} {key[:3]}")
        right.plot(ns, [runs[str(n)]["messages_per_second"] for n in ns], style, marker="o", label=name)
    left.set(xlabel="concurrent conversations", ylabel="latency per message (ms)", yscale="log", title="Latency")
    right.set(xlabel="concurrent conversations", ylabel="messages per second", title="Throughput")
    left.legend(fontsize=8)
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--levels", default=None, help="comma-separated N values")
    args = parser.parse_args()
    levels = [int(n) for n in (args.levels or ("1,10" if args.quick else "1,10,20,50")).split(",")]
    rounds = 1 if args.quick else 2
    workdir = Path(tempfile.mkdtemp(prefix="itb-bench-"))
    results: Dict = {"machine": {"cores": os.cpu_count()}, "levels": levels}
    plans = [("ours", ROOT, OURS_SCRIPTS, 5405)]
    if not args.quick:
        plans.append(("stock", prepare_stock(workdir), STOCK_SCRIPTS, 5505))
    for name, project, scripts, port in plans:
        domain = "build/domain" if name == "ours" else "domain.yml"
        training = train(project, workdir / "models", name, domain) if not args.quick else None
        model = workdir / "models" / f"{name}.tar.gz"
        if args.quick:
            model = (
                ROOT
                / subprocess.run(
                    ["bash", "scripts/train.sh"], cwd=ROOT, capture_output=True, text=True, check=True
                ).stdout.strip()
            )
        stack = Stack(name, project, model, port, workdir)
        try:
            first_answer = stack.start()
            runs = {}
            for n in levels:
                runs[str(n)] = asyncio.run(load([stack.url], scripts, n, rounds))
                runs[str(n)]["memory"] = process_memory(stack.process.pid if stack.process else 0)
                print(f"{name:6} N={n:<3} {json.dumps(runs[str(n)])}", flush=True)
            results[name] = {
                "training_seconds": training,
                "start_to_first_answer_seconds": round(first_answer, 1),
                "load": runs,
            }
        finally:
            stack.stop()
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(results, indent=1))
    plot(results, out / "bench.png")
    print_table(results)
    errors = sum(run["errors"] for name in ("ours", "stock") for run in results.get(name, {}).get("load", {}).values())
    print(f"\nwrote results/bench.json and results/bench.png; errors: {errors}")
    return 1 if errors else 0


def print_table(results: Dict) -> None:
    print(
        f"\n{'assistant':9} {'N':>3} {'msg/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'rasa MB':>8} {'actions MB':>10}"
    )
    for name in ("ours", "stock"):
        for n, run in results.get(name, {}).get("load", {}).items():
            memory = run.get("memory", {})
            print(
                f"{name:9} {n:>3} {run['messages_per_second']:7.1f} {run['p50_ms']:8.1f} {run['p95_ms']:8.1f} "
                f"{run['p99_ms']:8.1f} {run['errors']:6d} {memory.get('rasa_server_mb', 0):8.0f} "
                f"{memory.get('action_server_mb', 0):10.0f}"
            )
        if name in results:
            print(
                f"{name:9} start to first answer {results[name]['start_to_first_answer_seconds']} s, "
                f"training {results[name]['training_seconds']} s"
            )


if __name__ == "__main__":
    sys.exit(main())
