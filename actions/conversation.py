"""Reads the triage state of a conversation session from a rasa_sdk Tracker."""
from typing import Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from triage.findings import Finding
from triage.parse_contract import QUESTION_INTENT, QUESTION_KEY, message_findings
from triage.protocol import Protocol, ScreeningQuestion, load_protocol
from triage.screening import CONCERN, NO, answer_findings



def screening_slot(question: ScreeningQuestion) -> str:
    return f"screen_{question.id}"


def all_questions(protocol: Optional[Protocol] = None) -> List[ScreeningQuestion]:
    protocol = protocol or load_protocol()
    return list(protocol.screening) + [protocol.quick_screen]


def session_events(tracker: Tracker) -> List[dict]:
    """Applied events of the current session only. Rasa sends every event, and the SDK's
    applied_events() resets on restart but not on a new session."""
    events = tracker.applied_events()
    starts = [i for i, e in enumerate(events) if e.get("event") == "session_started"]
    return events[starts[-1] + 1:] if starts else events


def _session_user_events(tracker: Tracker) -> List[dict]:
    return [e for e in session_events(tracker) if e.get("event") == "user"]


def screening_answers(tracker: Tracker) -> Dict[str, str]:
    """question id -> yes / no / unsure, for the questions answered in this session."""
    answers = {}
    for question in all_questions():
        value = tracker.get_slot(screening_slot(question))
        if value in CONCERN + (NO,):
            answers[question.id] = value
    return answers


def session_findings(tracker: Tracker) -> List[Finding]:
    """Every finding of this session: what the family wrote, and their answers to screening questions."""
    findings = []
    for event in _session_user_events(tracker):
        findings += message_findings((event.get("parse_data") or {}).get("entities", []))
    protocol = load_protocol()
    for question_id, answer in screening_answers(tracker).items():
        findings = answer_findings(protocol.question(question_id), answer, findings)
    return findings




def _question_events(tracker: Tracker) -> List[dict]:
    """Messages that ask something: the faq intent, or a question routed elsewhere because it also
    reported a warning sign ("can she swim? she has had a fever since lunch")."""
    def is_question(parse_data: dict) -> bool:
        return (parse_data.get("intent") or {}).get("name") == QUESTION_INTENT or bool(parse_data.get(QUESTION_KEY))
    return [e for e in _session_user_events(tracker) if is_question(e.get("parse_data") or {})]


def asked_a_question(tracker: Tracker) -> bool:
    return bool(_question_events(tracker))


def question_topic(tracker: Tracker) -> Tuple[Optional[str], float]:
    """(topic, confidence) of the family's latest question this session, from the response selector."""
    for event in reversed(_question_events(tracker)):
        selected = ((event.get("parse_data") or {}).get("response_selector") or {}).get(QUESTION_INTENT) or {}
        response = selected.get("response") or {}
        key = response.get("intent_response_key") or ""
        if key.startswith(QUESTION_INTENT + "/"):
            return key.split("/", 1)[1], float(response.get("confidence") or 0.0)
    return None, 0.0


def last_bot_response(tracker: Tracker) -> Optional[str]:
    for event in reversed(session_events(tracker)):
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action")
    return None
