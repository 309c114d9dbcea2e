"""With the action server down or hanging, every message still gets safety guidance, and a red flag the
emergency reply."""

import time

import pytest

from tests.e2e.conftest import Servers, hanging_server

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def rasa_without_actions(tmp_path_factory):
    servers = Servers(
        tmp_path_factory.mktemp("no-actions"),
        rasa_port=5605,
        action_port=5655,
        NO_ACTION_SERVER="1",
        ACTION_TIMEOUT_SECONDS="3",
    )
    servers.start()
    yield servers
    servers.stop()


def texts(replies):
    return " ".join(r.get("text") or "" for r in replies)


@pytest.mark.reliability("faults", "Action server down: a red flag gets the emergency reply")
def test_a_red_flag_still_gets_the_emergency_reply(rasa_without_actions):
    replies = rasa_without_actions.say("down-1", "she is having a seizure")
    assert replies[0]["text"].startswith("EMERGENCY: call 911")


@pytest.mark.reliability("faults", "Action server down: anything else gets 'cannot assess' + numbers")
def test_anything_else_gets_cannot_assess_with_the_numbers(rasa_without_actions):
    for sender, message in (("down-2", "the pump is beeping"), ("down-3", "can he go swimming?")):
        body = texts(rasa_without_actions.say(sender, message))
        assert "cannot assess this right now" in body and "555-0100" in body and "911" in body
        assert body.count("cannot assess") == 1
    body = texts(rasa_without_actions.say("down-2", "he is also more tired than usual"))
    assert "cannot assess this right now" in body and body.count("cannot assess") == 1


@pytest.fixture
def hanging_action_server():
    with hanging_server(5655):
        yield


@pytest.mark.reliability("faults", "Action server hanging: guidance after the time-out")
def test_a_hanging_action_server_times_out_into_guidance(rasa_without_actions, hanging_action_server):
    started = time.monotonic()
    body = texts(rasa_without_actions.say("hang-1", "the pump is beeping"))
    assert "cannot assess this right now" in body and "555-0100" in body
    assert time.monotonic() - started < 20  # ACTION_TIMEOUT_SECONDS, not Rasa's 5 minutes
    replies = rasa_without_actions.say("hang-2", "she is having a seizure")
    assert replies[0]["text"].startswith("EMERGENCY: call 911")
