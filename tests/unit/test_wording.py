"""Everything the family reads agrees with the protocol (issue 15, "Correct first"), by construction:

- every routine answer and every advice text names its sources, and each source is one the protocol lists;
- no text names a sign with a lower urgency than the sign's own rule (every pump beep is "right away, day
  or night"; a seizure is never "call the team");
- no reply that gives a same-day or emergency level reassures ("normal", "nothing to worry about").

A sign's urgency is read from protocol.yml (the level and `now` of the rule the sign alone meets), so a
clinician who changes a rule changes what the texts must say.
"""

import re
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import pytest

from triage.answers import topics
from triage.conversation import Message, State, step
from triage.engine import assess
from triage.extractor import extract_findings
from triage.findings import Finding
from triage.protocol import EMERGENCY, SAME_DAY, load_protocol
from triage.replies import CONVERSATION_TEXTS
from triage.schema import KNOWN_SOURCES, source_problem
from triage.simulate import OfflineConversation

PROTOCOL = load_protocol()
RULE_IDS = {r.id for r in PROTOCOL.rules} | {PROTOCOL.default_rule, PROTOCOL.question_rule}
SHARED_PROTOCOL = Path("/work/shared/clinical/itb-triage-protocol.md")

# How soon a text tells the family to act, lowest first.
ROUTINE_CALL, TODAY, NOW, CALL_911 = 0, 1, 2, 3
URGENCY_NAMES = {
    ROUTINE_CALL: "a routine call",
    TODAY: "today",
    NOW: "right away, day or night",
    CALL_911: "the emergency number",
}

# The words our texts use for each sign (the family-facing lexicon is far wider; these are the clinical
# texts' own words). A sentence naming one of these names that sign.
SIGN_WORDS: Dict[str, str] = {
    "breathing_problem": r"\bbreath",
    "hard_to_wake": r"hard to wake|unresponsive",
    "seizure": r"seizure|\bfits?\b|convulsion",
    "confusion": r"confus|seeing things",
    "very_high_fever": r"\b40 ?c\b|\b104 ?f\b",
    "fever": r"fever",
    "severe_rigidity": r"very stiff|severe stiffness|extreme\w* stiff|like a board|rigid",
    "stiffness": r"stiffness|stiffer|spasms|tighter",
    "itch": r"\bitch",
    "tingling": r"tingl|pins and needles",
    "pump_alarm": r"\bbeep|\balarm",
    "missed_refill": r"missed refill|refill is missed|missed a refill|overdue refill|refill is overdue"
    r"|refill date (has )?(already )?passed",
    "floppy": r"flopp|loss of muscle tone",
    "drowsy": r"sleepy|sleepier|sleepiness|drows",
    "fainting": r"faint|pass(es|ing)? out",
    "dizziness": r"dizz",
    "wound_problem": r"scar is red|\bleaking\b|\bdrainage\b|scar .*open",
    "swelling_growing": r"swelling (that )?(grows|is growing|gets bigger)",
    "sweating": r"sweat",
    "irritability": r"irritab|grump",
}
REASSURANCE = re.compile(
    r"\bnormal\b|nothing to worry|no need to worry|do not worry|don't worry|not serious|"
    r"nothing serious|harmless|\bexpected\b|is fine\b|no warning sign|did not find a warning",
    re.I,
)


def sign_urgency(sign: str) -> int:
    disposition = assess([Finding(sign)], PROTOCOL)
    if disposition.level == EMERGENCY:
        return CALL_911
    if disposition.level == SAME_DAY:
        return NOW if disposition.now else TODAY
    return ROUTINE_CALL


def sentence_urgency(sentence: str) -> Optional[int]:
    """How soon a sentence says to act (the lowest it says, if it says several); None: it says no action."""
    said = []
    if re.search(r"\{emergency_number\}|\b911\b|emergency department", sentence):
        said.append(CALL_911)
    if "right away" in sentence:
        said.append(NOW if "day or night" in sentence else TODAY)
    if re.search(r"\btoday\b|same day", sentence):
        said.append(TODAY)
    calls = len(re.findall(r"\b(call|phone|ring|message|tell|ask)\b", sentence, re.I))
    if calls > len(said):  # "call 911 for X, and call you and the team for Y": Y has no urgency
        said.append(ROUTINE_CALL)
    return min(said) if said else None


def named_signs(sentence: str) -> List[str]:
    return [sign for sign, words in SIGN_WORDS.items() if re.search(words, sentence, re.I)]


def sentences(text: str) -> List[str]:
    """The text's sentences; a list's lines ("- a seizure") belong to the sentence that introduces it."""
    found: List[str] = []
    for line in text.splitlines():
        if line.startswith("- ") and found:
            found[-1] += " " + line[2:]
        else:
            found += [s for s in re.split(r"(?<=[.!?])\s+", " ".join(line.split())) if s]
    return found


def urgency_problems(text: str, base: int = ROUTINE_CALL) -> List[str]:
    """What a text gets wrong. An action sentence may not name a sign more urgent than it says; a sign named
    anywhere must be covered by an action sentence that names it, or by the level the text is shown under
    (`base`, e.g. an advice text given only by emergency rules)."""
    problems, covered = [], {}
    for sentence in sentences(text):
        urgency = sentence_urgency(sentence)
        for sign in named_signs(sentence):
            if urgency is not None:
                covered[sign] = max(covered.get(sign, -1), urgency)
                if urgency < sign_urgency(sign):
                    problems.append(
                        f"{sign} is {URGENCY_NAMES[sign_urgency(sign)]} but this says "
                        f"{URGENCY_NAMES[urgency]}: {sentence!r}"
                    )
            else:
                covered.setdefault(sign, -1)
    for sign, urgency in covered.items():
        if max(urgency, base) < sign_urgency(sign):
            problems.append(f"{sign} is named but never with {URGENCY_NAMES[sign_urgency(sign)]}")
    return problems


def advice_base(key: str) -> int:
    """The least urgent level an advice text is shown under (the rules that give it)."""
    levels = [CALL_911 if r.level == EMERGENCY else NOW if r.now else TODAY for r in PROTOCOL.rules if key in r.advice]
    return min(levels) if levels else CALL_911  # `cards`: added to emergencies only (triage/replies.py)


def all_texts() -> Iterable[Tuple[str, str, int]]:
    for topic, entry in topics().items():
        yield f"answer {topic}", entry["text"], ROUTINE_CALL
    for key, entry in PROTOCOL.advice.items():
        yield f"advice {key}", entry["text"], advice_base(key)
    for key, text in PROTOCOL.level_text.items():
        yield f"level_text {key}", text, ROUTINE_CALL
    for key, text in CONVERSATION_TEXTS.items():
        yield f"conversation {key}", text, ROUTINE_CALL


# --- sources ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, entries", [("answer", topics()), ("advice", PROTOCOL.advice)])
def test_every_routine_answer_and_advice_text_names_known_sources(kind, entries):
    for key, entry in entries.items():
        assert entry["sources"], f"{kind} {key} has no sources"
        for source in entry["sources"]:
            assert source_problem(source, RULE_IDS) is None, f"{kind} {key}: {source_problem(source, RULE_IDS)}"


def test_a_made_up_source_is_refused():
    assert source_problem("S99", RULE_IDS) and source_problem("seed-009", RULE_IDS)
    assert source_problem("protocol E99", RULE_IDS) and source_problem("a blog", RULE_IDS)
    assert source_problem("protocol E1-E4", RULE_IDS) is None and source_problem("seed-003", RULE_IDS) is None


@pytest.mark.skipif(not SHARED_PROTOCOL.exists(), reason="the shared clinical protocol is not on this machine")
def test_the_known_sources_are_the_protocols_own_list():
    listed = set(re.findall(r"\b(S\d+) [A-Z]", SHARED_PROTOCOL.read_text().split("## Sources", 1)[1]))
    assert {s for s in KNOWN_SOURCES if s.startswith("S")} == listed


# --- urgency ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, text, base", list(all_texts()), ids=[t[0] for t in all_texts()])
def test_no_text_names_a_sign_with_a_lower_urgency_than_its_rule(name, text, base):
    assert urgency_problems(text, base) == []


def test_the_urgency_check_finds_what_issue_15_found():
    assert urgency_problems("A single beep about once an hour means the reservoir is low: call the team the same day.")
    assert urgency_problems("For high fever, floppiness or passing out, call the team right away, day or night.")
    assert urgency_problems("Call you and the team for a pump beep, more stiffness or fever.")
    assert urgency_problems("Any beep: call the team right away.")  # not "day or night"
    assert not urgency_problems("For any beep, call the team right away, day or night.")
    assert not urgency_problems("For a seizure, call {emergency_number}.")
    # a list's lines are read with the sentence that introduces them
    assert not urgency_problems(
        "Call {emergency_number} if your child:\n- has a seizure\nCall the team today for a fever."
    )
    assert urgency_problems("Call the team today if your child:\n- has a seizure\nCall {emergency_number} for a fever.")


def test_the_beeping_pump_is_never_told_to_wait():
    conversation, replies = OfflineConversation(), []
    for message in ("the pump beeps once every hour, what should I do?", "no", "no", "no", "no", "no", "no"):
        replies += [r["text"] for r in conversation.send(message) if r.get("text")]
    assert not [s for r in replies for s in sentences(r) if re.search(r"same day|\btoday\b", s) and "beep" in s]
    assert any("right away, day or night" in r for r in replies)


# --- reassurance -----------------------------------------------------------------------------------------


def test_no_routine_answer_or_advice_reassures():
    """A routine answer can follow a same-day level in the same reply, so none of them may reassure."""
    for key, entry in list(topics().items()) + list(PROTOCOL.advice.items()):
        assert not REASSURANCE.search(entry["text"]), key


@pytest.mark.parametrize(
    "messages",
    [
        ["the swelling by the pump is getting bigger, is that normal after surgery?"],
        ["the pump beeps once every hour, what should I do?"],
        ["she is itchy all over since her refill, is that normal?"],
        ["he has a fever of 38.5, is that normal?"],
        ["she had a seizure, is that normal with the pump?"],
    ],
)
def test_a_same_day_or_emergency_reply_never_reassures(messages):
    conversation = OfflineConversation()
    for message in messages + ["no"] * 9:
        texts = [r["text"] for r in conversation.send(message) if r.get("text")]
        if conversation.state.level in (SAME_DAY, EMERGENCY):
            assert not [t for t in texts if REASSURANCE.search(t)], texts
    assert conversation.state.level in (SAME_DAY, EMERGENCY)


# --- the quick screen (protocol v1.1) --------------------------------------------------------------------


def test_the_quick_screen_lists_every_sign_group_of_the_protocol():
    text = PROTOCOL.quick_screen.text.lower()
    for words in (
        "breathing",
        "sleepy",
        "floppy",
        "seizure",
        "confused",
        "fever",
        "stiffer",
        "spasms",
        "itchy",
        "tingling",
        "sweaty",
        "irritable",
        "dizzy",
        "fainting",
        "headache",
        "beeping",
        "missed refill",
        "mri",
        "fall on the pump",
        "scar",
    ):
        assert words in text, words


# --- what the assistant is (issue 15: said in every conversation's first reply) --------------------------


@pytest.mark.parametrize(
    "first",
    [
        "his pump is beeping",
        "hi",
        "she had a seizure",
        "can she go swimming?",
        "he is sleepier than usual",
        "hola, mi hijo tiene fiebre",
        "asdf qwerty",
    ],
)
def test_every_conversations_first_reply_says_not_a_doctor_and_not_reviewed(first):
    conversation = OfflineConversation()
    replies = conversation.send(first)
    text = " ".join(r.get("text") or "" for r in replies)
    assert "not a doctor" in text and "clinical team has not yet checked" in text
    said = [r for r in replies if r.get("text")]
    if any(r.get("buttons") for r in said):
        assert said[-1].get("buttons"), "the question stays the last message"
    second = " ".join(r.get("text") or "" for r in conversation.send("no"))
    assert "not a doctor" not in second


def test_an_emergency_still_comes_first_in_the_first_reply():
    replies = [r["text"] for r in OfflineConversation().send("she had a seizure") if r.get("text")]
    assert replies[0].startswith("EMERGENCY")


def test_the_two_tone_alarm_is_explained_once():
    """Issue 15: the level's advice and the routine answer both explained the two alarms."""
    state, said = State(), []
    for text, topic in [("the pump beeps once every hour, what should I do?", "alarms")] + [("no", None)] * 5:
        turn = step(state, Message(text, tuple(extract_findings(text)), topic=topic, topic_confidence=0.9))
        state, said = turn.state, said + turn.texts
    assert state.level == SAME_DAY and " ".join(said).count("two-tone alarm") == 1


def test_an_answer_that_restates_no_given_advice_is_still_given_after_a_same_day_level():
    state, said = State(), []
    for text, topic in [("can she go swimming? she is itchy all over", "bathing_swimming")] + [("no", None)] * 6:
        turn = step(state, Message(text, tuple(extract_findings(text)), topic=topic, topic_confidence=0.9))
        state, said = turn.state, said + turn.texts
    assert state.level == SAME_DAY and "I do not have guidance on baths" in " ".join(said)
