"""Every vignette through the triage logic alone (no servers): the fast guard for lexicon changes.

The same vignettes also run through the REST channel in `make eval` (part of `make test`).
"""
from pathlib import Path

import pytest
import yaml

from triage.simulate import simulate

VIGNETTES = [v for path in sorted((Path(__file__).resolve().parents[1] / "vignettes").glob("*.yml"))
             for v in yaml.safe_load(path.read_text())["vignettes"]]


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["id"])
def test_vignette(vignette):
    disposition, _, first = simulate(vignette["messages"])
    assert disposition.level == vignette["gold"], f"{vignette['messages']} -> {disposition}"
    if vignette["gold"] == "emergency":
        assert first, "the emergency must come in the reply to the message that reveals it"
