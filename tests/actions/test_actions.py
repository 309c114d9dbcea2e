"""action_triage_turn: the thin Rasa shell around the screening policy (tested with CollectingDispatcher
and trackers built in fixtures, as RasaHQ/rasa-demo does)."""

from actions.triage_turn import ActionTriageTurn, message_of


def payload(dispatcher):
    found = [m["custom"]["triage"] for m in dispatcher.messages if (m.get("custom") or {}).get("triage")]
    return found[-1] if found else None


def texts(dispatcher):
    return " ".join(m.get("text") or "" for m in dispatcher.messages)


def slot(events, name):
    return next(e["value"] for e in events if e.get("event") == "slot" and e["name"] == name)


async def run(dispatcher, tracker):
    return await ActionTriageTurn().run(dispatcher, tracker, {})


async def test_an_emergency_sets_the_level_and_sends_the_payload(dispatcher, tracker_for):
    events = await run(dispatcher, tracker_for(["she had a seizure"]))
    assert slot(events, "triage_level") == "emergency"
    assert payload(dispatcher) == {
        "level": "emergency",
        "rules": ["E3"],
        "protocol_version": "itb-triage-v1.1",
        "findings": ["seizure"],
    }
    assert texts(dispatcher).startswith("EMERGENCY") and "911" in texts(dispatcher)


async def test_the_emergency_line_is_not_repeated_after_rasa_sent_it(dispatcher, tracker_for):
    await run(dispatcher, tracker_for(["she had a seizure"], bot_after="utter_emergency"))
    assert "EMERGENCY" not in texts(dispatcher)
    assert payload(dispatcher)["level"] == "emergency"


async def test_same_day_advice_comes_before_the_first_question(dispatcher, tracker_for):
    events = await run(dispatcher, tracker_for(["the pump is beeping"]))
    assert slot(events, "triage_level") == "same_day"
    first_button = next(i for i, m in enumerate(dispatcher.messages) if m.get("buttons"))
    assert "right away" in dispatcher.messages[0]["text"] and "555-0199" in dispatcher.messages[0]["text"]
    assert first_button > 0


async def test_questions_carry_the_token_of_the_question_they_answer(dispatcher, tracker_for):
    events = await run(dispatcher, tracker_for(["the pump is beeping"]))
    state = slot(events, "triage_state")
    buttons = next(m["buttons"] for m in dispatcher.messages if m.get("buttons"))
    assert [b["title"] for b in buttons] == ["Yes", "No", "Not sure"]
    assert {b["reply_to"] for b in buttons} == {state["token"]}


async def test_an_old_button_answers_nothing(dispatcher, tracker_for):
    first = await run(dispatcher, tracker_for(["the pump is beeping"]))
    state = slot(first, "triage_state")
    tracker = tracker_for(["Yes"], slots={"triage_state": state})
    tracker.latest_message["metadata"] = {"reply_to": "breathing:1"}
    events = await run(dispatcher, tracker)
    assert slot(events, "triage_state") == state
    assert slot(events, "triage_level") == "same_day"


async def test_a_typed_answer_is_read_against_the_open_question(dispatcher, tracker_for):
    first = await run(dispatcher, tracker_for(["the pump is beeping"]))
    tracker = tracker_for(["no, his breathing is normal"], slots={"triage_state": slot(first, "triage_state")})
    events = await run(dispatcher, tracker)
    assert slot(events, "triage_level") == "same_day"
    assert slot(events, "triage_state")["answers"] == {"red_flags": "no"}


async def test_the_message_is_read_from_the_tracker(tracker_for):
    tracker = tracker_for(["can she swim?"], intent="faq", topic=("bathing_swimming", 0.9))
    message = message_of(tracker)
    assert message.intent == "faq" and message.topic == "bathing_swimming" and message.topic_confidence == 0.9


async def test_a_routine_question_gets_the_quick_screen_then_its_answer(dispatcher, tracker_for):
    first = await run(dispatcher, tracker_for(["can she swim?"], intent="faq", topic=("bathing_swimming", 0.9)))
    assert "unwell in any way" in texts(dispatcher) and payload(dispatcher) is None
    after = tracker_for(["no"], slots={"triage_state": slot(first, "triage_state")})
    dispatcher.messages.clear()
    events = await run(dispatcher, after)
    assert payload(dispatcher)["rules"] == ["R2"] and slot(events, "triage_level") == "routine"
    assert "swim" in texts(dispatcher).lower()
