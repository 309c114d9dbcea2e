"""What a probe of the running server found, each reproduced through the real channels: a REST caller
reaching an SMS family, text read as commands, replayed or malformed SMS, a red flag after STOP."""

import sqlite3

import pytest
import requests

from tests.e2e.conftest import REST_AUTH, TOKEN
from tests.e2e.test_sms import post as sms_post
from tests.e2e.test_sms import sms

pytestmark = pytest.mark.servers
RED_FLAG = "my son is breathing really slowly and I cannot wake him"


def rest_post(servers, sender, text, **kwargs):
    return requests.post(
        f"{servers.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60, **kwargs
    )


def audit_rows(servers, conversation_id):
    with sqlite3.connect(servers.tmp / "tracker.db") as db:
        return db.execute(
            "SELECT level, outcome FROM triage_audit WHERE conversation_id = ?", (conversation_id,)
        ).fetchall()


@pytest.mark.reliability("security", "REST channel requires its token")
def test_the_rest_channel_needs_its_token(servers, sender):
    assert rest_post(servers, sender, "the pump is beeping").status_code == 401
    assert rest_post(servers, sender, "hi", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert rest_post(servers, sender, "hi", params={"token": TOKEN}).ok
    assert rest_post(servers, sender, "hi", headers=REST_AUTH).ok


@pytest.mark.reliability("security", "Conversations are per channel: REST cannot reach SMS")
def test_a_rest_caller_cannot_read_or_change_an_sms_familys_conversation(servers):
    number, reply = sms_post(servers, RED_FLAG)
    assert sms(reply)[0].startswith("EMERGENCY")
    replies = servers.say(number, "/restart")  # the family's number as a REST sender
    assert not any(
        "custom" in r and "triage" in r["custom"] and r["custom"]["triage"]["level"] == "emergency" for r in replies
    )  # a new REST conversation, not theirs
    tracker = requests.get(f"{servers.url}/conversations/sms:{number}/tracker", params={"token": TOKEN}, timeout=10)
    assert tracker.json()["slots"]["triage_level"] == "emergency"
    assert servers.tracker(number)["slots"]["triage_level"] != "emergency"


@pytest.mark.reliability("security", "Slash commands are text: a level is never erased")
@pytest.mark.parametrize("command", ["/restart", "/session_start", "/start_over", "/back"])
def test_slash_commands_are_text_and_never_erase_a_level(servers, sender, command):
    assert servers.say(sender, "she had a seizure")[0]["text"].startswith("EMERGENCY")
    for _ in range(3):
        assert servers.say(sender, command), "every message gets a reply"
    assert servers.tracker(sender)["slots"]["triage_level"] == "emergency"


@pytest.mark.reliability("security", "A made-up intent hides no red flag, breaks no turn")
def test_a_made_up_intent_cannot_hide_a_red_flag_or_break_a_turn(servers, sender):
    replies = servers.say(sender, '/greet{"x":1} ' + RED_FLAG)
    assert replies[0]["text"].startswith("EMERGENCY")
    replies = servers.say(f"{sender}-2", '/report_problem{"finding":{"a":1}}')
    text = " ".join(r.get("text") or "" for r in replies)
    assert text and "cannot assess" not in text and not any("service" in (r.get("custom") or {}) for r in replies)


@pytest.mark.reliability("security", "SMS: a replayed MessageSid is handled once, same reply")
def test_a_replayed_sms_is_handled_once_and_a_retry_gets_the_same_reply(servers):
    number, first = sms_post(servers, "he has a fever")
    request = first.request
    replays = [
        requests.post(request.url, data=request.body, headers=dict(request.headers), timeout=30) for _ in range(3)
    ]
    assert sms(first) and all(sms(replay) == sms(first) for replay in replays)
    events = requests.get(
        f"{servers.url}/conversations/sms:{number}/tracker", params={"token": TOKEN}, timeout=10
    ).json()["events"]
    assert sum(event["event"] == "user" for event in events) == 1


@pytest.mark.reliability("security", "SMS: From must be a phone number")
@pytest.mark.parametrize(
    "number",
    ["+1555" + "0" * 500, "+1555\x000100", "+1555\n0100", "not a number!"],
    ids=["long", "nul", "newline", "words"],
)
def test_an_sms_from_that_is_not_a_phone_number_is_refused(servers, number):
    assert sms_post(servers, "the pump is beeping", number=number)[1].status_code == 400
    assert sms_post(servers, "the pump is beeping", number="+1555" + "0" * 200_000)[1].status_code == 413


@pytest.mark.reliability("security", "SMS: without SMS_PUBLIC_URL only local requests")
def test_without_a_public_url_only_local_requests_are_trusted(servers):
    # signed for the URL the Host header names, as a request captured elsewhere and replayed here would be
    _, reply = sms_post(
        servers,
        "the pump is beeping",
        headers={"Host": "sms.example.org"},
        signed_url="http://sms.example.org/webhooks/sms/webhook",
    )
    assert reply.status_code == 403


@pytest.mark.reliability("security", "SMS: a red flag after STOP is audited")
def test_a_red_flag_after_stop_gets_no_reply_but_is_audited(servers):
    number, reply = sms_post(servers, "STOP")
    assert sms(sms_post(servers, RED_FLAG, number)[1]) == []  # carrier rules: silence
    assert sms(sms_post(servers, "the pump is beeping", number)[1]) == []
    assert audit_rows(servers, f"sms:{number}") == [("emergency", "guard:opted_out")]
