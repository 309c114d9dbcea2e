"""Hostile and odd input on every webhook: never a 500, never a crash, always something safe to read."""

import asyncio
import json
import uuid

import pytest
import requests
import socketio

from tests.e2e.conftest import REST_AUTH, TOKEN
from tests.e2e.test_sms import post as sms_post
from tests.e2e.test_sms import sms

pytestmark = pytest.mark.servers

ODD_MESSAGES = {
    "empty": "",
    "whitespace": " \t\n  ",
    "60 KB": "my son has been a bit more stiff lately. " * 1450,
    "control characters": "pump\x00 is\x07 beeping\x1b[31m\x7f",
    "binary junk": bytes(range(256)).decode("latin-1"),
    "lone surrogate": "the pump \ud800 is beeping",
    "emoji": "😭😭 pump beeping 🔔🔔 pls help 🙏",
    "right to left": "\u202eالمضخة تصدر صوتا\u202c مرحبا",
    "other language": "我的孩子发烧了，泵在响",
    "html and script": "<script>alert('x')</script><img src=x onerror=alert(1)> pump is beeping",
    "sql": "'; DROP TABLE events; --",
    "only punctuation": "?!?!...,,,",
}
WRONG_BODIES = {
    "not json": b"{bad json",
    "json list": b"[1, 2, 3]",
    "json string": b'"hello"',
    "empty body": b"",
    "sender number": json.dumps({"sender": 12, "message": "hi"}).encode(),
    "sender missing": json.dumps({"message": "hi"}).encode(),
    "sender empty": json.dumps({"sender": "", "message": "hi"}).encode(),
    "sender huge": json.dumps({"sender": "x" * 10_000, "message": "hi"}).encode(),
    "message number": json.dumps({"sender": "s", "message": 5}).encode(),
    "message object": json.dumps({"sender": "s", "message": {"text": "hi"}}).encode(),
    "message null": json.dumps({"sender": "s", "message": None}).encode(),
    "metadata list": json.dumps({"sender": "s", "message": "hi", "metadata": [1]}).encode(),
    "invalid utf-8": b'{"sender": "s", "message": "\xff\xfe"}',
}
TEAM_NUMBER = "555-0100"  # config/clinic.yml's daytime number: in every reply that gives the numbers
TOO_LARGE = json.dumps({"sender": "s", "message": "x" * 70_000}).encode()


def rest(servers, body: bytes):
    return requests.post(
        f"{servers.url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json", **REST_AUTH},
        timeout=120,
    )


def healthy(servers):
    return requests.get(f"{servers.url}/status", params={"token": TOKEN}, timeout=5).ok


@pytest.mark.reliability("bad_input", "REST: odd messages answered")
@pytest.mark.parametrize("name", ODD_MESSAGES)
def test_odd_messages_over_rest_get_the_team_number_or_a_screening_question(servers, name):
    response = rest(
        servers, json.dumps({"sender": f"odd-{uuid.uuid4().hex[:8]}", "message": ODD_MESSAGES[name]}).encode()
    )
    assert response.status_code == 200
    body = " ".join(m.get("text") or "" for m in response.json())
    asked = any(m.get("buttons") for m in response.json())  # Yes / No / Not sure: the numbers come after it
    assert TEAM_NUMBER in body or asked, body
    assert healthy(servers)


@pytest.mark.reliability("bad_input", "REST: 60 KB with a red flag at the end")
def test_a_60_kb_message_with_a_red_flag_at_its_end_gets_the_emergency_reply(servers):
    message = "he is fine otherwise and we had a good day. " * 1350 + "now she is not breathing"
    response = rest(servers, json.dumps({"sender": f"long-{uuid.uuid4().hex[:8]}", "message": message}).encode())
    assert response.status_code == 200 and response.json()[0]["text"].startswith("EMERGENCY: call 911")


@pytest.mark.reliability("bad_input", "REST: malformed JSON / wrong types -> 400")
@pytest.mark.parametrize("name", WRONG_BODIES)
def test_malformed_rest_requests_get_400_with_a_reason(servers, name):
    response = rest(servers, WRONG_BODIES[name])
    assert response.status_code == 400 and response.json()["error"]
    assert healthy(servers)


@pytest.mark.reliability("bad_input", "REST, SMS: bodies over 64 KB -> 413")
def test_a_body_larger_than_any_message_is_refused_unread(servers):
    assert rest(servers, TOO_LARGE).status_code == 413
    huge = requests.post(f"{servers.url}/webhooks/rest/webhook", data=b"x" * 2_000_000, timeout=30)
    assert huge.status_code == 413  # Sanic's own limit, before the token is even looked at
    assert (
        requests.post(f"{servers.url}/webhooks/sms/webhook", data={"Body": "x" * 70_000}, timeout=30).status_code == 413
    )
    assert healthy(servers)


@pytest.mark.reliability("bad_input", "REST: flood rate-limited")
def test_a_flood_from_one_sender_is_rate_limited_with_a_clear_reply_and_red_flags_still_answered(servers):
    sender = f"flood-{uuid.uuid4().hex[:8]}"
    bodies = [
        " ".join(
            m.get("text") or ""
            for m in rest(servers, json.dumps({"sender": sender, "message": "hello?"}).encode()).json()
        )
        for _ in range(20)
    ]
    assert any("many messages in a short time" in body for body in bodies)
    assert "911" in bodies[-1] and "555-0100" in bodies[-1]
    red_flag = rest(servers, json.dumps({"sender": sender, "message": "he had a seizure"}).encode()).json()
    assert red_flag[0]["text"].startswith("EMERGENCY: call 911")
    other = rest(servers, json.dumps({"sender": f"{sender}-other", "message": "hi"}).encode()).json()
    assert "many messages" not in " ".join(m.get("text") or "" for m in other)


@pytest.mark.reliability("bad_input", "HTTP API: unknown conversation ids")
def test_unknown_conversation_ids_on_the_http_api_are_not_errors(servers):
    unknown = f"never-seen-{uuid.uuid4().hex}"
    response = requests.get(f"{servers.url}/conversations/{unknown}/tracker", params={"token": TOKEN}, timeout=10)
    assert response.status_code == 200 and response.json()["sender_id"] == unknown
    assert response.json()["slots"]["triage_level"] is None
    assert requests.get(f"{servers.url}/conversations/x/tracker", timeout=10).status_code == 401


@pytest.mark.reliability("bad_input", "SMS: odd bodies answered")
@pytest.mark.parametrize("name", ["empty", "60 KB", "binary junk", "emoji", "html and script", "lone surrogate"])
def test_odd_sms_bodies_get_the_team_number_or_a_screening_question(servers, name):
    body = ODD_MESSAGES[name].encode("utf-8", "replace").decode("utf-8")
    messages = sms(sms_post(servers, body)[1])
    assert messages and all(m.strip() for m in messages)
    assert TEAM_NUMBER in " ".join(messages) or messages[-1].endswith("Reply YES, NO or NOT SURE."), messages


@pytest.mark.reliability("bad_input", "SMS: garbage refused")
def test_sms_without_sender_or_with_missing_fields_is_refused_not_crashed(servers):
    url = f"{servers.url}/webhooks/sms/webhook"
    assert requests.post(
        url, data=b"\xff\x00garbage", headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10
    ).status_code in (400, 403)
    assert requests.post(url, json={"From": "+15550000"}, timeout=10).status_code in (400, 403)
    assert healthy(servers)


async def _socket_exchange(url, emits, wait=6.0):
    client = socketio.AsyncClient()
    received = []
    client.on("bot_uttered", lambda data: received.append(data))
    session = {}
    client.on(
        "session_confirm", lambda data: session.update(id=data if isinstance(data, str) else data.get("session_id"))
    )
    await client.connect(url, transports=["polling"], socketio_path="/socket.io", headers={"Origin": url})
    await client.emit("session_request", {"session_id": None})
    for _ in range(50):
        if session.get("id"):
            break
        await asyncio.sleep(0.1)
    for emit in emits:
        await client.emit("user_uttered", emit(session["id"]))
    await asyncio.sleep(wait)
    await client.disconnect()
    return received


@pytest.mark.reliability("bad_input", "Web chat: malformed and foreign emits")
def test_the_web_chat_survives_malformed_and_foreign_messages(servers):
    emits = [
        lambda sid: "just a string",
        lambda sid: None,
        lambda sid: {"session_id": sid},  # no message
        lambda sid: {"session_id": sid, "message": 42},
        lambda sid: {"session_id": "someone-elses-session", "message": "hello"},
        lambda sid: {"session_id": sid, "message": "\x00\x01 pump \ud800 beeping 😭"},
    ]
    received = asyncio.run(_socket_exchange(servers.url, emits))
    texts = " ".join(r.get("text") or "" for r in received)
    assert "not connected to a conversation" in texts  # the foreign session id
    assert "right away" in texts  # the cleaned message was triaged
    assert healthy(servers)


@pytest.mark.reliability("bad_input", "Action server: malformed calls -> 400")
def test_the_action_server_rejects_malformed_calls_without_crashing(servers):
    url = f"http://127.0.0.1:{servers.action_port}/webhook"
    for body in (b"{bad", b"[]", json.dumps({"next_action": 5}).encode(), json.dumps({"next_action": "nope"}).encode()):
        assert (
            400
            <= requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=10).status_code
            < 500
        ), body
    assert requests.get(f"http://127.0.0.1:{servers.action_port}/health", timeout=5).ok


def test_the_plain_http_channels_answer_their_health_check(servers):
    for channel in ("rest", "sms", "webchat"):
        response = requests.get(f"{servers.url}/webhooks/{channel}/", timeout=10)
        assert response.status_code == 200 and response.json()["status"] == "ok", channel
