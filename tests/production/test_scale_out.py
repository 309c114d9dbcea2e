"""Two Rasa servers behind one PostgreSQL and one Redis: a conversation may move between them at every
message and keeps its state and level; 20 conversations at once lose and duplicate no event; every
disposition a family was given is in the audit trail exactly once."""

import csv
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import List

import pytest

from tests.e2e.conftest import ROOT, rest_id
from tests.production.conftest import level_on, question, record_facts, say, texts, triage

pytestmark = pytest.mark.servers

OPENINGS = {
    "alarm": "the pump is beeping",
    "seizure": "she had a seizure this morning",
    "fever": "he has had a temp of 38.9 since this morning",
    "question": "can he go swimming with the pump?",
}
EXPECTED_LEVEL = {"alarm": "same_day", "seizure": "emergency", "fever": "same_day", "question": "routine"}
CLOSING = "thank you"


@dataclass
class Conversation:
    sender: str
    script: str
    sent: List[str] = field(default_factory=list)
    turns: List[List[dict]] = field(default_factory=list)

    def send(self, replica, text):
        self.sent.append(text)
        self.turns.append(say(replica, self.sender, text))
        return self.turns[-1]

    @property
    def replies(self):
        return [reply for turn in self.turns for reply in turn]

    @property
    def level(self):
        given = [triage(turn)["level"] for turn in self.turns if triage(turn)]
        return given[-1] if given else None


def talk(replicas, sender, script, start=0) -> Conversation:
    """The opening, "no" to every screening question until the disposition, then a closing message;
    message i goes to replica (start + i) % 2."""
    conversation = Conversation(sender, script)
    replica = lambda: replicas[(start + len(conversation.sent)) % len(replicas)]  # noqa: E731
    turn = conversation.send(replica(), OPENINGS[script])
    for _ in range(15):
        if triage(turn):
            break
        turn = conversation.send(replica(), "no")
    conversation.send(replica(), CLOSING)
    return conversation


def stored_shape(events):
    return [(e["type_name"], json.loads(e["data"]).get("name")) for e in events]


def guidance_turns(conversation):
    """The level given in each turn that gave guidance, in order."""
    levels = []
    for turn in conversation.turns:
        if triage(turn):
            levels.append(triage(turn)["level"])
        elif turn and (turn[0].get("text") or "").startswith("EMERGENCY"):
            levels.append("emergency")
    return levels


def check_store(stores, conversation, reference_shape):
    events = stores.events(conversation.sender)
    user_texts = [json.loads(e["data"])["text"] for e in events if e["type_name"] == "user"]
    assert user_texts == conversation.sent, "a message was lost or stored twice"
    bot = [json.loads(e["data"]) for e in events if e["type_name"] == "bot"]
    stored = [part for b in bot if b.get("text") for part in b["text"].strip().split("\n\n")]  # as REST sends them
    assert stored == [r["text"] for r in conversation.replies if r.get("text")]
    assert sum(bool((b.get("data") or {}).get("custom")) for b in bot) == sum(
        bool(r.get("custom")) for r in conversation.replies
    )
    assert len({(e["type_name"], e["timestamp"], e["data"]) for e in events}) == len(events)
    assert stored_shape(events) == reference_shape


def check_audit(stores, conversation):
    rows = stores.audit(conversation.sender)
    assert [row["level"] for row in rows] == guidance_turns(conversation)
    assert len({row["turn_at"] for row in rows}) == len(rows)
    assert all(row["protocol_version"] == "itb-triage-v1.1" and row["channel"] == "rest" for row in rows)


@pytest.mark.reliability("faults", "Two replicas: a conversation alternating keeps state and level")
def test_a_conversation_moving_between_replicas_keeps_its_state_and_level(replicas, stores, sender):
    a, b = replicas
    first = say(a, sender, "the pump is beeping")
    assert "right away" in texts(first) and question(first)
    second = say(b, sender, "no")  # replica B knows which question was asked on A
    assert question(second) and question(second)["text"] != question(first)["text"]
    turn, replica = second, a
    while not triage(turn):
        turn, replica = say(replica, sender, "no"), (b if replica is a else a)
    assert triage(turn)["level"] == "same_day"
    assert level_on(a, sender) == level_on(b, sender) == "same_day"
    later = say(replica, sender, "oh and can he go swimming?")  # a routine question: the level stays
    assert level_on(a, sender) == level_on(b, sender) == "same_day"
    assert triage(later) is None or triage(later)["level"] == "same_day"


@pytest.mark.reliability("faults", "Two replicas, 20 concurrent conversations: no event lost or duplicated")
def test_twenty_concurrent_conversations_lose_and_duplicate_nothing(replicas, stores, tmp_path):
    reference = {script: talk(replicas[:1], f"ref-{script}-{id(replicas)}", script) for script in OPENINGS}
    shapes = {script: stored_shape(stores.events(c.sender)) for script, c in reference.items()}
    jobs = [(f"load-{i}-{script}-{id(replicas)}", script, i % 2) for i in range(5) for script in OPENINGS]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        conversations = list(pool.map(lambda job: talk(replicas, *job), jobs))
    assert len(conversations) == 20
    for conversation in conversations:
        assert conversation.level == EXPECTED_LEVEL[conversation.script], json.dumps(conversation.turns[:3])
        check_store(stores, conversation, shapes[conversation.script])
        check_audit(stores, conversation)
    exported = export_audit(stores, tmp_path / "audit.csv")
    given = {rest_id(c.sender): guidance_turns(c) for c in conversations}
    for sender, levels in given.items():
        assert [row["level"] for row in exported if row["conversation_id"] == sender] == levels
    record_facts(
        "scale_out",
        conversations=len(conversations),
        messages=sum(len(c.sent) for c in conversations),
        events_stored=sum(len(stores.events(c.sender)) for c in conversations),
        dispositions_given=sum(map(len, given.values())),
        audit_csv_rows=sum(row["conversation_id"] in given for row in exported),
    )


def export_audit(stores, path):
    """`make audit-export`'s script, run against the test database."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit_export.py"), "--out", str(path)],
        check=True,
        env=dict(os.environ, TRACKER_DB_URL=stores.vars["TRACKER_DB_URL"]),
        capture_output=True,
    )
    with path.open(newline="") as csv_file:
        return list(csv.DictReader(csv_file))
