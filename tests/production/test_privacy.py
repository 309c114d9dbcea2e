"""No message text in any log of production mode: both Rasa servers, the action server, PostgreSQL, Redis,
also when a message is answered on the failure path."""

from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT
from tests.production.conftest import say

pytestmark = pytest.mark.servers
MARKER = "quokka-lantern"


@pytest.mark.reliability("security", "No message text in any log (production mode, PostgreSQL's too)")
def test_no_message_text_in_any_log(replicas, stores, sender):
    a, b = replicas
    say(a, sender, f"{MARKER} the pump is beeping since the refill")
    say(b, sender, f"no {MARKER}")
    stores.run("stop-redis")
    try:
        say(a, f"{sender}-r", f"{MARKER} he had a seizure")
    finally:
        stores.run("start-redis")
    logs = (
        list((ROOT / "var" / "test-services").glob("*.log"))
        + list(Path(stores.vars["PG_DATA"]).rglob("*.log"))
        + [path for replica in replicas for path in replica.tmp.glob("*.log")]
    )
    assert len(logs) >= 5
    assert any(path.name == "server.log" for path in logs)  # PostgreSQL's own log is searched too
    for path in logs:
        assert MARKER not in path.read_text(errors="replace"), path
