"""Trackers and a dispatcher for testing actions without servers (as RasaHQ/rasa-demo does)."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from components.findings_extractor import finding_entities, routed_intent
from triage.extractor import extract_findings


def user_event(text: str) -> dict:
    findings = extract_findings(text)
    entities = finding_entities(findings, text)
    intent = routed_intent("report_problem", findings)
    return {
        "event": "user",
        "text": text,
        "parse_data": {"text": text, "intent": {"name": intent}, "entities": entities},
    }


def make_tracker(messages=(), slots=None, bot_after=None, intent=None, earlier_session=(), topic=None) -> Tracker:
    events = [user_event(text) for text in earlier_session] + [{"event": "session_started"}]
    for text in messages:
        events.append(user_event(text))
    if intent:
        events[-1]["parse_data"]["intent"] = {"name": intent}
    if topic:
        key, confidence = topic
        events[-1]["parse_data"]["response_selector"] = {
            "faq": {"response": {"intent_response_key": f"faq/{key}", "confidence": confidence}}
        }
    latest = events[-1]["parse_data"] if messages else {}
    if bot_after:
        events.append({"event": "bot", "text": "...", "metadata": {"utter_action": bot_after}})
    return Tracker("test", dict(slots or {}), latest, events, False, None, None, "action_listen")


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


@pytest.fixture
def tracker_for():
    return make_tracker
