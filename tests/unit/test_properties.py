"""Property-based: the findings extractor and triage engine on arbitrary strings."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels.guard import clean_text, safety_reply
from triage.engine import assess
from triage.extractor import extract_findings
from triage.protocol import EMERGENCY, load_protocol

RED_FLAGS = [
    "she is not breathing",
    "he had a seizure",
    "we cannot wake him up",
    "his lips are turning blue",
    "she has a fever of 39 and is really stiff and confused",
]
LEVELS = set(load_protocol().levels)
relaxed = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("phrase", RED_FLAGS)
def test_each_red_flag_phrase_alone_is_an_emergency(phrase):
    assert assess(extract_findings(phrase)).level == EMERGENCY


@pytest.mark.reliability("bad_input", "Property: any string, no exception")
@relaxed
@given(st.text())
def test_any_string_gives_findings_and_a_level_without_an_exception(text):
    findings = extract_findings(text)
    assert assess(findings).level in LEVELS


@pytest.mark.reliability("bad_input", "Property: any bytes, no exception")
@relaxed
@given(st.binary(max_size=300))
def test_any_bytes_decoded_any_way_never_raise(data):
    for text in (data.decode("latin-1"), data.decode("utf-8", "replace"), data.decode("utf-8", "surrogateescape")):
        assert assess(extract_findings(text)).level in LEVELS
        assert safety_reply(clean_text(text), "assistant").messages


@pytest.mark.reliability("bad_input", "Property: red flag in noise -> emergency")
@relaxed
@given(st.text(max_size=400), st.sampled_from(RED_FLAGS), st.text(max_size=400))
def test_a_red_flag_embedded_anywhere_in_noise_is_still_an_emergency(before, phrase, after):
    message = f"{before}. {phrase}. {after}"
    assert assess(extract_findings(message)).level == EMERGENCY
    assert safety_reply(clean_text(message), "lock_store").level == EMERGENCY


@pytest.mark.reliability("bad_input", "Property: red flag after 5-150 KB -> emergency")
@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=5_000, max_value=150_000), st.sampled_from(RED_FLAGS))
def test_a_red_flag_after_a_long_noisy_message_is_still_found(position, phrase):
    noise = ("lorem ipsum dolor sit amet " * 6000)[:position]
    assert assess(extract_findings(f"{noise}. {phrase}.")).level == EMERGENCY
