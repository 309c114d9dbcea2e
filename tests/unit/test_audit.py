"""stores/audit.py: which turns become audit rows, and the CSV export."""

import io

import pytest
import sqlalchemy as sa

from stores import audit


def user(at, entities=(), channel="rest"):
    return {
        "event": "user",
        "timestamp": at,
        "input_channel": channel,
        "text": "never stored in the audit",
        "parse_data": {"entities": list(entities)},
    }


def bot(at, utter=None, triage=None):
    return {
        "event": "bot",
        "timestamp": at,
        "text": "reply",
        "metadata": {"utter_action": utter} if utter else {},
        "data": {"custom": {"triage": triage}} if triage else {},
    }


PAYLOAD = {"level": "same_day", "rules": ["S1"], "protocol_version": "itb-triage-v1.1", "findings": ["pump_alarm"]}
SEIZURE = [{"entity": "finding", "value": "seizure", "role": "present"}]


def test_one_row_per_turn_with_guidance_and_none_for_a_question_asked_back():
    events = [
        user(1.0),
        bot(1.1),  # a screening question: no row
        user(2.0),
        bot(2.1),
        bot(2.2, triage=PAYLOAD),  # the disposition
        user(3.0, SEIZURE),
        bot(3.1, utter="utter_emergency"),  # emergency without the action server
        user(4.0),
        bot(4.1, utter="utter_cannot_assess"),
    ]  # safety net
    rows = audit.turn_records("c1", events)
    assert [(r.turn_at, r.level, r.rules, r.outcome) for r in rows] == [
        (2.0, "same_day", "S1", "disposition"),
        (3.0, "emergency", "E3", "emergency"),
        (4.0, "unassessed", "", "cannot_assess"),
    ]
    assert rows[0].findings == "pump_alarm" and rows[1].findings == "seizure"
    assert all("never stored" not in str(r) for r in rows)


def test_the_disposition_payload_wins_over_the_emergency_reply_of_the_same_turn():
    payload = dict(PAYLOAD, level="emergency", rules=["E3"])
    rows = audit.turn_records("c1", [user(1.0, SEIZURE), bot(1.1, utter="utter_emergency"), bot(1.2, triage=payload)])
    assert [(r.level, r.outcome) for r in rows] == [("emergency", "disposition")]


def test_rows_are_unique_per_turn_and_export_as_csv():
    engine = sa.create_engine("sqlite://")
    audit.create_table(engine)
    rows = audit.turn_records("c1", [user(1.0), bot(1.1, triage=PAYLOAD)])
    with engine.begin() as connection:
        audit.insert(connection, rows)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        audit.insert(connection, rows)  # the same turn twice
    out = io.StringIO()
    assert audit.export_csv(engine, out) == 1
    header, line = out.getvalue().splitlines()
    assert header.startswith("conversation_id,turn_at,given_at,channel,level,rules")
    assert ",same_day,S1,itb-triage-v1.1,pump_alarm,disposition" in line
