"""The summary a family can show at the emergency department, and the on-call team's call-back (issue 15,
"What parents have elsewhere"). Built from findings only: never the family's own words."""

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from triage.clinic import load_clinic
from triage.conversation import Message, State, step
from triage.extractor import extract_findings
from triage.protocol import load_protocol
from triage.schema import check_summary
from triage.simulate import OfflineConversation
from triage.summary import FOR_STAFF, SUMMARY_PATH, summary_words

PROTOCOL = load_protocol()
TUESDAY_2AM_CHICAGO = datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)


def payloads(replies):
    return [r["custom"] for r in replies if r.get("custom")]


def play(messages, when=TUESDAY_2AM_CHICAGO):
    conversation, replies = OfflineConversation(when=when), []
    for message in messages:
        replies += conversation.send(message)
    return conversation, replies


def sections(summary):
    return {s["heading"]: s["lines"] for s in summary["sections"]}


def test_an_emergency_carries_a_summary_of_signs_reported_and_denied_with_the_pump_facts():
    _, replies = play(["she had a seizure, temp 40,4", "no", "no"])
    summary = payloads(replies)[-1]["summary"]
    got = sections(summary)
    assert summary["title"] == "Summary for the emergency department"
    assert got["Time"] == ["2026-11-24 02:00 (America/Chicago)"]
    assert got["Advice given"][0].startswith("Emergency: call 911")
    assert got["Advice given"][1] == f"Protocol rules: E3, E6 ({PROTOCOL.version})"
    assert "seizure" in got["Signs the family reported"]
    assert "fever (highest reading 40.4 C / 104.7 F)" in got["Signs the family reported"]
    assert any("sepsis" in line for line in got[FOR_STAFF])
    assert any("555-0199" in line and "Example Children's ITB Pump Team" in line for line in got[FOR_STAFF])
    assert "automated" in summary["footer"] and "not a medical record" in summary["footer"]


def test_signs_the_family_denied_are_listed_as_not_there():
    _, replies = play(["his pump is beeping", "no", "no", "no", "no"])
    got = sections(payloads(replies)[-1]["summary"])
    assert got["Signs the family reported"] == ["pump alarm or beeping"]
    assert "seizure" in got["Signs the family said were not there"]
    assert "fever" in got["Signs the family said were not there"]


def test_the_summary_holds_no_word_the_family_typed():
    words = "my grandson Tobias has a temp of 39,4 and he is shaking like a leaf, mum is at work"
    _, replies = play([words, "no"])
    text = str(payloads(replies))
    assert "Tobias" not in text and "grandson" not in text and "leaf" not in text


def test_a_routine_disposition_carries_no_summary():
    _, replies = play(["when is the next refill due?", "no"])
    assert payloads(replies) and not any("summary" in p for p in payloads(replies))


def test_the_summary_follows_what_the_family_says_after_the_level():
    _, replies = play(["his pump is beeping", "no"])
    before = sections(payloads(replies)[-1]["summary"])["Signs the family said were not there"]
    conversation, replies = play(["his pump is beeping", "no", "no"])
    after = sections(payloads(replies)[-1]["summary"])["Signs the family said were not there"]
    assert len(after) > len(before)


@pytest.mark.parametrize("request_words", ["SUMMARY", "summary please", "can i have the summary"])
def test_the_word_summary_gets_the_summary_as_text_and_the_open_question_again(request_words):
    conversation, _ = play(["his pump is beeping"])
    open_question = conversation.state.open
    replies = [r["text"] for r in conversation.send(request_words) if r.get("text")]
    assert replies[0] == "Summary for the emergency department"  # each paragraph is a message
    assert "Signs the family reported:\n- pump alarm or beeping" in replies
    assert conversation.state.open == open_question and replies[-1].endswith("?")


def test_a_summary_before_any_level_says_when_it_will_be_ready():
    conversation = OfflineConversation()
    conversation.send("hi")
    (reply,) = [r["text"] for r in conversation.send("summary") if r.get("text")]
    assert "once I have checked" in reply


def test_every_level_reply_says_how_to_get_the_summary():
    for message in ("she had a seizure", "his pump is beeping", "temp 38.4"):
        text = " ".join(r.get("text") or "" for r in OfflineConversation().send(message))
        assert "Send the word SUMMARY" in text, message


def test_every_sign_a_rule_uses_has_a_name_for_the_staff():
    used = {sign for rule in PROTOCOL.rules for sign in PROTOCOL.signs_in(rule.when)}
    assert used - {"medtronic"} <= set(summary_words()["signs"])


def test_an_unknown_sign_in_the_summary_file_is_refused():
    data = yaml.safe_load(SUMMARY_PATH.read_text())
    data["signs"]["feverr"] = "fever"
    with pytest.raises(ValueError, match="summary.yml: signs: unknown sign 'feverr'"):
        check_summary(data, Path("summary.yml"))


# --- the on-call team, when the clinic turns escalation on ------------------------------------------------


def clinic_with(**escalation):
    return replace(load_clinic(), escalation={"url": "http://127.0.0.1:9/oncall", "when": "always", **escalation})


def send(state, text, clinic, channel="sms"):
    return step(state, Message(text, tuple(extract_findings(text)), channel=channel), clinic=clinic)


def test_the_family_is_told_the_on_call_team_has_been_told_only_when_it_is():
    told = send(State(), "his pump is beeping", clinic_with())
    assert any("sent a note to the on-call team" in t for t in told.texts)
    quiet = send(State(), "his pump is beeping", load_clinic())  # escalation off: no url
    assert not any("on-call team" in t for t in quiet.texts)


def test_on_sms_the_family_can_ask_for_a_call_back_and_the_team_is_asked():
    clinic = clinic_with(callback=True)
    first = send(State(), "his pump is beeping", clinic)
    assert any("send CALL ME" in t for t in first.texts)
    turn = send(first.state, "call me back", clinic)
    assert turn.callback and "asked the on-call team to call this number back" in turn.texts[0]
    assert turn.texts[-1] == first.texts[-1], "the open question is asked again"


@pytest.mark.parametrize(
    "clinic, channel",
    [(clinic_with(callback=True), "webchat"), (clinic_with(), "sms"), (load_clinic(), "sms")],
    ids=["web chat: no number to call", "callbacks off", "escalation off"],
)
def test_no_call_back_is_promised_where_it_cannot_happen(clinic, channel):
    first = send(State(), "his pump is beeping", clinic, channel)
    assert not any("CALL ME" in t for t in first.texts)
    turn = send(first.state, "call me", clinic, channel)
    assert not turn.callback and "I cannot ask for a call back here" in turn.texts[0]
