"""Screening: worst first, only what is not known, yes means concern, stops when nothing can change."""
import pytest

from triage.findings import Finding
from triage.protocol import load_protocol
from triage.screening import NO, UNSURE, YES, answer_findings, next_question, read_answer

PROTOCOL = load_protocol()
ORDER = [q.id for q in PROTOCOL.screening]


def asked_in_order(findings, answer=NO):
    answered, asked = {}, []
    while (question := next_question(findings, answered)) is not None:
        asked.append(question.id)
        answered[question.id] = answer
        findings = answer_findings(question, answer, findings)
    return asked


def test_a_message_with_no_sign_gets_the_quick_screen_first():
    assert next_question([], {}).id == "any"
    assert next_question([], {"any": NO}) is None


def test_quick_screen_yes_starts_the_full_screening_worst_first():
    assert next_question([], {"any": YES}).id == ORDER[0]


def test_a_reported_sign_is_screened_worst_first_and_known_questions_are_skipped():
    asked = asked_in_order([Finding("pump_alarm")])
    assert asked == [q for q in ORDER if q in asked]       # protocol order
    assert "pump" not in asked                            # already told us
    assert asked[:4] == ["breathing", "waking", "seizure", "confusion"]


def test_a_denied_sign_is_not_asked_again():
    asked = asked_in_order([Finding("stiffness"), Finding("fever", "negated")])
    assert "fever" not in asked


def test_screening_stops_at_the_first_yes_that_makes_it_an_emergency():
    assert asked_in_order([Finding("pump_alarm")], answer=YES) == ["breathing"]


def test_not_sure_counts_as_concern():
    question = PROTOCOL.question("breathing")
    assert any(f.sign == "breathing_problem" and f.present for f in answer_findings(question, UNSURE, []))


@pytest.mark.parametrize("text,expected", [
    ("yes", YES), ("Yeah", YES), ("yes she's much sleepier", YES), ("no", NO), ("nope, she's fine", NO),
    ("not sure", UNSURE), ("I don't know", UNSURE), ("maybe", UNSURE), ("a bit", UNSURE), ("idk", UNSURE),
    ("he is breathing ok", None), ("she's been a bit itchy today actually", None), ("what?", None),
])
def test_reading_answers(text, expected):
    assert read_answer(text) == expected
