"""SMS formatting: splitting long replies at sensible points, buttons as plain-text choices."""

from channels.sms import ANSWER_HINT, SMS_LIMIT, sms_texts, split_sms


def test_short_text_is_one_message():
    assert split_sms("Call the team now.") == ["Call the team now."]


def test_paragraphs_and_sentences_are_split_points():
    text = "First paragraph. " * 10 + "\n\n" + "Second one here."
    parts = split_sms(text, limit=100)
    assert all(len(p) <= 100 for p in parts) and parts[-1] == "Second one here."
    assert all(p.endswith(".") for p in parts)


def test_a_very_long_word_run_is_still_cut_below_the_limit():
    parts = split_sms("word " * 200)
    assert all(0 < len(p) <= SMS_LIMIT for p in parts) and "".join(parts).replace(" ", "") == "word" * 200


def test_buttons_become_a_reply_hint_and_payloads_are_dropped():
    texts = sms_texts(
        [
            {"text": "Is the pump beeping?", "buttons": [{"title": "Yes", "payload": "Yes"}]},
            {"custom": {"triage": {"level": "same_day"}}},
        ]
    )
    assert texts == [f"Is the pump beeping? {ANSWER_HINT}"]


# --- the order of an emergency's messages (issue 15: carriers may deliver later ones first) --------------

import re  # noqa: E402
from datetime import datetime  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import pytest  # noqa: E402

from channels.sms import NUMBERING, one_segment, segment_size  # noqa: E402
from triage.conversation import Message, State, step  # noqa: E402
from triage.simulate import OfflineConversation, turn_messages  # noqa: E402


@pytest.mark.parametrize(
    "message",
    [
        "she had a seizure",
        "my son is not breathing properly and his lips are blue",
        "temp 40.2 and he is really stiff",
        "the pump is beeping and she is itchy all over",
    ],
)
def test_an_emergencys_first_sms_is_one_segment_that_stands_alone_and_the_rest_are_numbered(message):
    texts = sms_texts(OfflineConversation().send(message))
    first, rest = texts[0], texts[1:]
    assert one_segment(first) and segment_size(first) == 160, first
    assert first.startswith("EMERGENCY") and "call 911" in first and "emergency department" in first
    assert rest and all(t.startswith(f"({i}/{len(texts)}) ") for i, t in enumerate(rest, start=2))
    assert all(len(t) <= SMS_LIMIT for t in texts)


def test_a_reply_of_one_sms_is_not_numbered_and_a_longer_one_is():
    assert sms_texts([{"text": "Take your time."}]) == ["Take your time."]
    texts = sms_texts([{"text": "First."}, {"text": "Second."}, {"text": "Third."}])
    assert texts == ["First.", "(2/3) Second.", "(3/3) Third."]


def test_numbered_parts_still_fit_in_two_segments():
    texts = sms_texts([{"text": "Sentence number one is here. " * 40}])
    assert len(texts) > 2 and all(len(t) <= SMS_LIMIT for t in texts)
    assert all(re.match(r"^\(\d+/\d+\) ", t) for t in texts[1:]) and NUMBERING >= len(f"({len(texts)}/{len(texts)}) ")


def test_a_character_outside_gsm7_makes_a_segment_70_characters():
    assert segment_size("Call 911 now.") == 160 and segment_size("Llame al 911 ahora, ¿qué? ñ") == 160
    assert segment_size("¿sí?") == 70  # í is not GSM-7
    assert segment_size("It’s an emergency") == 70 and not one_segment("It’s " + "x" * 70)
    assert one_segment("x" * 160) and not one_segment("x" * 159 + "€")  # € takes two characters


@pytest.mark.parametrize("hour", [2, 10], ids=["night", "day"])
def test_the_spanish_reply_is_one_gsm7_segment_in_spanish_then_the_english(hour):
    """Issue 15: Spanish got the numbers only, as four UCS-2 segments. Its Spanish text is now one GSM-7
    segment that stands alone (the emergency number first, then the team's), and the English follows."""

    when = datetime(2026, 11, 24, hour, tzinfo=ZoneInfo("America/Chicago"))
    message = Message("hola, mi hijo tiene fiebre y no se que hacer", intent="spanish")  # the classifier's
    texts = sms_texts(turn_messages(step(State(), message, when=when)))
    spanish = texts[0]
    assert spanish.startswith("Si su hijo") and segment_size(spanish) == 160 and one_segment(spanish)
    assert "911" in spanish and "555-0100" in spanish and "555-0199" in spanish
    assert any(t.startswith("(2/") and "If your child is struggling to breathe" in t for t in texts)
