"""Numbers and names come from the clinic configuration, never from code or protocol text."""

import re
from pathlib import Path

from triage.clinic import Clinic
from triage.engine import assess
from triage.findings import Finding
from triage.replies import CONVERSATION_TEXTS, conversation_text, disposition_text, level_advice, triage_payload

ROOT = Path(__file__).resolve().parents[2]
OTHER = Clinic("Riverside Pump Service", "555-0111", "555-0122", "112")
PHONE = re.compile(r"\b(911|999|112|\d{3}[- ]\d{4})\b")


def test_every_level_uses_the_clinic_numbers():
    emergency = " ".join(level_advice(assess([Finding("seizure")]), OTHER))
    same_day = " ".join(level_advice(assess([Finding("pump_alarm")]), OTHER))
    routine = disposition_text(assess([]), OTHER)
    assert "112" in emergency and "911" not in emergency
    assert "555-0122" in same_day and "Riverside Pump Service" in same_day
    assert "555-0111" in routine and "112" in routine


def test_conversation_texts_name_no_number_of_their_own():
    for key in CONVERSATION_TEXTS:
        assert not PHONE.search(CONVERSATION_TEXTS[key]), key
        assert "555-0100" not in conversation_text(key, OTHER) and "555-0199" not in conversation_text(key, OTHER)


def test_no_phone_number_is_hard_coded_outside_the_clinic_configuration():
    sources = [
        *ROOT.glob("triage/*.py"),
        *ROOT.glob("triage/*.yml"),
        *ROOT.glob("actions/*.py"),
        *ROOT.glob("components/*.py"),
        ROOT / "domain.yml",
        *ROOT.glob("data/**/*.yml"),
    ]
    for path in sources:
        for line in path.read_text().splitlines():
            if not line.lstrip().startswith("#"):
                assert not PHONE.search(line), f"{path.name}: {line.strip()}"


def test_same_day_now_says_right_away():
    assert "right away" in " ".join(level_advice(assess([Finding("pump_alarm")]), OTHER))
    assert "today" in " ".join(level_advice(assess([Finding("fever")]), OTHER))


def test_the_routine_reply_after_a_quick_screen_no_never_says_no_warning_sign_was_found():
    assert "did not find a warning sign" in disposition_text(assess([]), OTHER)
    assert "did not find a warning sign" not in disposition_text(assess([]), OTHER, after_quick_screen=True)


def test_payload_shape():
    assert triage_payload("emergency", ("E1",), signs={"stiffness", "fever"}) == {
        "triage": {
            "level": "emergency",
            "rules": ["E1"],
            "protocol_version": "itb-triage-v1.1",
            "findings": ["fever", "stiffness"],
        }
    }
