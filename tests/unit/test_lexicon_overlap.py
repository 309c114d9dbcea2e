"""Where one sign's words are taken by another's: every phrase generated from a sign's patterns must still
read as that sign once every pattern has matched and the longest match has won (as "two different tones"
once read as the pump moving, not as an alarm)."""

from triage.extractor import build_pipeline
from triage.lexicon_phrases import sign_phrases


def test_no_sign_phrase_is_taken_by_another_sign():
    nlp = build_pipeline()
    taken = []
    pairs = {pair for seed in range(1, 6) for pair in sign_phrases(per_pattern=10, seed=seed)}
    for label, phrase in sorted(pairs):
        labels = [span.label_ for span in nlp(phrase).ents]
        if label not in labels:
            taken.append(f"{phrase!r}: {label} read as {labels}")
    assert not taken, "\n".join(taken)


def test_the_phrases_cover_every_sign_of_the_lexicon():
    from triage.lexicon import COMPUTED_SIGNS, sign_names

    covered = {label.split("__")[0] for label, _ in sign_phrases()}
    assert set(sign_names()) - set(COMPUTED_SIGNS) <= covered
