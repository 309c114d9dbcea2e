"""On-call escalation against a real local HTTP receiver, including the receiver being down."""

import asyncio
import json
import socket
import time
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from aiohttp import web
from rasa_sdk.executor import CollectingDispatcher

from actions import escalation
from actions.triage_turn import ActionTriageTurn
from tests.actions.conftest import make_tracker
from triage.clinic import load_clinic

TUESDAY_NOON_CHICAGO = datetime(2026, 11, 24, 18, 0, tzinfo=timezone.utc)
SUNDAY_NIGHT_CHICAGO = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    def __init__(self, failures: int = 0):
        self.received, self.failures, self.attempts = [], failures, []

    async def handle(self, request):
        self.attempts.append(time.monotonic())
        if self.failures > 0:
            self.failures -= 1
            return web.Response(status=503)
        self.received.append(await request.json())
        return web.Response(status=204)


@pytest.fixture
async def receiver():
    async def start(failures=0):
        rec = Receiver(failures)
        app = web.Application()
        app.router.add_post("/oncall", rec.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        rec.url, rec.runner = f"http://127.0.0.1:{port}/oncall", runner
        started.append(runner)
        return rec

    started = []
    yield start
    for runner in started:
        await runner.cleanup()


def clinic_with(url, tmp_path, **overrides):
    config = {
        "url": url,
        "when": "always",
        "include_text": False,
        "retries": 3,
        "backoff_seconds": 0.05,
        "timeout_seconds": 1,
        "dead_letter": str(tmp_path / "dead.jsonl"),
        **overrides,
    }
    return replace(load_clinic(), escalation=config)


async def test_delivers_the_notification_without_message_text(receiver, tmp_path):
    rec = await receiver()
    clinic = clinic_with(rec.url, tmp_path)
    event = escalation.notification("conv-1", "sms", "emergency", ["E3"], clinic, "she had a seizure")
    assert await escalation.deliver(event, clinic)
    assert rec.received[0]["level"] == "emergency" and rec.received[0]["rules"] == ["E3"]
    assert rec.received[0]["channel"] == "sms" and "text" not in rec.received[0]


async def test_message_text_only_when_the_clinic_turns_it_on(receiver, tmp_path):
    rec = await receiver()
    clinic = clinic_with(rec.url, tmp_path, include_text=True)
    await escalation.deliver(escalation.notification("c", "rest", "same_day", ["S1"], clinic, "beeping"), clinic)
    assert rec.received[0]["text"] == "beeping"


async def test_retries_with_backoff_until_the_receiver_answers(receiver, tmp_path):
    rec = await receiver(failures=2)
    clinic = clinic_with(rec.url, tmp_path)
    assert await escalation.deliver(escalation.notification("c", "rest", "same_day", ["S1"], clinic), clinic)
    assert len(rec.received) == 1 and not (tmp_path / "dead.jsonl").exists()
    waits = [later - earlier for earlier, later in zip(rec.attempts, rec.attempts[1:], strict=False)]
    assert len(waits) == 2 and waits[0] >= 0.05 and waits[1] >= 0.1  # backoff_seconds, then doubled


async def test_receiver_down_lands_in_the_dead_letter_file(tmp_path):
    clinic = clinic_with(f"http://127.0.0.1:{free_port()}/oncall", tmp_path)
    assert not await escalation.deliver(escalation.notification("conv-9", "rest", "emergency", ["E1"], clinic), clinic)
    lines = (tmp_path / "dead.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["conversation_id"] == "conv-9"


async def test_the_reply_to_the_family_does_not_wait_for_delivery(tmp_path, monkeypatch):
    clinic = clinic_with(f"http://127.0.0.1:{free_port()}/oncall", tmp_path, retries=4, backoff_seconds=0.3)
    monkeypatch.setattr("actions.triage_turn.load_clinic", lambda: clinic)
    monkeypatch.setattr(escalation, "load_clinic", lambda: clinic)
    dispatcher, tracker = CollectingDispatcher(), make_tracker(["she had a seizure"])  # builds the pipeline
    loop = asyncio.get_running_loop()
    started = loop.time()
    await ActionTriageTurn().run(dispatcher, tracker, {})
    assert loop.time() - started < 0.5 and dispatcher.messages  # retries alone take over 2 s
    assert escalation._PENDING and not any(t.done() for t in escalation._PENDING), "delivery is in the background"
    await asyncio.gather(*escalation._PENDING)
    assert (tmp_path / "dead.jsonl").exists()


def test_notifies_outside_hours_only_when_configured(tmp_path):
    clinic = clinic_with("http://127.0.0.1:9/oncall", tmp_path, when="outside_hours")
    assert clinic.notifies("same_day", SUNDAY_NIGHT_CHICAGO)
    assert not clinic.notifies("same_day", TUESDAY_NOON_CHICAGO)
    assert not clinic.notifies("routine", SUNDAY_NIGHT_CHICAGO)
    always = clinic_with("http://127.0.0.1:9/oncall", tmp_path, when="always")
    assert always.notifies("emergency", TUESDAY_NOON_CHICAGO)
    assert not clinic_with("", tmp_path).notifies("emergency", SUNDAY_NIGHT_CHICAGO)


async def test_the_on_call_hears_the_moment_the_level_first_rises_not_at_the_end(tmp_path, monkeypatch):
    """A two-tone alarm: "call right away" and the notification in the same turn, before any answer."""
    clinic = clinic_with(f"http://127.0.0.1:{free_port()}/oncall", tmp_path, when="always", retries=1)
    monkeypatch.setattr("actions.triage_turn.load_clinic", lambda: clinic)
    sent = []
    monkeypatch.setattr("actions.triage_turn.notify_in_background", lambda event, _clinic: sent.append(event))
    dispatcher = CollectingDispatcher()
    events = await ActionTriageTurn().run(
        dispatcher, make_tracker(["its 2am, the pump is beeping, two different tones"]), {}
    )
    assert [e["level"] for e in sent] == ["same_day"] and sent[0]["rules"] == ["S1"]
    assert any(m.get("buttons") for m in dispatcher.messages), "screening goes on after the notification"
    state = next(e["value"] for e in events if e["name"] == "triage_state")
    again = make_tracker(["no"], slots={"triage_state": state})
    again.latest_message["metadata"] = {}
    await ActionTriageTurn().run(CollectingDispatcher(), again, {})
    assert len(sent) == 1, "once per rise, not on every turn"


async def test_a_call_back_request_on_sms_reaches_the_on_call_team(tmp_path, monkeypatch):
    clinic = clinic_with("http://127.0.0.1:9/oncall", tmp_path, when="always", callback=True)
    monkeypatch.setattr("actions.triage_turn.load_clinic", lambda: clinic)
    sent = []
    monkeypatch.setattr("actions.triage_turn.notify_in_background", lambda event, _clinic: sent.append(event))

    def sms_tracker(text, slots=None):
        tracker = make_tracker([text], slots=slots)
        tracker.events[-1]["input_channel"] = "sms"
        return tracker

    events = await ActionTriageTurn().run(CollectingDispatcher(), sms_tracker("the pump is beeping"), {})
    state = next(e["value"] for e in events if e["name"] == "triage_state")
    dispatcher = CollectingDispatcher()
    await ActionTriageTurn().run(dispatcher, sms_tracker("call me back", {"triage_state": state}), {})
    assert [e.get("callback_requested") for e in sent] == [None, True]
    assert sent[1]["level"] == "same_day" and sent[1]["channel"] == "sms" and "text" not in sent[1]
    assert "call this number back" in dispatcher.messages[0]["text"]
