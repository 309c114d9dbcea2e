"""Words for a parent at 2 am (issue 15): every message the family can read is at grade 6 or below, measured
by a library (textstat's Flesch-Kincaid grade) on the text as sent, with the clinic's names and numbers.

A list line counts as one sentence, as plain-language guides count it: textstat only ends a sentence at
punctuation, so "- a seizure" followed by "- confused" would otherwise be read as one long sentence.
The Spanish reply is measured on its English half only (the formula is for English).
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import textstat

from channels import sms
from tests.unit.test_wording import all_texts
from triage.clinic import load_clinic
from triage.protocol import EMERGENCY, SAME_DAY, load_protocol
from triage.replies import fill
from triage.simulate import OfflineConversation

GRADE = 6.0
CLINIC = load_clinic()
PROTOCOL = load_protocol()
NIGHT = datetime(2025, 3, 11, 2, tzinfo=ZoneInfo(CLINIC.timezone))
DAY = datetime(2025, 3, 11, 11, tzinfo=ZoneInfo(CLINIC.timezone))  # a Tuesday, the clinic open


def reading_grade(text: str) -> float:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return float(textstat.flesch_kincaid_grade(" ".join(line if line[-1] in ".?!" else line + "." for line in lines)))


def english(name: str, text: str) -> str:
    return text.split("\n\n", 1)[1] if name == "conversation spanish" else text


def questions():
    grouped = PROTOCOL.grouped
    for q in PROTOCOL.screening + (PROTOCOL.quick_screen, PROTOCOL.how_high, grouped.question, grouped.which):
        yield f"question {q.id}", q.text
        if q.reask:
            yield f"reask {q.id}", q.reask
    for member in grouped.members:  # the grouped question narrowed to one member is the shortest
        yield f"question {grouped.question.id} {member}", grouped.narrowed([member]).question.text


TEXTS = [(name, english(name, text)) for name, text, _ in all_texts()] + list(questions())


def test_the_measure_reads_a_list_line_as_a_sentence():
    listed = "Call 911 if your child:\n- has trouble breathing\n- is very hard to wake\n- has a seizure"
    assert reading_grade(listed) < reading_grade(listed.replace("\n", " ")) - 3


def test_the_measure_finds_hard_words():
    hard = "Stopping intrathecal baclofen abruptly can precipitate hyperthermia and multisystem organ failure."
    assert reading_grade(hard) > 12
    assert reading_grade("Call 911 now. Then call the pump team.") < GRADE


@pytest.mark.parametrize("name, text", TEXTS, ids=[t[0] for t in TEXTS])
@pytest.mark.parametrize("when", [DAY, NIGHT], ids=["day", "night"])
def test_every_text_is_grade_6_or_below(name, text, when):
    for part in fill(text, CLINIC, when).split("\n\n"):  # each paragraph is sent as its own message
        assert reading_grade(part) <= GRADE, part


@pytest.mark.parametrize("word", ["HELP", "STOP", "START"])
def test_the_sms_keyword_replies_are_grade_6_or_below(word, tmp_path):
    channel = sms.SmsInput("token", None, str(tmp_path / "opt-out.db"))
    (reply,) = channel._keyword_reply("+15550100", word)
    assert reading_grade(reply) <= GRADE, reply


CONVERSATIONS = [
    ["my son is breathing really slowly and I cannot wake him"],
    ["she had a seizure and she has a fever of 38.5"],
    ["his pump is beeping", "no"],
    ["she is really floppy and sleepy since the dose went up"],
    ["he is itchy and his legs are stiffer"],
    ["temp 38.4", "no"],
    ["can she go swimming?", "no"],
    ["what do I tell the babysitter?", "no"],
    ["what are the signs of withdrawal?", "no"],
]


@pytest.mark.parametrize("messages", CONVERSATIONS, ids=[c[0] for c in CONVERSATIONS])
def test_every_message_of_a_conversation_is_grade_6_or_below(messages):
    conversation = OfflineConversation()
    for message in messages + ["no"] * 9:
        for reply in conversation.send(message):
            if reply.get("text") and not reply["text"].startswith("Si su hijo"):
                assert reading_grade(reply["text"]) <= GRADE, reply["text"]


@pytest.mark.parametrize("messages", CONVERSATIONS, ids=[c[0] for c in CONVERSATIONS])
def test_a_level_reply_names_the_drug_once_where_a_doctor_needs_it(messages):
    """The emergency line tells the staff "intrathecal baclofen pump"; the family's own lines say "the
    pump medicine", so the drug's name is said once in a reply that gives a level."""
    conversation = OfflineConversation()
    for message in messages + ["no"] * 9:
        before = conversation.state.level
        text = " ".join(r.get("text") or "" for r in conversation.send(message))
        if conversation.state.level in (EMERGENCY, SAME_DAY) and conversation.state.level != before:
            assert len(re.findall(r"baclofen", text, re.I)) <= 1, text
            if "intrathecal" in text:
                assert re.search(r"Tell the staff [^.]*intrathecal baclofen", text), text


def test_the_drug_is_named_for_the_staff_in_the_emergency_line():
    assert "Tell the staff your child has an intrathecal baclofen pump" in PROTOCOL.level_text[EMERGENCY]
