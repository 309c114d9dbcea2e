"""The triage engine: every protocol rule is reachable, the level only rises, context never raises it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.engine import assess, higher, holds
from triage.findings import STATUSES, Finding
from triage.lexicon import sign_names
from triage.protocol import load_protocol

PROTOCOL = load_protocol()
SIGNS = sorted(sign_names())  # every sign a finding can name, not only those the rules mention


def minimal_signs(condition):
    """One smallest set of signs that satisfies a condition."""
    if isinstance(condition, str):
        return {PROTOCOL.groups.get(condition, (condition,))[0]}
    ((operator, parts),) = condition.items()
    if operator == "any":
        return minimal_signs(parts[0])
    return set().union(*(minimal_signs(p) for p in parts))


@pytest.mark.parametrize("rule", PROTOCOL.rules, ids=lambda r: r.id)
def test_every_rule_is_reachable(rule):
    disposition = assess([Finding(s) for s in minimal_signs(rule.when)])
    assert rule.id in disposition.rules and disposition.level == rule.level


def test_protocol_rule_ids_are_all_there():
    ids = {r.id for r in PROTOCOL.rules} | {PROTOCOL.default_rule, PROTOCOL.question_rule}
    expected = {f"E{i}" for i in range(1, 15)} | {f"S{i}" for i in range(1, 15)} | {f"R{i}" for i in range(1, 5)}
    assert ids == expected


def test_nothing_found_is_routine_with_the_default_rule():
    assert assess([]).level == "routine" and assess([]).rules == ("R4",)
    assert assess([], routine_rule="R2").rules == ("R2",)


def test_highest_level_wins():
    disposition = assess([Finding("pump_alarm"), Finding("seizure")])
    assert disposition.level == "emergency" and disposition.rules == ("E3",)


def test_combinations_escalate():
    assert assess([Finding("fever")]).level == "same_day"
    assert assess([Finding("fever"), Finding("stiffness")]).level == "emergency"
    assert assess([Finding("pump_alarm"), Finding("itch")]).rules == ("E12",)


def test_an_unknown_operator_is_refused_not_read_as_any():
    with pytest.raises(ValueError, match="unknown operator 'one_of'"):
        holds({"one_of": ["fever", "seizure"]}, {"fever"}, PROTOCOL)
    assert holds({"all": ["fever", "seizure"]}, {"fever", "seizure"}, PROTOCOL)
    assert not holds({"all": ["fever", "seizure"]}, {"fever"}, PROTOCOL)


def test_levels_only_rise():
    assert higher("emergency", "routine") == "emergency"
    assert higher(None, "same_day") == "same_day"


findings_strategy = st.lists(st.builds(Finding, st.sampled_from(SIGNS), st.sampled_from(STATUSES)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(findings_strategy, st.sampled_from(SIGNS))
def test_adding_a_present_finding_never_lowers_the_level(findings, sign):
    before = PROTOCOL.rank(assess(findings).level)
    assert PROTOCOL.rank(assess(findings + [Finding(sign, "present")]).level) >= before


@settings(max_examples=300, deadline=None)
@given(findings_strategy, st.sampled_from(SIGNS), st.sampled_from([s for s in STATUSES if s != "present"]))
def test_adding_a_negated_past_or_hypothetical_finding_never_raises_the_level(findings, sign, status):
    before = PROTOCOL.rank(assess(findings).level)
    assert PROTOCOL.rank(assess(findings + [Finding(sign, status)]).level) == before


def test_every_advice_key_exists_and_has_sources():
    for rule in PROTOCOL.rules:
        for key in rule.advice:
            assert PROTOCOL.advice[key]["sources"], key
