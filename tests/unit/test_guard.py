"""channels/guard.py and the REST body parser, without servers."""

import json

import pytest

from channels.guard import Guard, RateLimiter, clean_text, safety_reply, valid_sender
from channels.rest import parse_body


def test_clean_text_drops_controls_and_lone_surrogates_but_keeps_words_emoji_and_rtl():
    assert clean_text("pump\x00 beep\x07\ud800ing\n\tok 😭 \u202eمرحبا") == "pump beeping\n\tok 😭 \u202eمرحبا"


@pytest.mark.parametrize(
    "sender,ok",
    [
        ("a", True),
        ("+15550100", True),
        ("x" * 128, True),
        ("x" * 129, False),
        ("", False),
        (" a", False),
        ("a\x00", False),
        (5, False),
        (None, False),
    ],
)
def test_valid_sender(sender, ok):
    assert valid_sender(sender) is ok


def test_rate_limiter_refuses_over_the_limit_and_forgives_after_the_window():
    limiter = RateLimiter(limit=3, window=60)
    assert [limiter.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limiter.allow("b", now=3)  # other senders are not affected
    assert limiter.allow("a", now=61)


@pytest.mark.parametrize(
    "body,error",
    [
        (b"{bad", "JSON"),
        (b"[]", "object"),
        (b"\xff", "UTF-8"),
        (b"", "object"),
        (json.dumps({"sender": 1, "message": "x"}).encode(), "sender"),
        (json.dumps({"sender": "s", "message": ["x"]}).encode(), "message"),
        (json.dumps({"sender": "s", "message": "x", "metadata": "m"}).encode(), "metadata"),
        (b"[" * 60_000, "JSON"),  # nested too deep for the parser
    ],
)
def test_malformed_rest_bodies_are_named(body, error):
    assert error in parse_body(body)


@pytest.mark.reliability("security", "REST metadata: only reply_to is kept")
def test_a_good_rest_body_parses_and_keeps_only_the_metadata_the_conversation_uses():
    assert parse_body(b'{"sender": "s", "message": "hi", "metadata": {"a": 1}}') == ("s", "hi", None)
    body = json.dumps({"sender": "s", "message": "Yes", "metadata": {"reply_to": "q1", "junk": "x" * 50_000}})
    assert parse_body(body.encode()) == ("s", "Yes", {"reply_to": "q1"})
    assert (
        parse_body(json.dumps({"sender": "s", "message": "Yes", "metadata": {"reply_to": "q" * 65}}).encode())[2]
        is None
    )


def test_conversations_are_namespaced_by_channel():
    assert Guard("rest").conversation_id("+15550100") == "rest:+15550100" != Guard("sms").conversation_id("+15550100")


@pytest.mark.reliability("security", "Rate limit per client address (rotating senders)")
async def test_one_client_address_rotating_senders_is_rate_limited(monkeypatch):
    monkeypatch.setattr("channels.guard.ADDRESS_RATE_LIMIT", 5)
    delivered = []

    async def deliver(text):
        delivered.append(text)

    guard = Guard("rest")
    replies = [
        await guard.answer(f"sender-{n}", "the pump is beeping", deliver, address="203.0.113.9") for n in range(8)
    ]
    assert len(delivered) == 5 and all("many messages" in r[0]["text"] for r in replies[5:])
    assert await guard.answer("other", "the pump is beeping", deliver, address="198.51.100.1") is None


@pytest.mark.reliability("security", "Refusals cannot flood the audit")
async def test_refusals_are_audited_once_per_conversation_and_minute_but_an_emergency_always(monkeypatch):
    rows = []
    monkeypatch.setattr(
        "channels.guard._record", lambda app, conversation, channel, reply, reason: rows.append(reply.level)
    )
    guard = Guard("rest")
    guard.limiter = RateLimiter(limit=0)  # every message is over the limit

    async def deliver(_):
        raise AssertionError("a refused message never reaches Rasa")

    for _ in range(20):
        await guard.answer("s", "the pump is beeping", deliver)
    await guard.answer("s", "she had a seizure", deliver)
    await guard.answer("s", "she had a seizure", deliver)
    assert rows == ["unassessed", "emergency", "emergency"]


@pytest.mark.reliability("faults", "A long message is read within a time budget")
def test_a_long_message_is_read_piece_by_piece_within_a_time_budget():
    from channels.guard import read_findings

    ticks = iter(range(1000))
    padding = "we went to the park and had a nice day. " * 2000  # 80,000 characters
    assert read_findings(padding + "she had a seizure", budget=1e9)  # found at the very end
    middle = padding + "she had a seizure. " + padding  # past the budget: the start and the end are read first
    assert not read_findings(middle, budget=2, clock=lambda: next(ticks))
    across = "x" * 3990 + " she had a seizure"  # across a piece boundary
    assert any(f.sign == "seizure" for f in read_findings(across))


@pytest.mark.reliability("faults", "A long message is read off the event loop")
async def test_a_message_is_read_off_the_event_loop(monkeypatch):
    import threading

    from channels import guard as guard_module

    readers = []

    def reading(text, reason, budget=None):
        readers.append(threading.current_thread())
        return safety_reply("", reason)

    monkeypatch.setattr(guard_module, "safety_reply", reading)
    await Guard("rest").guidance("s", "we went to the park and had a nice day. " * 400, "too_long")
    assert readers and readers[0] is not threading.current_thread()


@pytest.mark.reliability("faults", "A reply that cannot wait: guidance by the deadline")
async def test_a_reply_that_cannot_wait_becomes_guidance_within_the_deadline():
    import asyncio

    async def hung(_):
        await asyncio.sleep(30)

    guard = Guard("sms", reply_seconds=0.5)
    replies = await guard.replies(
        lambda message: hung(message), "+15550100", "he cannot wake up and is breathing slowly", app=None
    )
    assert replies[0]["text"].startswith("EMERGENCY: call 911")
    replies = await guard.replies(lambda message: hung(message), "+15550101", "the pump is beeping", app=None)
    assert "cannot assess" in replies[0]["text"]


def test_safety_reply_is_the_emergency_reply_for_a_red_flag_else_the_numbers():
    emergency = safety_reply("she had a seizure", "lock_store")
    assert emergency.level == "emergency" and emergency.rules == ("E3",)
    assert emergency.messages[0]["text"].startswith("EMERGENCY: call 911")
    other = safety_reply("the pump is beeping", "lock_store")
    assert other.level == "unassessed" and "cannot assess" in other.messages[0]["text"]
    flood, long = safety_reply("hello", "rate_limited"), safety_reply("hello " * 1000, "too_long")
    assert "many messages" in flood.messages[0]["text"] and "too long" in long.messages[0]["text"]
    for reply in (other, flood, long):
        assert "555-0100" in reply.messages[0]["text"] and "911" in reply.messages[0]["text"]  # the numbers


async def test_a_failure_to_deliver_becomes_guidance_marked_degraded():
    async def lock_store_down(_):
        from rasa.core.lock_store import LockError

        raise LockError("Error while acquiring lock.")

    messages = await Guard("rest").answer("s", "the pump is beeping", lock_store_down)
    assert "cannot assess" in messages[0]["text"]
    assert messages[-1]["custom"]["service"] == {"status": "degraded", "unavailable": "lock_store"}


async def test_a_delivered_message_needs_nothing_more_and_empty_ones_are_not_delivered():
    delivered = []

    async def deliver(text):
        delivered.append(text)

    guard = Guard("rest")
    assert await guard.answer("s", "pump\x00 beeping", deliver) is None and delivered == ["pump beeping"]
    assert "did not understand" in (await guard.answer("s", "  ", deliver))[0]["text"] and len(delivered) == 1


def test_failures_are_named_by_the_part_that_failed():
    from rasa.core.lock_store import LockError
    from redis.exceptions import ConnectionError as RedisConnectionError

    from channels.guard import _failure_reason
    from stores.tracker_store import TrackerStoreUnavailable

    assert _failure_reason(LockError("x")) == _failure_reason(RedisConnectionError()) == "lock_store"
    assert _failure_reason(TrackerStoreUnavailable("OperationalError")) == "tracker_store"
    assert _failure_reason(KeyError("x")) == "assistant"


async def test_a_queue_of_long_messages_cannot_hold_a_reply_past_its_deadline():
    import asyncio
    import time

    from channels import guard as guard_module

    guard = Guard("sms")
    busy = asyncio.get_running_loop().run_in_executor(guard_module._READER, time.sleep, 1.5)  # a flood's reading
    started = time.monotonic()
    reply = await guard.read("she had a seizure", "slow", within=0.3)
    assert time.monotonic() - started < 1.0
    assert "911" in reply.messages[0]["text"] and "555-0100" in reply.messages[0]["text"]
    await busy


async def test_time_queued_counts_against_the_reading_budget(monkeypatch):
    import asyncio
    import time

    from channels import guard as guard_module

    monkeypatch.setattr(guard_module, "READ_SECONDS", 0.2)
    busy = asyncio.get_running_loop().run_in_executor(guard_module._READER, time.sleep, 0.5)
    reply = await Guard("rest").read("the pump is beeping " * 300, "too_long")
    assert reply.signs == set() and "too long" in reply.messages[0]["text"]  # not read: its budget went in the queue
    await busy


def test_a_long_message_is_read_at_its_start_and_its_end_first():
    from channels.guard import read_findings

    story = "he is fine otherwise and we had a good day. " * 1350
    seconds = iter(range(1000))  # a clock that moves one second a piece: the budget allows two pieces
    end = read_findings(story + "now she is not breathing", budget=1.5, clock=lambda: next(seconds))
    assert "breathing_problem" in {f.sign for f in end}
    seconds = iter(range(1000))
    start = read_findings("she is not breathing. " + story, budget=1.5, clock=lambda: next(seconds))
    assert "breathing_problem" in {f.sign for f in start}
