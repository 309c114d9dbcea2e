"""Spelling correction before the lexicon (triage/spelling.py): it finds misspelt signs and only adds."""

import pytest

from triage.engine import assess
from triage.extractor import extract_findings
from triage.spelling import corrected


@pytest.mark.parametrize(
    "message,sign",
    [
        ("she had a siezure", "seizure"),
        ("his brething is wierd", "breathing_problem"),
        ("unresponssive", "hard_to_wake"),
        ("temprature of 38.6", "fever"),
        ("hes confuzed", "confusion"),
        ("v sleepey today", "drowsy"),
        ("his legs are swolen by the pump", "wound_problem"),
    ],
)
def test_a_misspelt_sign_is_found(message, sign):
    assert sign in {f.sign for f in extract_findings(message) if f.present}


def test_a_name_inside_a_sentence_is_not_corrected():
    assert corrected("my son Fitz is fine") == "my son Fitz is fine"


def test_known_words_numbers_and_short_words_stay_as_written():
    assert corrected("temp 39,2 n v hot, cant wake him") == "temp 39,2 n v hot, cant wake him"


def test_a_correction_only_adds_signs_that_are_present():
    # corrected, "no breathing problems" is a denial: it adds nothing, and the question is still asked
    assert not [f for f in extract_findings("no brething problems") if f.sign == "breathing_problem"]


def test_a_typo_the_lexicon_spells_out_is_still_corrected_so_other_patterns_see_it():
    # "refil" and "missd" are in the lexicon; corrected, "the refill was missed" is a missed refill, and with
    # stiffness and itching that is E12 (a pump problem with a withdrawal sign)
    assert corrected("hes relly stif n itchey since the refil was missd") == (
        "hes really stiff n itchy since the refill was missed"
    )
    findings = extract_findings("hes relly stif n itchey since the refil was missd")
    assert assess(findings).rules == ("E12",)


def test_the_dictionaries_kept_in_models_are_the_ones_built(tmp_path, monkeypatch):
    from triage import kept, spelling

    monkeypatch.setattr(kept, "MODELS", tmp_path)
    spelling._speller.cache_clear()
    try:
        built = spelling._speller()  # builds and keeps them
        assert len(list(tmp_path.glob("spelling-*.pkl"))) == 1
        spelling._speller.cache_clear()
        kept = spelling._speller()  # loads them
        assert kept is not built and kept.words == built.words
        assert spelling.corrected("unresponsve after the refil") == "unresponsive after the refill"
    finally:
        spelling._speller.cache_clear()


@pytest.mark.parametrize(
    "message,rule",
    [
        ("SHE JUST FAITED IN THE KITCHEN", "E10"),  # a word in capitals is shouted, not a name
        ("My son has a Pormetra pump and had an MRI today, nobody emptied it", "E13"),  # a brand with its capital
        ("his whole body is rigid like a board, wrose than before he had the pump", "E7"),  # the typo hid "than"
        ("since the refill on Tuesday he's been seepier than normal", "E9"),  # "sleepier" is a word
    ],
)
def test_a_correction_finds_what_the_typo_hid(message, rule):
    assert rule in assess(extract_findings(message)).rules


def test_a_misspelt_sign_of_a_child_writing_about_themselves_is_theirs():
    from triage.simulate import OfflineConversation

    conversation = OfflineConversation()
    conversation.send("I'm 16 and I have the pump. 101.4 tonight and I've been scartching my arms raw")
    assert conversation.state.level == "emergency" and "E5" in conversation.state.rules


def test_a_denial_is_never_corrected_into_the_sign():
    # "apyrexial" is one letter from "pyrexial": corrected, the nurse's "no fever" would read as a fever
    findings = extract_findings("Otherwise well: apyrexial, no itch, pump quiet, refills up to date.")
    assert "fever" not in {f.sign for f in findings if f.present}


@pytest.mark.parametrize(
    "message,rule",
    [
        ("he cannot lift his haed from the pillow and he is so sleepy", "E8"),  # "haed" is "head" here
        ("he is very haed to wake", "E2"),  # and "hard" here
        ("cant keep him awke", "E2"),
        ("shes saking all over", "E3"),
        ("he gell on his pump at school", "S13"),
    ],
)
def test_a_typo_near_several_words_is_read_as_each(message, rule):
    assert rule in assess(extract_findings(message)).rules


def test_a_typo_of_a_form_of_a_lexicon_stem_is_corrected_to_that_form():
    # the lexicon spells "spasm\w*"; "spsming" was corrected to "pming"
    assert corrected("her legs are spsming way more than normal") == "her legs are spasming way more than normal"
