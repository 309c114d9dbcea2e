"""Production mode for real: PostgreSQL and Redis from Debian's packages (scripts/services.sh, on their
own ports and data directory), two Rasa servers sharing them and one action server."""

import json
import subprocess
import uuid
from typing import List

import pytest
import requests
import sqlalchemy as sa

from harness.services import Services
from tests.e2e.conftest import REST_AUTH, ROOT, TOKEN, Servers, rest_id

PG_PORT, REDIS_PORT = 5441, 6391
REPLICA_PORTS = (5305, 5306)
ACTION_PORT = 5355


class Stores(Services):
    """The services, and what the tests read back from PostgreSQL."""

    _engine = None

    @property
    def engine(self):
        if self._engine is None:
            self._engine = sa.create_engine(self.vars["TRACKER_DB_URL"], pool_pre_ping=True)
        return self._engine

    def events(self, sender: str) -> List[dict]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT type_name, timestamp, data FROM events WHERE sender_id = :s ORDER BY id"),
                {"s": rest_id(sender)},
            )
            return [dict(row._mapping) for row in rows]

    def audit(self, sender: str) -> List[dict]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT * FROM triage_audit WHERE conversation_id = :s ORDER BY turn_at"),
                {"s": rest_id(sender)},
            )
            return [dict(row._mapping) for row in rows]


@pytest.fixture(scope="session")
def stores():
    stores = Stores(
        ROOT / "var" / "test-services", PG_PORT, REDIS_PORT
    )  # not under pytest's tmp: postgres must reach it
    stores.start()
    yield stores
    stores.run("stop")


@pytest.fixture(scope="session")
def replicas(stores, tmp_path_factory):
    """Replica A runs the action server; replica B uses it. Both share PostgreSQL and Redis."""
    env = dict(stores.vars, ENDPOINTS="endpoints.prod.yml")
    env["MODEL"] = subprocess.run(
        ["bash", "scripts/train.sh"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    a = Servers(tmp_path_factory.mktemp("replica-a"), REPLICA_PORTS[0], ACTION_PORT, **env)
    b = Servers(tmp_path_factory.mktemp("replica-b"), REPLICA_PORTS[1], ACTION_PORT, NO_ACTION_SERVER="1", **env)
    for replica in (a, b):
        replica.launch()
    try:  # one that fails to start must not leave the other running
        for replica in (a, b):
            replica.wait_ready()
        yield a, b
    finally:
        for replica in (a, b):
            replica.stop()


@pytest.fixture
def sender():
    return f"prod-{uuid.uuid4().hex[:10]}"


def say(replica: Servers, sender: str, text: str) -> List[dict]:
    response = requests.post(
        f"{replica.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, headers=REST_AUTH, timeout=60
    )
    assert response.status_code == 200, response.text
    return response.json()


def triage(replies: List[dict]):
    return next((r["custom"]["triage"] for r in replies if "triage" in (r.get("custom") or {})), None)


def degraded(replies: List[dict]):
    return next((r["custom"]["service"] for r in replies if "service" in (r.get("custom") or {})), None)


def question(replies: List[dict]):
    """The screening question a turn asks (the message with buttons; the triage payload may follow it)."""
    return next((r for r in reversed(replies) if r.get("buttons")), None)


def texts(replies: List[dict]) -> str:
    return " ".join(r.get("text") or "" for r in replies)


def level_on(replica: Servers, sender: str) -> str:
    response = requests.get(
        f"{replica.url}/conversations/{rest_id(sender)}/tracker", params={"token": TOKEN}, timeout=10
    )
    response.raise_for_status()
    return response.json()["slots"]["triage_level"]


def record_facts(name: str, **facts) -> None:
    """Figures for `make reliability`'s report (results/reliability/<name>.json)."""
    out = ROOT / "results" / "reliability"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(facts, indent=2))
