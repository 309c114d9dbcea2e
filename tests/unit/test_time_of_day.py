"""The team's numbers at the time of day (issue 15, item 3): the number that answers now comes first, in the
clinic's opening hours and timezone. A "right away, day or night" text gives the after-hours number first
whatever the time: that line answers day and night."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from triage.answers import _answers, topics
from triage.clinic import Clinic
from triage.engine import assess
from triage.findings import Finding
from triage.protocol import load_protocol
from triage.replies import CONVERSATION_TEXTS, conversation_text, disposition_text, fill, level_advice
from triage.simulate import OfflineConversation

CHICAGO = ZoneInfo("America/Chicago")
DAY, NIGHT = "555-0111", "555-0122"
WEEKDAYS = {day: ["08:00", "17:00"] for day in ("mon", "tue", "wed", "thu")}
CLINIC = Clinic(
    "Pump Team", DAY, NIGHT, "112", timezone="America/Chicago", opening_hours={**WEEKDAYS, "fri": ["08:00", "16:00"]}
)
# Clocks in the clinic's timezone (a Tuesday, a Friday, a Saturday), and one given in UTC.
TUESDAY_10AM = datetime(2025, 3, 11, 10, 0, tzinfo=CHICAGO)
TUESDAY_2AM = datetime(2025, 3, 11, 2, 0, tzinfo=CHICAGO)
FRIDAY_4_30PM = datetime(2025, 3, 14, 16, 30, tzinfo=CHICAGO)  # closed: Friday closes at 16:00
SATURDAY_11AM = datetime(2025, 3, 15, 11, 0, tzinfo=CHICAGO)
TUESDAY_10AM_IN_UTC = datetime(2025, 3, 11, 15, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in Chicago (CDT)
TUESDAY_2AM_IN_UTC = datetime(2025, 3, 11, 7, 0, tzinfo=ZoneInfo("UTC"))  # 02:00 in Chicago
OPEN = [TUESDAY_10AM, TUESDAY_10AM_IN_UTC]
CLOSED = [TUESDAY_2AM, FRIDAY_4_30PM, SATURDAY_11AM, TUESDAY_2AM_IN_UTC]
# Lists of numbers a family keeps for later (a trip, a babysitter): each number is labelled, none is "now".
KEPT_FOR_LATER = {"travel", "babysitter_school"}


def first_number(text):
    """The team number a text gives first (DAY or NIGHT), or None when it gives neither."""
    found = [(text.find(n), n) for n in (DAY, NIGHT) if n in text]
    return min(found)[1] if found else None


def every_template():
    """Every text that can give the team's numbers: conversation texts, level texts, advice, answers."""
    protocol = load_protocol()
    yield from ((f"conversation {k}", t) for k, t in CONVERSATION_TEXTS.items())
    yield from ((f"level_text {k}", t) for k, t in protocol.level_text.items())
    yield from ((f"advice {k}", a["text"]) for k, a in protocol.advice.items())
    yield from ((f"answer {k}", a["text"]) for k, a in topics().items() if k not in KEPT_FOR_LATER)
    yield "answer unknown", _answers()["unknown"]


@pytest.mark.parametrize("when", OPEN + CLOSED)
def test_every_sentence_giving_both_numbers_gives_the_one_that_answers_now_first(when):
    """A sentence with one number for one purpose ("to book a refill, call ... on <daytime>") is left as
    it is; a sentence saying "day or night" always starts with the after-hours number."""
    now = DAY if when in OPEN else NIGHT
    checked = 0
    for name, template in every_template():
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(fill(template, CLINIC, when).split())):
            if "day or night" in sentence and first_number(sentence):
                assert first_number(sentence) == NIGHT, f"{name}: {sentence}"
            elif DAY in sentence and NIGHT in sentence:
                checked += 1
                assert first_number(sentence) == now, f"{name}: {sentence}"
    assert checked >= 12  # the check reached the texts it is about


@pytest.mark.parametrize("when", OPEN)
def test_in_opening_hours_the_same_day_reply_gives_the_daytime_number_first(when):
    (reply,) = level_advice(assess([Finding("fever")]), CLINIC, when=when)
    assert reply.startswith(f"Call the Pump Team today: {DAY} ({NIGHT} when the clinic is closed).")


@pytest.mark.parametrize("when", CLOSED)
def test_at_night_and_at_the_weekend_the_same_day_reply_gives_the_after_hours_number_first(when):
    (reply,) = level_advice(assess([Finding("fever")]), CLINIC, when=when)
    assert reply.startswith(f"Call the Pump Team today: {NIGHT} ({DAY} when the clinic is open).")


@pytest.mark.parametrize("when", OPEN + CLOSED)
def test_a_right_away_day_or_night_level_gives_the_after_hours_number_first_at_any_time(when):
    (reply,) = level_advice(assess([Finding("pump_alarm")]), CLINIC, when=when)
    assert "right away, day or night" in reply and first_number(reply) == NIGHT


@pytest.mark.parametrize("when", OPEN + CLOSED)
def test_the_routine_reminder_gives_the_after_hours_number_first_for_a_beep_or_a_missed_refill(when):
    reminder = disposition_text(assess([]), CLINIC, when=when).split("\n\n")[-1]
    assert "beeps or a refill is missed" in reminder and first_number(reminder) == NIGHT


@pytest.mark.parametrize("when", OPEN + CLOSED)
def test_the_short_routine_reminder_gives_the_number_that_answers_now_first(when):
    reminder = conversation_text("routine_reminder_short", CLINIC, when)
    assert first_number(reminder) == (DAY if when in OPEN else NIGHT)


@pytest.mark.parametrize("when", OPEN + CLOSED)
def test_a_conversation_says_the_numbers_as_at_its_clock(when):
    """Through the screening policy: the same-day level, the closing text and the answer to the question."""
    conversation = OfflineConversation(when=when, clinic=CLINIC)
    texts = [r["text"] for r in conversation.send("she has a fever, can she go swimming?") if r.get("text")]
    while not any("those are all my questions" in t for t in texts):
        replies = conversation.send("no")
        texts += [r["text"] for r in replies if r.get("text")]
    same_day = next(t for t in texts if t.startswith("Call the Pump Team today"))
    closing = next(t for t in texts if "those are all my questions" in t)
    now = DAY if when in OPEN else NIGHT
    assert first_number(same_day) == now and first_number(closing) == now


def test_the_spanish_reply_gives_the_number_that_answers_now_first_in_both_languages():
    for when, now in ((TUESDAY_10AM, DAY), (SATURDAY_11AM, NIGHT)):
        spanish, english = conversation_text("spanish", CLINIC, when).split("\n\n")
        assert first_number(spanish) == now and first_number(english) == now


def test_a_clinic_with_no_opening_hours_is_never_open():
    closed = Clinic("Pump Team", DAY, NIGHT, "112")
    assert first_number(conversation_text("handoff", closed, TUESDAY_10AM)) == NIGHT
