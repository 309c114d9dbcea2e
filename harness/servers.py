"""Starting the assistant's servers (scripts/serve.sh) and waiting for them: one place for the e2e tests,
the benchmarks and the evaluation."""

import signal
import subprocess
import time
from pathlib import Path
from typing import Callable, Dict, Optional

import requests

ROOT = Path(__file__).resolve().parent.parent


def serve(env: Dict[str, str], log: Path) -> "subprocess.Popen[bytes]":
    """scripts/serve.sh with this environment (ports, token, store, logs), its output appended to `log`."""
    return subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=env, stdout=open(log, "a"), stderr=subprocess.STDOUT
    )


def wait_until(
    ready: Callable[[], bool],
    seconds: float,
    process: Optional["subprocess.Popen[bytes]"] = None,
    log: Optional[Path] = None,
    interval: float = 0.5,
) -> bool:
    """True once `ready()` is; False after `seconds`. A server process that exits first fails with its log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace") if log and log.exists() else "the server exited")
        try:
            if ready():
                return True
        except requests.RequestException:
            pass
        time.sleep(interval)
    return False


def answers(url: str, **params: str) -> bool:
    """A GET that succeeds: the Rasa server's /status (with its token) or an action server's /health."""
    return requests.get(url, params=params, timeout=2).ok


def stop(process: Optional["subprocess.Popen[bytes]"], seconds: float = 60) -> None:
    """SIGTERM, as supervisord and make run expect, then wait for the whole set to stop."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=seconds)
