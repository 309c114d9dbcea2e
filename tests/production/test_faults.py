"""Faults in production mode: PostgreSQL restarted, Redis down, a Rasa server restarted."""

import json
import threading
import time

import pytest

from tests.production.conftest import degraded, level_on, question, say, texts, triage

pytestmark = pytest.mark.servers


def user_texts(stores, sender):
    return [json.loads(e["data"])["text"] for e in stores.events(sender) if e["type_name"] == "user"]


@pytest.mark.reliability("faults", "PostgreSQL restarted (also during a message): no event lost")
def test_postgresql_restarted_mid_conversation_loses_no_event(replicas, stores, sender):
    a, b = replicas
    say(a, sender, "the pump is beeping")
    stores.run("restart-postgres")
    after_restart = say(b, sender, "no")
    assert question(after_restart) and not degraded(after_restart)
    restarting = threading.Thread(target=stores.run, args=("restart-postgres",))
    restarting.start()
    time.sleep(0.2)
    during_restart = say(a, sender, "no")  # waits for the database instead of failing
    restarting.join()
    assert not degraded(during_restart) and question(during_restart)
    assert user_texts(stores, sender) == ["the pump is beeping", "no", "no"]


@pytest.mark.reliability("faults", "PostgreSQL down: emergency / 'cannot assess' marked degraded, recovers")
def test_postgresql_down_gives_guidance_marked_degraded_and_recovers(replicas, stores, sender):
    a, b = replicas
    stores.run("stop-postgres")
    try:
        red_flag = say(a, sender, "she had a seizure and she is hard to wake")
        assert red_flag[0]["text"].startswith("EMERGENCY: call 911")
        assert degraded(red_flag) == {"status": "degraded", "unavailable": "tracker_store"}
        other = say(b, f"{sender}-b", "the pump is beeping")
        assert "cannot assess this right now" in texts(other) and degraded(other)["unavailable"] == "tracker_store"
        assert "tracker_store unavailable" in a.logs() and "tracker_store unavailable" in b.logs()
    finally:
        stores.run("start-postgres")
    recovered = say(b, f"{sender}-b", "the pump is beeping")
    assert not degraded(recovered) and question(recovered)


@pytest.mark.reliability("faults", "Redis down: degraded reply + log, emergency still given, recovers")
def test_redis_down_is_clear_in_the_reply_and_the_log_and_recovers(replicas, stores, sender):
    a, _ = replicas
    stores.run("stop-redis")
    try:
        reply = say(a, sender, "the pump is beeping")
        assert degraded(reply) == {"status": "degraded", "unavailable": "lock_store"}
        assert "cannot assess this right now" in texts(reply) and "555-0100" in texts(reply)
        red_flag = say(a, f"{sender}-b", "he had a seizure and now he is really hard to wake")
        assert red_flag[0]["text"].startswith("EMERGENCY: call 911")
        assert "lock_store unavailable" in a.logs()
    finally:
        stores.run("start-redis")
    recovered = say(a, sender, "the pump is beeping")
    assert not degraded(recovered) and question(recovered)
    rows = stores.audit(f"{sender}-b")
    assert [(r["level"], r["outcome"]) for r in rows] == [("emergency", "guard:lock_store")]


@pytest.mark.reliability("faults", "Rasa restarted (PostgreSQL): level kept")
def test_a_restarted_rasa_server_continues_the_conversation_with_its_level(replicas, stores, sender):
    a, b = replicas
    turn = say(b, sender, "he has a fever of 39")
    while not triage(turn):
        turn = say(b, sender, "no")
    assert triage(turn)["level"] == "same_day"
    b.stop()
    b.start()
    say(b, sender, "ok thank you")
    assert level_on(b, sender) == level_on(a, sender) == "same_day"
    assert [row["level"] for row in stores.audit(sender)] == ["same_day"]
