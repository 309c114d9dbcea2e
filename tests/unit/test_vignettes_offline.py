"""Every vignette and every simulated family through the screening policy alone (no servers): the fast
guard for lexicon and policy changes. The same sets run through the REST channel in `make eval`."""

from pathlib import Path

import pytest

from harness import personas, vignettes
from harness.replies import EMERGENCY_OPENING
from triage.simulate import OfflineConversation

TESTS = Path(__file__).resolve().parents[1]
VIGNETTES = vignettes.load_vignettes(sorted((TESTS / "vignettes").glob("*.yml")))
FAMILIES = personas.load_personas(sorted((TESTS / "personas").glob("*.yml")))
KNOWN_MISSES = set(personas.known_misses(TESTS / "personas"))
KNOWN_VIGNETTE_MISSES = set(personas.known_misses(TESTS / "vignettes"))


@pytest.mark.parametrize(
    "vignette",
    [
        pytest.param(v, marks=pytest.mark.xfail(strict=True, reason="known miss"))
        if v["id"] in KNOWN_VIGNETTE_MISSES
        else v
        for v in VIGNETTES
    ],
    ids=lambda v: v["id"],
)
def test_vignette(vignette):
    result = vignettes.play(vignette, OfflineConversation().send, EMERGENCY_OPENING)
    assert result["level"] == vignette["gold"], f"{vignette['messages']} -> {result}"
    if vignette["gold"] == "emergency":
        assert result["emergency_first_reply"], "the emergency must come in the reply to the message that reveals it"


@pytest.mark.parametrize(
    "family",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="known miss")) if p["id"] in KNOWN_MISSES else p
        for p in FAMILIES
    ],
    ids=lambda p: f"{p['set']}-{p['id']}",
)
def test_simulated_family_never_misses_or_delays_an_emergency(family):
    record = personas.play(family, OfflineConversation().send)
    if family["gold"] == "emergency":
        assert record.level == "emergency", record.transcript
        assert record.emergency_on_time, record.transcript
    else:
        assert record.level != "emergency", record.transcript
    assert not record.repeats, record.transcript


def test_an_emergency_before_the_family_revealed_everything_is_on_time():
    """b5f-e12: 'had an MRI of her head today ... prometra pump' is E13 at once (not knowing whether the
    pump was emptied resolves upward), so the pump question that completes `reveal` is never asked."""
    early = personas.Record("early", "emergency", emergency_at=1, revealed_at=None)
    late = personas.Record("late", "emergency", emergency_at=3, revealed_at=2)
    assert early.emergency_on_time and not late.emergency_on_time
    assert not personas.Record("missed", "emergency", revealed_at=1).emergency_on_time


def test_a_known_vignette_miss_is_never_an_emergency():
    gold = {v["id"]: v["gold"] for v in VIGNETTES}
    assert KNOWN_VIGNETTE_MISSES <= set(gold)
    assert all(gold[v] != "emergency" for v in KNOWN_VIGNETTE_MISSES)
