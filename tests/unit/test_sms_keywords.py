"""The SMS keywords a carrier expects (STOP, START, HELP) and what each reply must say."""

import pytest

from channels import sms
from triage.clinic import Clinic

CLINIC = Clinic("Pump Team", "555-0111", "555-0122", "112")


@pytest.fixture
def channel(tmp_path, monkeypatch):
    monkeypatch.setattr(sms, "load_clinic", lambda: CLINIC)
    return sms.SmsInput("token", None, str(tmp_path / "opt-out.db"))


def test_help_says_what_the_line_is_and_that_its_protocol_is_not_reviewed(channel):
    (reply,) = channel._keyword_reply("+15550100", "HELP")
    assert "automated" in reply and "not a doctor" in reply and "clinical team has not yet reviewed" in reply
    assert "555-0111" in reply and "555-0122" in reply and "112" in reply


def test_stop_gives_the_emergency_number_and_the_teams_numbers(channel):
    (reply,) = channel._keyword_reply("+15550100", "STOP")
    assert "unsubscribed" in reply and "112" in reply and "555-0111" in reply and "555-0122" in reply
    assert "+15550100" in channel.opt_outs
