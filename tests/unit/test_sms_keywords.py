"""The SMS keywords a carrier expects (STOP, START, HELP) and what each reply must say."""

from datetime import datetime
from zoneinfo import ZoneInfo

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
    assert "automated" in reply and "not a doctor" in reply and "clinical team has not yet checked" in reply
    assert "555-0111" in reply and "555-0122" in reply and "112" in reply


def test_stop_gives_the_emergency_number_and_the_teams_numbers(channel):
    (reply,) = channel._keyword_reply("+15550100", "STOP")
    assert "unsubscribed" in reply and "112" in reply and "555-0111" in reply and "555-0122" in reply
    assert "+15550100" in channel.opt_outs


def test_stop_and_help_give_the_number_that_answers_now_first(tmp_path, monkeypatch):
    chicago = ZoneInfo("America/Chicago")
    clinic = Clinic("Pump Team", "555-0111", "555-0122", "112", "America/Chicago", {"tue": ["08:00", "17:00"]})
    monkeypatch.setattr(sms, "load_clinic", lambda: clinic)
    channel = sms.SmsInput("token", None, str(tmp_path / "opt-out.db"))
    tuesday_10am, tuesday_2am = datetime(2025, 3, 11, 10, tzinfo=chicago), datetime(2025, 3, 11, 2, tzinfo=chicago)
    saturday_11am = datetime(2025, 3, 15, 11, tzinfo=chicago)
    for word in ("HELP", "STOP"):
        (day,) = channel._keyword_reply("+15550100", word, when=tuesday_10am)
        assert "555-0111 (555-0122 when the clinic is closed)" in day
        for when in (tuesday_2am, saturday_11am):
            (night,) = channel._keyword_reply("+15550100", word, when=when)
            assert "555-0122 (555-0111 when the clinic is open)" in night
            assert sms.one_segment(night) or len(night) <= sms.SMS_LIMIT
