"""Production mode's PostgreSQL and Redis on their own ports and data directory, driven through
scripts/services.sh: for the tests and the replica benchmark."""

import os
import shlex
import subprocess
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parent.parent


class Services:
    def __init__(self, directory: Path, pg_port: int, redis_port: int):
        self.env = dict(os.environ, SERVICES_DIR=str(directory), PG_PORT=str(pg_port), REDIS_PORT=str(redis_port))
        self.vars: Dict[str, str] = {}  # what the servers need: TRACKER_DB_URL, REDIS_*, PG_DATA

    def run(self, command: str) -> str:
        done = subprocess.run(
            ["bash", "scripts/services.sh", command],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f"services.sh {command} failed: {done.stderr}")
        return done.stdout

    def start(self) -> None:
        """Starts from empty data: a reset, then a start."""
        self.run("reset")
        self.run("start")
        for line in self.run("env").splitlines():
            for word in shlex.split(line)[1:]:  # export NAME=value ...
                name, value = word.split("=", 1)
                self.vars[name] = value
