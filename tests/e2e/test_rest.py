"""The assistant end to end over the REST channel, with the real servers."""

import pytest
import requests

pytestmark = pytest.mark.servers


def texts(replies):
    return " ".join(r.get("text") or "" for r in replies)


def triage(replies):
    return next((r["custom"]["triage"] for r in replies if "triage" in (r.get("custom") or {})), None)


def no_until_disposition(servers, sender, replies, most=12):
    """Answers "no" to every screening question until the disposition arrives; returns that reply."""
    for _ in range(most):
        if triage(replies):
            return replies
        replies = servers.say(sender, "no")
    return replies


def test_red_flag_gets_emergency_guidance_and_payload_in_the_first_reply(servers, sender):
    replies = servers.say(sender, "my son is breathing really slowly and I cannot wake him")
    assert replies[0]["text"].startswith("EMERGENCY: call 911")
    assert "intrathecal baclofen pump" in replies[0]["text"]
    assert triage(replies) == {
        "level": "emergency",
        "rules": ["E1", "E2"],
        "protocol_version": "itb-triage-v1.1",
        "findings": ["breathing_problem", "hard_to_wake"],
    }
    assert servers.tracker(sender)["slots"]["triage_level"] == "emergency"


def test_greeting_shows_the_emergency_line_first(servers, sender):
    replies = servers.say(sender, "hi")
    assert "call 911 now" in replies[0]["text"] and "automated helper, not a doctor" in texts(replies)


def test_pump_beeping_is_screened_then_gets_call_now_with_the_after_hours_number(servers, sender):
    replies = servers.say(sender, "The pump is beeping")
    question = next(r for r in reversed(replies) if r.get("buttons"))
    assert "breathing" in question["text"] and [b["title"] for b in question["buttons"]] == ["Yes", "No", "Not sure"]
    assert texts(replies).index("right away") < texts(replies).index(question["text"])  # advice before questions
    replies = no_until_disposition(servers, sender, replies)
    assert triage(replies)["level"] == "same_day" and triage(replies)["rules"] == ["S1"]
    assert "right away" in texts(replies) and "555-0199" in texts(replies)


def test_a_red_flag_in_the_middle_of_screening_stops_it(servers, sender):
    servers.say(sender, "the pump is beeping")
    replies = servers.say(sender, "actually she just had a seizure")
    assert replies[0]["text"].startswith("EMERGENCY")
    assert triage(replies)["level"] == "emergency"
    assert servers.tracker(sender)["active_loop"] in ({}, None) or not servers.tracker(sender)["active_loop"].get(
        "name"
    )


def test_what_cannot_be_placed_is_never_silently_routine(servers, sender):
    replies = servers.say(sender, "asdfgh qwerty")
    assert replies and "did not understand" in texts(replies) and "911" in texts(replies)
    assert servers.tracker(sender)["slots"]["triage_level"] is None


def test_the_level_only_rises(servers, sender):
    servers.say(sender, "fever of 40.5")
    no_until_disposition(servers, sender, servers.say(sender, "sorry my mistake, no fever, she is fine"))
    assert servers.tracker(sender)["slots"]["triage_level"] == "emergency"


def test_start_over_never_erases_a_level(servers, sender):
    servers.say(sender, "she had a seizure")
    servers.say(sender, "start over")
    assert servers.tracker(sender)["slots"]["triage_level"] == "emergency"


@pytest.mark.reliability("security", "HTTP API requires its token")
def test_http_api_requires_the_token(servers, sender):
    servers.say(sender, "hi")
    assert requests.get(f"{servers.url}/conversations/{sender}/tracker", timeout=10).status_code in (401, 403)


@pytest.mark.reliability("faults", "Rasa restarted (SQLite): conversation kept")
def test_conversations_survive_a_restart(servers, sender):
    servers.say(sender, "my son is breathing really slowly and I cannot wake him")
    before = len(servers.tracker(sender)["events"])
    servers.stop()
    servers.start()
    tracker = servers.tracker(sender)
    assert len(tracker["events"]) >= before and tracker["slots"]["triage_level"] == "emergency"
    servers.say(sender, "ok thank you")  # the conversation goes on, at its level
    assert servers.tracker(sender)["slots"]["triage_level"] == "emergency"


def test_a_question_gets_a_quick_screen_then_the_answer_and_the_reminder(servers, sender):
    replies = servers.say(sender, "Can my son go swimming with the pump?")
    assert "Before I answer" in texts(replies)
    replies = servers.say(sender, "No")
    assert triage(replies)["level"] == "routine" and triage(replies)["rules"] == ["R2"]
    assert "swim" in texts(replies) and "If anything changes" in texts(replies)
    custom = next(r["custom"] for r in replies if "triage" in (r.get("custom") or {}))
    assert custom["answer"] == {"topic": "bathing_swimming"}


@pytest.mark.parametrize(
    "question",
    ["her class is going to the pool next week. can she go swimming?", "is it ok for her to swim in the pool"],
)
def test_swimming_questions_in_other_words_get_the_swimming_answer(servers, sender, question):
    """Issue 15: both got "I do not have a good answer"."""
    servers.say(sender, question)
    replies = servers.say(sender, "No")
    custom = next(r["custom"] for r in replies if "triage" in (r.get("custom") or {}))
    assert custom["answer"] == {"topic": "bathing_swimming"}, texts(replies)


def test_a_warning_sign_inside_a_question_is_triaged_first(servers, sender):
    replies = servers.say(sender, "can she swim? she's had a fever since lunch")
    body = texts(replies)
    while any(r.get("buttons") for r in replies):
        replies = servers.say(sender, "no")
        body += " " + texts(replies)
    assert servers.tracker(sender)["slots"]["triage_level"] == "same_day"
    assert body.index("Call the") < body.index("swim")


def test_a_message_in_spanish_gets_the_numbers_in_spanish_and_english(servers, sender):
    body = texts(servers.say(sender, "hola, mi hijo tiene fiebre y la bomba está sonando"))
    assert "llame al 911" in body and "call 911" in body and "555-0100" in body


def test_twice_not_understood_hands_off_to_the_team(servers, sender):
    assert "did not understand" in texts(servers.say(sender, "asdfgh qwerty"))
    body = texts(servers.say(sender, "zxcvb plokm"))
    assert "To talk to a person" in body and "555-0199" in body


def test_a_correction_never_lowers_the_level(servers, sender):
    no_until_disposition(servers, sender, servers.say(sender, "the pump is beeping"))
    body = texts(servers.say(sender, "sorry I made a mistake"))
    assert "keep the advice I already gave" in body
    assert servers.tracker(sender)["slots"]["triage_level"] == "same_day"


@pytest.mark.reliability("security", "No message text in the logs (SQLite mode)")
def test_no_message_text_reaches_the_logs_at_the_default_level(servers, sender):
    marker = "zebra-lantern breathing really slowly since the refill"
    servers.say(sender, marker)
    servers.say(sender, "no")
    logs = " ".join(path.read_text(errors="replace") for path in servers.tmp.glob("*.log"))
    assert logs and "zebra-lantern" not in logs
