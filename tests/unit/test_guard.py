"""channels/guard.py and the REST body parser, without servers."""
import json

import pytest

from channels.guard import Guard, RateLimiter, clean_text, safety_reply, valid_sender
from channels.rest import parse_body


def test_clean_text_drops_controls_and_lone_surrogates_but_keeps_words_emoji_and_rtl():
    assert clean_text("pump\x00 beep\x07\ud800ing\n\tok 😭 \u202eمرحبا") == "pump beeping\n\tok 😭 \u202eمرحبا"


@pytest.mark.parametrize("sender,ok", [("a", True), ("+15550100", True), ("x" * 128, True), ("x" * 129, False),
                                       ("", False), (" a", False), ("a\x00", False), (5, False), (None, False)])
def test_valid_sender(sender, ok):
    assert valid_sender(sender) is ok


def test_rate_limiter_refuses_over_the_limit_and_forgives_after_the_window():
    limiter = RateLimiter(limit=3, window=60)
    assert [limiter.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limiter.allow("b", now=3)                     # other senders are not affected
    assert limiter.allow("a", now=61)


@pytest.mark.parametrize("body,error", [
    (b"{bad", "JSON"), (b"[]", "object"), (b"\xff", "UTF-8"), (b"", "object"),
    (json.dumps({"sender": 1, "message": "x"}).encode(), "sender"),
    (json.dumps({"sender": "s", "message": ["x"]}).encode(), "message"),
    (json.dumps({"sender": "s", "message": "x", "metadata": "m"}).encode(), "metadata"),
])
def test_malformed_rest_bodies_are_named(body, error):
    assert error in parse_body(body)


def test_a_good_rest_body_parses():
    assert parse_body(b'{"sender": "s", "message": "hi", "metadata": {"a": 1}}') == ("s", "hi", {"a": 1})


def test_safety_reply_is_the_emergency_reply_for_a_red_flag_else_the_numbers():
    emergency = safety_reply("she had a seizure", "lock_store")
    assert emergency.level == "emergency" and emergency.rules == ("E3",)
    assert emergency.messages[0]["text"].startswith("EMERGENCY: call 911")
    other = safety_reply("the pump is beeping", "lock_store")
    assert other.level == "unassessed" and "cannot assess" in other.messages[0]["text"]
    assert "many messages" in safety_reply("hello", "rate_limited").messages[0]["text"]
    assert "too long" in safety_reply("hello " * 1000, "too_long").messages[0]["text"]


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
