"""Twilio waits 15 s for a webhook's reply. With the action server hung, each SMS still gets its reply in
time (the emergency for a red flag, the numbers otherwise): with every time-out at its default, and with
the action time-out raised past Twilio's limit, as a clinic might do for a slow action server."""

import time

import pytest

from tests.e2e.conftest import Servers, hanging_server
from tests.e2e.test_sms import post, sms

pytestmark = pytest.mark.servers
TWILIO_WEBHOOK_LIMIT = 15.0


@pytest.fixture(scope="module", params=[{}, {"ACTION_TIMEOUT_SECONDS": "30"}], ids=["default time-outs", "30 s"])
def rasa_with_a_hung_action_server(tmp_path_factory, request):
    servers = Servers(
        tmp_path_factory.mktemp("hung-actions"), rasa_port=5805, action_port=5855, NO_ACTION_SERVER="1", **request.param
    )
    servers.start()
    with hanging_server(5855):
        yield servers
    servers.stop()


@pytest.mark.reliability("faults", "Action server hung: every SMS reply within Twilio's 15 s")
@pytest.mark.parametrize(
    "text,expected",
    [("the pump is beeping", "555-0100"), ("my son is breathing really slowly and I cannot wake him", "EMERGENCY")],
)
def test_every_sms_reply_leaves_within_twilios_limit(rasa_with_a_hung_action_server, text, expected):
    started = time.monotonic()
    _, reply = post(rasa_with_a_hung_action_server, text)
    took = time.monotonic() - started
    assert took < TWILIO_WEBHOOK_LIMIT, f"{took:.1f} s"
    assert expected in " ".join(sms(reply))
