"""channels/webchat.py without servers: session keys, the origin gate, and the client address the guard gets."""

import asyncio
import html
import json
import re
from types import SimpleNamespace

import pytest

import channels.webchat as webchat
from channels.webchat import SESSION_ID, SessionKeys, WebChatInput, origin_refusal, render_page
from triage.clinic import load_clinic

ALLOWED = ["http://localhost:5005"]


def test_session_keys_prove_only_the_server_s_own_ids_under_its_secret():
    keys = SessionKeys("s" * 40)
    session_id = keys.new_id()
    assert SESSION_ID.fullmatch(session_id) and keys.new_id() != session_id
    assert keys.verify(session_id, keys.key(session_id))
    assert SessionKeys("s" * 40).verify(session_id, keys.key(session_id))  # same secret: survives a restart
    assert not SessionKeys("t" * 40).verify(session_id, keys.key(session_id))  # another secret: does not
    other = keys.new_id()
    for claimed, key in [
        (session_id, None),
        (session_id, ""),
        (session_id, keys.key(other)),
        (session_id, 5),
        (session_id, keys.key(session_id)[:-1]),
        (session_id.upper(), keys.key(session_id.upper())),
        ("chosen-by-the-client", keys.key("chosen-by-the-client")),
        (None, None),
        (42, "x"),
    ]:
        assert not keys.verify(claimed, key), (claimed, key)


def test_without_a_secret_each_process_makes_its_own_and_says_so(monkeypatch, caplog):
    monkeypatch.delenv(webchat.SECRET_ENV, raising=False)
    first, second = SessionKeys(), SessionKeys()
    session_id = first.new_id()
    assert not second.verify(session_id, first.key(session_id))
    assert webchat.SECRET_ENV in caplog.text and "new conversation" in caplog.text


@pytest.mark.parametrize(
    "method,headers,query,refused",
    [
        ("GET", {"origin": ALLOWED[0]}, "EIO=4&transport=polling", False),
        ("POST", {"origin": ALLOWED[0]}, "EIO=4&transport=polling&sid=x", False),
        ("GET", {}, "EIO=4&transport=polling", False),  # a browser's same-origin GET
        ("GET", {"sec-fetch-site": "same-origin"}, "EIO=4&transport=polling", False),
        ("POST", {}, "EIO=4&transport=polling&sid=x", True),  # CONNECT and messages
        ("GET", {"upgrade": "websocket"}, "EIO=4&transport=websocket", True),
        ("GET", {"origin": "https://evil.example"}, "EIO=4&transport=polling", True),
        ("POST", {"origin": "https://evil.example"}, "EIO=4&transport=polling&sid=x", True),
        ("GET", {"origin": "null"}, "EIO=4&transport=polling", True),
        ("GET", {"sec-fetch-site": "cross-site"}, "EIO=4&transport=polling", True),
        ("GET", {}, "EIO=4&transport=polling&j=0", True),
        ("GET", {"origin": ALLOWED[0]}, "EIO=4&transport=polling&j=0", True),
        ("OPTIONS", {}, "EIO=4&transport=polling", True),
    ],
)
def test_origin_refusal(method, headers, query, refused):
    assert (origin_refusal(method, headers, query, ALLOWED) is not None) is refused


def test_a_connection_whose_handshake_named_an_allowed_origin_may_send_without_one():
    opened = {"opened-with-origin"}.__contains__  # python-socketio's clients do this
    assert origin_refusal("POST", {}, "EIO=4&transport=polling&sid=opened-with-origin", ALLOWED, opened) is None
    assert origin_refusal("POST", {}, "EIO=4&transport=polling&sid=other", ALLOWED, opened)
    assert origin_refusal("POST", {}, "EIO=4&transport=polling", ALLOWED, opened)
    assert origin_refusal("POST", {"sec-fetch-site": "cross-site"}, "sid=opened-with-origin", ALLOWED, opened)


def test_no_configured_origin_refuses_every_connection():
    assert origin_refusal("POST", {"origin": ALLOWED[0]}, "sid=x", [])
    assert origin_refusal("POST", {}, "sid=x", [])


def _channel(monkeypatch, answers):
    class RecordingGuard(webchat.Guard):
        async def answer(self, sender, text, deliver, app=None, address=None):
            answers.append((sender, text, address))
            return [{"text": "ok"}]

    monkeypatch.setattr(webchat, "Guard", RecordingGuard)
    monkeypatch.setenv(webchat.SECRET_ENV, "k" * 40)
    channel = WebChatInput.from_credentials({"allowed_origins": ",".join(ALLOWED)})

    async def on_new_message(_):
        return None

    channel.blueprint(on_new_message)
    emitted = []

    async def emit(event, data=None, room=None, **_):
        emitted.append((event, data, room))

    channel.sio.emit = emit
    return channel, emitted


def test_a_web_chat_message_is_limited_by_the_socket_s_client_address(monkeypatch):
    answers = []
    channel, emitted = _channel(monkeypatch, answers)
    session_id = SessionKeys().new_id()
    request = SimpleNamespace(remote_addr="", ip="203.0.113.7")
    monkeypatch.setattr(channel.sio, "rooms", lambda sid, namespace=None: [sid, session_id])
    monkeypatch.setattr(
        channel.sio, "get_environ", lambda sid, namespace=None: {"sanic.request": request, "REMOTE_ADDR": "127.0.0.1"}
    )
    handler = channel.sio.handlers["/"]["user_uttered"]
    asyncio.run(handler("sid-1", {"session_id": session_id, "message": "the pump is beeping"}))
    assert answers == [(session_id, "the pump is beeping", "203.0.113.7")]
    monkeypatch.setattr(channel.sio, "get_environ", lambda sid, namespace=None: None)  # gone: no address
    asyncio.run(handler("sid-1", {"session_id": session_id, "message": "again"}))
    assert answers[-1] == (session_id, "again", None)


def test_a_message_for_a_session_the_socket_is_not_in_reaches_nobody(monkeypatch):
    answers = []
    channel, emitted = _channel(monkeypatch, answers)
    mine, theirs = SessionKeys().new_id(), SessionKeys().new_id()
    monkeypatch.setattr(channel.sio, "rooms", lambda sid, namespace=None: [sid, mine])
    monkeypatch.setattr(channel.sio, "get_environ", lambda sid, namespace=None: None)
    handler = channel.sio.handlers["/"]["user_uttered"]
    for session_id in (theirs, "sid-1", "chosen", None):
        asyncio.run(handler("sid-1", {"session_id": session_id, "message": "hello"}))
    assert answers == []
    assert [room for _, _, room in emitted] == ["sid-1"] * 4


def test_session_request_gives_a_new_session_unless_the_key_proves_the_old_one(monkeypatch):
    channel, emitted = _channel(monkeypatch, [])
    rooms = {"sid-1": {"sid-1"}}
    monkeypatch.setattr(channel.sio, "rooms", lambda sid, namespace=None: sorted(rooms[sid]))
    monkeypatch.setattr(channel.sio, "enter_room", lambda sid, room, namespace=None: rooms[sid].add(room))
    monkeypatch.setattr(channel.sio, "leave_room", lambda sid, room, namespace=None: rooms[sid].discard(room))
    handler = channel.sio.handlers["/"]["session_request"]

    def request(data):
        asyncio.run(handler("sid-1", data))
        event, payload, room = emitted[-1]
        assert event == "session_confirm" and room == "sid-1"
        return payload

    first = request(None)
    assert rooms["sid-1"] == {"sid-1", first["session_id"]}
    assert request(dict(first)) == first  # the key proves it: same session
    second = request({"session_id": first["session_id"]})  # no key: a new one, the old one left
    assert second["session_id"] != first["session_id"]
    assert rooms["sid-1"] == {"sid-1", second["session_id"]}


def test_a_page_that_comes_back_gets_every_bot_message_after_the_last_one_it_showed():
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker.from_events(
        "webchat:s",
        [
            UserUttered("hello", timestamp=0.5),
            BotUttered("first\n\nsecond", timestamp=1.0),
            BotUttered("EMERGENCY: call 911", {"custom": {"alert": {"level": "emergency"}}}, timestamp=2.25),
        ],
    )

    def missed(last_id):
        output = webchat.WebChatOutput(None, "bot_uttered")
        return [
            (m["metadata"]["id"], m.get("text") or m["custom"])
            for m in asyncio.run(webchat.missed_messages(tracker, last_id, output))
        ]

    everything = [
        ("1.0/0", "first"),
        ("1.0/1", "second"),
        ("2.25/0", "EMERGENCY: call 911"),
        ("2.25/1", {"alert": {"level": "emergency"}}),
    ]
    assert missed(None) == everything  # the page has shown nothing yet
    assert missed("1.0/0") == everything[1:]
    assert missed("2.25/1") == []
    assert missed("9.0/0") == []  # not in this conversation (erased): nothing
    assert asyncio.run(webchat.missed_messages(None, None, webchat.WebChatOutput(None, "bot_uttered"))) == []


def test_the_page_carries_the_clinics_opening_hours_and_timezone_for_the_same_day_banner():
    clinic = load_clinic()
    body = re.search(r"<body[^>]*>", render_page()).group(0)
    timezone = re.search(r'data-timezone="([^"]*)"', body).group(1)
    hours = html.unescape(re.search(r'data-opening-hours="([^"]*)"', body).group(1))
    assert timezone == clinic.timezone and json.loads(hours) == clinic.opening_hours
    assert "{{" not in render_page()
