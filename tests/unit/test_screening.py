"""Screening order and protocol v1.1 "Reading answers": one test per row of the protocol's section."""

import pytest

from triage.extractor import extract_findings, typed_temperature
from triage.findings import Finding
from triage.protocol import load_protocol
from triage.screening import (
    GOODBYE,
    GREETING,
    NO,
    THANKS,
    UNSURE,
    YES,
    Reading,
    answer_findings,
    next_question,
    not_an_answer,
    read_reply,
    words_answer,
)

PROTOCOL = load_protocol()
ORDER = [q.id for q in PROTOCOL.screening]


def asked_in_order(findings, answer=NO):
    answered, asked = {}, []
    while (question := next_question(findings, answered)) is not None:
        asked.append(question.id)
        answered[question.id] = answer
        findings = answer_findings(question, Reading(answer), findings)
    return asked


def reply(question_id, text):
    return read_reply(PROTOCOL.question(question_id), text, extract_findings(text))


def test_a_routine_question_with_no_sign_gets_the_quick_screen_first():
    assert next_question([], {}, quick_screen=True).id == "any"
    assert next_question([], {"any": NO}, quick_screen=True) is None


def test_quick_screen_yes_starts_the_full_screening_with_the_grouped_red_flag_question():
    assert next_question([], {"any": YES}, quick_screen=True).id == PROTOCOL.grouped.question.id


def test_a_worry_without_a_question_is_screened_in_full():
    assert next_question([], {}).id == PROTOCOL.grouped.question.id


def test_a_reported_sign_is_screened_worst_first_and_known_questions_are_skipped():
    asked = asked_in_order([Finding("pump_alarm")])
    assert asked[0] == "red_flags"  # questions 1-4 as one (v1.1 "Fewer turns")
    assert "pump" not in asked  # already told us
    assert asked[1:] == [q for q in ORDER if q in asked[1:]]


def test_one_remaining_red_flag_question_is_asked_alone():
    findings = [
        Finding("pump_alarm"),
        Finding("breathing_problem", "negated"),
        Finding("hard_to_wake", "negated"),
        Finding("seizure", "negated"),
    ]
    assert next_question(findings, {}).id == "confusion"


def test_a_denied_sign_is_not_asked_again():
    assert "fever" not in asked_in_order([Finding("stiffness"), Finding("fever", "negated")])


def test_screening_stops_at_the_first_yes_that_makes_it_an_emergency():
    assert asked_in_order([Finding("pump_alarm")], answer=YES) == ["red_flags"]


def test_a_fever_without_a_reading_is_asked_how_high_once():
    findings = [Finding("fever"), Finding("stiffness", "negated")]
    answered = {"red_flags": NO}
    findings += answer_findings(PROTOCOL.grouped.question, Reading(NO), [])
    assert next_question(findings, answered).id == "how_high"
    assert next_question(findings, {**answered, "how_high": NO}).id != "how_high"


def test_a_same_day_level_still_asks_the_fever_question_because_of_e6():
    findings = [Finding("sweating")] + answer_findings(PROTOCOL.grouped.question, Reading(NO), [])
    assert next_question(findings, {"red_flags": NO}).id == "fever"


def test_not_sure_counts_as_concern():
    question = PROTOCOL.question("breathing")
    assert any(f.sign == "breathing_problem" and f.present for f in answer_findings(question, Reading(UNSURE), []))


@pytest.mark.parametrize(
    "question,text,expected",
    [
        # rule 1: a reassurance naming the asked sign is a no; the sign described is a yes
        ("breathing", "no, his breathing is normal", NO),
        ("breathing", "her breathing is fine", NO),
        ("waking", "she's really hard to wake", YES),
        ("stiffness", "his muscle tone is as usual", NO),
        # rule 2: the yes family
        ("seizure", "yes", YES),
        ("seizure", "ya", YES),
        ("stiffness", "a bit", YES),
        ("itch", "kind of", YES),
        ("stiffness", "sort of", YES),
        ("waking", "I think so?", YES),
        ("itch", "a little", YES),
        # rule 3: the unsure family
        ("confusion", "not sure", UNSURE),
        ("confusion", "dunno", UNSURE),
        ("confusion", "maybe", UNSURE),
        ("confusion", "I honestly can't tell, he doesn't talk", UNSURE),
        ("confusion", "hard to say", UNSURE),
        ("confusion", "idk", UNSURE),
        # rule 4: the no family, hedged negatives included
        ("waking", "I don't think so", NO),
        ("waking", "don't think so", NO),
        ("seizure", "nope", NO),
        ("seizure", "nah", NO),
        ("seizure", "not really", NO),
        ("seizure", "probably not", NO),
        ("confusion", "not that I noticed", NO),
        ("confusion", "he's fine", NO),
        ("seizure", "n", NO),
        # partial negatives stay negatives: the usual spasms, tiredness as a time of day (b5f-r01)
        ("stiffness", "nope, just her normal spasms when she's tired, nothing new", NO),
        ("stiffness", "no, only the usual stiffness in the mornings", NO),
        ("stiffness", "his usual spasms but a lot worse today", YES),
        # rule 6: anything else is unclear
        ("seizure", "what?", None),
        ("seizure", "hmm", None),
    ],
)
def test_reading_answers(question, text, expected):
    assert reply(question, text).answer == expected


@pytest.mark.parametrize(
    "question,text,celsius,expected",
    [
        # rule 5: a typed temperature is a reading that decides fever by its value
        ("fever", "38.4", 38.4, YES),
        ("fever", "ya 40,1", 40.1, YES),
        ("fever", "37.2", 37.2, NO),
        ("fever", "37.4 so no", 37.4, NO),
        ("how_high", "101.3F", 38.5, YES),
        ("how_high", "104.1 F", 40.06, YES),
    ],
)
def test_typed_temperatures(question, text, celsius, expected):
    reading = reply(question, text)
    assert reading.answer == expected and reading.celsius == pytest.approx(celsius, abs=0.01)


def test_a_reading_of_40_sets_very_high_fever():
    findings = answer_findings(PROTOCOL.question("fever"), Reading(YES, 40.1), [])
    assert any(f.sign == "very_high_fever" and f.present for f in findings)


@pytest.mark.parametrize(
    "text,kinds",
    [
        ("thanks!", {THANKS}),
        ("thank you, bye", {THANKS, GOODBYE}),
        ("ok thanks", {THANKS}),
        ("hi", {GREETING}),
        ("no thats all thanks", set()),
        ("yes", set()),
        ("thanks but he is stiffer", set()),
    ],
)
def test_not_an_answer(text, kinds):
    assert not_an_answer(text) == kinds


def test_tiredness_named_as_when_something_happens_is_not_drowsiness():
    said = extract_findings("nope, just her normal spasms when she's tired, nothing new")
    assert not [f for f in said if f.present]


def test_a_yes_said_as_a_clause_of_its_own_is_a_yes_in_a_reply():
    assert words_answer("now you say it, yes, the one on her back is red", clauses=True) == "yes"
    assert words_answer("hmm, well, no", clauses=True) == "no"
    assert words_answer("now you say it, yes, the one on her back is red") is None  # an opening is not a reply


def test_of_two_readings_the_higher_counts():
    assert typed_temperature("39.9 on the forehead, then 40.3 in her ear") == 40.3
    assert typed_temperature("no fever. the 40 degrees is the weather there") is None


def test_a_no_taken_back_in_the_same_reply_is_a_yes():
    assert words_answer("No... well, actually yes. I've tried to get her up twice", clauses=True) == YES
    assert words_answer("nope, wait, yeah", clauses=True) == YES
    assert words_answer("no, actually he is fine", clauses=True) == NO
    assert words_answer("no, well he is a bit tired", clauses=True) == NO


def test_after_an_mri_the_pump_kind_is_asked_because_a_prometra_makes_it_an_emergency():
    denied = answer_findings(PROTOCOL.grouped.question, Reading(NO), [])
    answered = {q: NO for q in ("red_flags", "fever", "stiffness", "itch")}
    for question_id in ("fever", "stiffness", "itch"):
        denied = answer_findings(PROTOCOL.question(question_id), Reading(NO), denied)
    assert next_question([Finding("mri")] + denied, answered).id == "pump_kind"
    assert next_question([Finding("mri"), Finding("medtronic")] + denied, answered) is None
    assert "pump_kind" not in asked_in_order([Finding("pump_alarm")])  # without an MRI it decides nothing


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes it's the prometra one", YES),
        ("it's a medtronic", NO),
        ("synchromed I think", NO),
        ("not sure, the hospital put it in", UNSURE),
        ("no", NO),
    ],
)
def test_reading_the_pump_kind(text, expected):
    assert reply("pump_kind", text).answer == expected


def test_the_reading_asked_for_by_how_high_decides_over_an_earlier_feeling_of_warmth():
    warm = [Finding("fever")]  # "he feels a bit warm"
    after = answer_findings(PROTOCOL.how_high, Reading(NO, 37.9), warm)
    assert "fever" not in {f.sign for f in after if f.present}
    # a reading typed to the fever question itself is added beside what was said
    assert "fever" in {
        f.sign for f in answer_findings(PROTOCOL.question("fever"), Reading(NO, 37.9), warm) if f.present
    }


@pytest.mark.parametrize(
    "text,celsius",
    [
        ("39 and a bit. not 40", 39.1),  # a value denied beside another reading
        ("not 40, its 39.2", 39.2),
        ("do i need to take him in or not 40.3 on the ear one", 40.3),  # alone it stays a reading (upward)
    ],
)
def test_a_value_denied_beside_another_reading_is_no_reading(text, celsius):
    assert typed_temperature(text) == celsius


@pytest.mark.parametrize(
    "reply", ["he is awake and smiling but it took me ages to wake him", "she is awake and happy but keeps zoning out"]
)
def test_awake_and_happy_with_more_after_it_is_no_denial(reply):
    protocol = load_protocol()
    assert read_reply(protocol.question("waking"), reply, extract_findings(reply), protocol).answer != "no"
