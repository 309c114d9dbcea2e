"""The anchored matcher finds exactly what one spaCy Matcher over every lexicon pattern finds, only faster."""

from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher

from harness import vignettes
from triage.anchored_matcher import AnchoredMatcher, anchor
from triage.extractor import build_pipeline
from triage.lexicon import load_lexicon
from triage.lexicon_phrases import sign_phrases
from triage.normalize import normalize

COUNTS = {"is": 1000, "was": 900, "floppy": 3, "limp": 2}


def count(word):
    return COUNTS.get(word, 0)


def words(*alternatives, optional=False):
    token = {"LOWER": {"IN": list(alternatives)}}
    return dict(token, OP="?") if optional else token


@pytest.mark.parametrize(
    "pattern,expected",
    [
        ([words("is", "was"), words("floppy", "limp")], ("floppy", "limp")),  # the least written words
        ([words("floppy", optional=True), words("is")], ("is",)),  # an optional token is never needed
        ([{"LOWER": {"REGEX": "^fl\\w*$"}}, words("is")], ("is",)),  # a regex only as a last resort
        ([{"LOWER": {"REGEX": "^fl\\w*$"}}, {}], "^fl\\w*$"),
        ([{}, words("is", optional=True)], None),  # nothing required: tried at every message
    ],
)
def test_the_anchor_is_the_rarest_required_token(pattern, expected):
    assert anchor(pattern, count) == expected


def test_a_pattern_with_no_anchor_is_tried_on_every_message():
    nlp = spacy.blank("en")
    matcher = AnchoredMatcher(
        nlp.vocab, {"ANY": [[{}, words("floppy")]], "REGEX": [[{"LOWER": {"REGEX": "^li"}}]]}, count
    )
    found = {(nlp.vocab.strings[m], s, e) for m, s, e in matcher(nlp("very floppy and limp"))}
    assert found == {("ANY", 0, 2), ("REGEX", 3, 4)}


def _messages():
    phrases = [phrase for _, phrase in sign_phrases(per_pattern=3, seed=1)]
    told = [m for case in vignettes.load_vignettes([Path("tests/vignettes/dev.yml")]) for m in case["messages"]]
    return [normalize(text) for text in phrases + told]


def test_the_same_matches_as_one_matcher_over_every_pattern():
    nlp = build_pipeline()
    patterns = load_lexicon().patterns
    one = Matcher(nlp.vocab)
    for label, label_patterns in patterns.items():
        one.add(label, label_patterns)
    anchored = nlp.get_pipe("itb_signs").matcher
    with nlp.select_pipes(enable=["sentencizer"]):
        docs = list(nlp.pipe(_messages()))
    differ = [doc.text for doc in docs if set(one(doc)) != set(anchored(doc))]
    assert len(docs) > 2000 and not differ, differ[:5]
