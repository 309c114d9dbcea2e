"""A key written twice in a clinical YAML file is refused with the file and the line, never overwritten."""

from pathlib import Path

import pytest

from triage.lexicon import load_lexicon
from triage.strict_yaml import DuplicateKey, load_yaml

TRIAGE = Path(__file__).resolve().parents[2] / "triage"


def test_a_key_written_twice_is_refused_naming_the_file_and_the_line(tmp_path):
    lexicon = tmp_path / "lexicon.yml"
    lexicon.write_text("signs:\n  hard_to_wake:\n    absent: [alert]\n    absent: [easy to wake]\n")
    with pytest.raises(DuplicateKey, match=r"lexicon.yml: line 4: 'absent' is written twice"):
        load_yaml(lexicon)
    with pytest.raises(DuplicateKey):
        load_lexicon.__wrapped__(lexicon)


@pytest.mark.parametrize("name", sorted(p.name for p in TRIAGE.glob("*.yml")))
def test_every_clinical_file_has_each_key_once(name):
    assert load_yaml(TRIAGE / name)
