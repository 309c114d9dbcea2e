"""The after-hours SMS line with real Twilio-format form posts, signed and unsigned."""

import uuid
import xml.etree.ElementTree as ET

import pytest
import requests
from twilio.request_validator import RequestValidator

from channels.sms import one_segment, segment_size
from tests.e2e.conftest import TWILIO_TOKEN

pytestmark = pytest.mark.servers


def post(servers, body, number=None, signed=True, tamper=False, headers=None, signed_url=None):
    url = f"{servers.url}/webhooks/sms/webhook"
    form = {
        "From": number or f"+1555{uuid.uuid4().int % 10**7:07d}",
        "To": "+15550100",
        "Body": body,
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": "AC" + uuid.uuid4().hex,
        "NumMedia": "0",
    }
    headers = dict(headers or {})
    if signed:
        headers["X-Twilio-Signature"] = RequestValidator(TWILIO_TOKEN).compute_signature(signed_url or url, form)
    if tamper:
        form["Body"] += " (changed)"
    return form["From"], requests.post(url, data=form, headers=headers, timeout=30)


def sms(reply):
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("application/xml")
    return [m.text or "" for m in ET.fromstring(reply.text).iter("Message")]


def test_unsigned_and_tampered_requests_are_refused(servers):
    assert post(servers, "he is not breathing", signed=False)[1].status_code == 403
    assert post(servers, "he is not breathing", tamper=True)[1].status_code == 403


def test_a_red_flag_by_sms_gets_the_emergency_guidance_first(servers):
    messages = sms(post(servers, "my son had a seizure and cant wake him")[1])
    assert messages[0].startswith("EMERGENCY: call 911")
    assert all("{" not in m and "triage" not in m for m in messages)  # no JSON payloads in an SMS


def test_the_first_sms_of_an_emergency_is_one_segment_that_stands_alone_and_the_rest_are_numbered(servers):
    messages = sms(post(servers, "she is not breathing right and her lips look blue")[1])
    first = messages[0]
    assert one_segment(first) and segment_size(first) == 160
    assert "call 911" in first and "emergency department" in first
    assert len(messages) > 1 and all(m.startswith(f"({i}/{len(messages)}) ") for i, m in enumerate(messages[1:], 2))


def test_screening_by_sms_asks_for_yes_no_or_not_sure_and_reaches_a_disposition(servers):
    number, reply = post(servers, "the pump is beeping")
    messages = sms(reply)
    assert messages[-1].endswith("Reply YES, NO or NOT SURE.")
    for _ in range(10):
        messages = sms(post(servers, "NO", number)[1])
        if any("right away" in m for m in messages):
            break
    assert any("555-0199" in m for m in messages)


def test_long_replies_are_split_and_each_part_fits(servers):
    number, reply = post(servers, "she had a seizure")
    messages = sms(reply)
    assert len(messages) >= 2 and all(len(m) <= 320 for m in messages)


def test_stop_start_and_help(servers):
    number, reply = post(servers, "STOP")
    assert "unsubscribed" in sms(reply)[0] and "911" in sms(reply)[0] and "555-0199" in sms(reply)[0]
    assert sms(post(servers, "the pump is beeping", number)[1]) == []
    assert "555-0100" in sms(post(servers, "help", number)[1])[0]
    assert "subscribed again" in sms(post(servers, "Start", number)[1])[0]
    assert sms(post(servers, "the pump is beeping", number)[1])
