"""action_give_disposition, the screening form's validation and its questions."""
from rasa_sdk.events import SlotSet

from actions.disposition import ActionGiveDisposition
from actions.screening_form import ValidateScreeningForm
from actions.screening_questions import ASK_ACTIONS


def payload(dispatcher):
    return next(m["custom"]["triage"] for m in dispatcher.messages if m.get("custom"))


def texts(dispatcher):
    return " ".join(m.get("text") or "" for m in dispatcher.messages)


async def test_emergency_disposition_sets_the_slot_and_sends_the_payload(dispatcher, tracker_for):
    events = await ActionGiveDisposition().run(dispatcher, tracker_for(["she had a seizure"]), {})
    assert SlotSet("triage_level", "emergency") in events
    assert payload(dispatcher) == {"level": "emergency", "rules": ["E3"], "protocol_version": "itb-triage-v1",
                                  "findings": ["seizure"]}
    assert "EMERGENCY" in texts(dispatcher) and "911" in texts(dispatcher)


async def test_emergency_header_is_not_repeated_after_utter_emergency(dispatcher, tracker_for):
    await ActionGiveDisposition().run(dispatcher, tracker_for(["she had a seizure"], bot_after="utter_emergency"), {})
    assert "EMERGENCY" not in texts(dispatcher)
    assert payload(dispatcher)["level"] == "emergency"


async def test_screening_answers_count_as_findings(dispatcher, tracker_for):
    tracker = tracker_for(["the pump is beeping"], slots={"screen_breathing": "no", "screen_stiffness": "yes"})
    await ActionGiveDisposition().run(dispatcher, tracker, {})
    assert payload(dispatcher)["rules"] == ["E12"]


async def test_findings_of_an_earlier_session_do_not_count(dispatcher, tracker_for):
    tracker = tracker_for(["can she swim?"], slots={"screen_any": "no"}, earlier_session=["she had a seizure"])
    await ActionGiveDisposition().run(dispatcher, tracker, {})
    assert payload(dispatcher)["level"] == "routine"


async def test_same_day_now_gives_the_after_hours_number(dispatcher, tracker_for):
    events = await ActionGiveDisposition().run(dispatcher, tracker_for(["the pump is beeping"]), {})
    assert SlotSet("triage_level", "same_day") in events
    assert "555-0199" in texts(dispatcher) and "right away" in texts(dispatcher)


async def test_a_question_with_nothing_found_is_r2(dispatcher, tracker_for):
    tracker = tracker_for(["can he swim?"], slots={"screen_any": "no"}, intent="faq")
    await ActionGiveDisposition().run(dispatcher, tracker, {})
    assert payload(dispatcher) == {"level": "routine", "rules": ["R2"], "protocol_version": "itb-triage-v1", "findings": []}


async def test_the_level_never_goes_down(dispatcher, tracker_for):
    tracker = tracker_for(["sorry, she is fine, no fever"],
                          slots={"triage_level": "emergency", "triage_rules": ["E6"]})
    events = await ActionGiveDisposition().run(dispatcher, tracker, {})
    assert SlotSet("triage_level", "emergency") in events
    assert payload(dispatcher)["rules"] == ["E6"]


async def test_form_asks_worst_first_then_stops_when_nothing_can_change(dispatcher, tracker_for):
    form = ValidateScreeningForm()
    assert await form.required_slots([], dispatcher, tracker_for(["the pump is beeping"]), {}) == ["screen_breathing"]
    answered = {f"screen_{q}": "no" for q in ["breathing", "waking", "seizure", "confusion", "fever", "stiffness", "itch"]}
    assert await form.required_slots([], dispatcher, tracker_for(["the pump is beeping"], slots=answered), {}) == []


async def test_form_validates_free_text_answers(dispatcher, tracker_for):
    form = ValidateScreeningForm()
    tracker = tracker_for(["he's breathing fine"])
    assert form.validate_screen_breathing("he's breathing fine", dispatcher, tracker, {}) == {
        "screen_breathing": "no", "unclear_answers": 0}
    assert form.validate_screen_fever("not sure", dispatcher, tracker, {})["screen_fever"] == "unsure"


async def test_an_unclear_answer_is_asked_again_once_then_counts_as_not_sure(dispatcher, tracker_for):
    form = ValidateScreeningForm()
    first = form.validate_screen_seizure("what?", dispatcher, tracker_for(["what?"]), {})
    assert first == {"screen_seizure": None, "unclear_answers": 1}
    assert "Yes, No or Not sure" in texts(dispatcher)
    second = form.validate_screen_seizure("hmm", dispatcher, tracker_for(["hmm"], slots={"unclear_answers": 1}), {})
    assert second["screen_seizure"] == "unsure"


async def test_each_question_has_an_ask_action_with_three_buttons(dispatcher, tracker_for):
    names = {cls().name() for cls in ASK_ACTIONS}
    assert "action_ask_screen_breathing" in names and "action_ask_screen_any" in names
    ask = next(cls for cls in ASK_ACTIONS if cls().name() == "action_ask_screen_breathing")()
    await ask.run(dispatcher, tracker_for([]), {})
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Yes", "No", "Not sure"]


def test_a_care_question_the_classifier_missed_is_screened_not_dropped():
    from components.findings_extractor import routed_intent

    assert routed_intent("deny", [], "she is fine, no fever, just want to know if she can have a bath") == "faq"
    assert routed_intent("out_of_scope", [], "what are the signs of withdrawal?") == "faq"
    assert routed_intent("deny", [], "no") == "deny"
    assert routed_intent("out_of_scope", [], "tell me a joke") == "out_of_scope"


async def test_a_same_day_finding_is_said_before_the_first_question(dispatcher, tracker_for):
    ask = next(cls for cls in ASK_ACTIONS if cls().name() == "action_ask_screen_breathing")()
    await ask.run(dispatcher, tracker_for(["the pump is beeping"]), {})
    assert "call the Example Children's ITB Pump Team right away: 555-0199" in texts(dispatcher)
    assert dispatcher.messages[-1]["buttons"]


async def test_no_intro_once_screening_has_started(dispatcher, tracker_for):
    ask = next(cls for cls in ASK_ACTIONS if cls().name() == "action_ask_screen_waking")()
    await ask.run(dispatcher, tracker_for(["the pump is beeping"], slots={"screen_breathing": "no"}), {})
    assert len(dispatcher.messages) == 1


async def test_a_question_is_answered_after_the_triage_reply_and_before_the_reminder(dispatcher, tracker_for):
    tracker = tracker_for(["can she swim?"], slots={"screen_any": "no"}, intent="faq", topic=("bathing_swimming", 0.95))
    await ActionGiveDisposition().run(dispatcher, tracker, {})
    lines = [part for m in dispatcher.messages if m.get("text") for part in m["text"].split("\n\n")]
    assert "did not find a warning sign" in lines[0]
    assert "swim" in " ".join(lines[1:-1]) and "If anything changes" in lines[-1]
    assert next(m["custom"] for m in dispatcher.messages if m.get("custom"))["answer"] == {"topic": "bathing_swimming"}


async def test_an_uncertain_topic_gets_the_team_numbers_instead(dispatcher, tracker_for):
    tracker = tracker_for(["hmm about the thing"], slots={"screen_any": "no"}, intent="faq", topic=("travel", 0.2))
    await ActionGiveDisposition().run(dispatcher, tracker, {})
    assert "do not have a good answer" in texts(dispatcher) and "555-0100" in texts(dispatcher)


async def test_a_question_with_a_warning_sign_is_triaged_first_then_answered(dispatcher, tracker_for):
    tracker = tracker_for(["can she swim? she has had a fever since lunch"], intent="faq", topic=("bathing_swimming", 0.9))
    await ActionGiveDisposition().run(dispatcher, tracker, {})
    lines = [part for m in dispatcher.messages if m.get("text") for part in m["text"].split("\n\n")]
    assert lines[0].startswith("Call the Example") and any("swim" in line for line in lines[1:])


async def test_no_question_answer_under_an_emergency(dispatcher, tracker_for):
    tracker = tracker_for(["can she swim? she had a seizure"], intent="faq", topic=("bathing_swimming", 0.9))
    await ActionGiveDisposition().run(dispatcher, tracker, {})
    assert "swim" not in texts(dispatcher)


async def test_a_correction_keeps_the_level_and_says_so(dispatcher, tracker_for):
    from actions.correction import ActionAcknowledgeCorrection

    await ActionAcknowledgeCorrection().run(dispatcher, tracker_for(["sorry I meant she is NOT sleepy"],
                                                                  slots={"triage_level": "same_day"}), {})
    assert "keep the advice I already gave" in texts(dispatcher)


def test_spanish_is_recognised_and_english_is_not():
    from components.findings_extractor import is_spanish, routed_intent

    assert is_spanish("hola, mi hijo tiene fiebre") and is_spanish("la bomba está sonando por favor")
    assert not is_spanish("my son has a fever") and not is_spanish("no")
    assert routed_intent("greet", [], "mi hija no se despierta, ayuda") == "spanish"


def test_a_pump_brand_or_refill_date_alone_is_not_a_warning_sign():
    from components.findings_extractor import routed_intent
    from triage.extractor import extract_findings

    assert routed_intent("faq", extract_findings("when is the next refill due, she has a prometra pump")) == "faq"
