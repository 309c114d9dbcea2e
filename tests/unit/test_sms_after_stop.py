"""A family that sent STOP gets no more texts (carrier rules); a red flag it sends still reaches people."""

import pytest

from channels import sms
from triage.clinic import Clinic

ALWAYS_OPEN = {day: ["00:00", "24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
ON_CALL = Clinic(
    "Pump Team",
    "555-0100",
    "555-0199",
    "911",
    opening_hours=ALWAYS_OPEN,
    escalation={"url": "http://127.0.0.1:9/oncall", "when": "outside_hours"},
)


@pytest.mark.reliability("security", "SMS: a red flag after STOP is escalated")
async def test_a_red_flag_after_stop_is_audited_and_sent_to_the_on_call_team_whatever_the_hours(tmp_path, monkeypatch):
    notified, audited = [], []
    monkeypatch.setattr(sms, "load_clinic", lambda: ON_CALL)
    monkeypatch.setattr(sms, "notify_in_background", lambda event, clinic: notified.append(event))
    channel = sms.SmsInput("token", None, str(tmp_path / "opt-out.db"))
    monkeypatch.setattr(
        channel.guard, "audit", lambda app, conversation, reply, reason: audited.append((conversation, reason))
    )
    assert ON_CALL.is_open()  # other notifications would wait for the clinic to close
    await channel._after_stop("+15550100", "my son is breathing really slowly and I cannot wake him", app=None)
    assert audited == [("sms:+15550100", "opted_out")]
    assert notified[0]["level"] == "emergency" and notified[0]["conversation_id"] == "sms:+15550100"
    assert "text" not in notified[0]  # the clinic did not ask for message text


async def test_anything_else_after_stop_is_neither_audited_nor_escalated(tmp_path, monkeypatch):
    notified, audited = [], []
    monkeypatch.setattr(sms, "load_clinic", lambda: ON_CALL)
    monkeypatch.setattr(sms, "notify_in_background", lambda event, clinic: notified.append(event))
    channel = sms.SmsInput("token", None, str(tmp_path / "opt-out.db"))
    monkeypatch.setattr(channel.guard, "audit", lambda *args: audited.append(args))
    await channel._after_stop("+15550100", "the pump is beeping", app=None)
    assert notified == audited == []


def test_a_message_id_is_handled_once_and_its_reply_kept_for_a_retry(tmp_path):
    ledger = sms.OptOuts(tmp_path / "opt-out.db")
    assert ledger.first_time("SM1") and not ledger.first_time("SM1")
    assert ledger.reply_given("SM1") == []  # still being answered: nothing to repeat yet
    ledger.remember_reply("SM1", ["EMERGENCY: call 911", "Then call the team"])
    assert sms.OptOuts(tmp_path / "opt-out.db").reply_given("SM1") == ["EMERGENCY: call 911", "Then call the team"]
