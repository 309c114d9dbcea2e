"""Phrases generated from lexicon.yml: for each sign, sample wordings its patterns match.

Used to find where one sign's words are taken by another's (tests/unit/test_lexicon_overlap.py) and as
training sentences for the second opinion (triage/second_opinion.py). Only plain-word alternatives are
used ("breath\\w*" gives "breath"); a pattern with no plain word at some position gives no phrase.
"""

import itertools
import random
from typing import Dict, Iterator, List, Optional, Tuple

from triage.lexicon import ABSENT_SUFFIX, expand_macros, lexicon_data, near_specs, plain_words

ANY_WORD = "it"


def _words(spec: str, macros: Dict[str, str]) -> List[str]:
    return plain_words(expand_macros(spec, macros))


def _phrase(pattern: str, macros: Dict[str, str], rng: random.Random) -> Optional[str]:
    words = []
    for spec in pattern.split():
        optional = spec.startswith("[")
        spec = spec.strip("[]")
        if optional and rng.random() < 0.5:
            continue
        choices = [ANY_WORD] if spec == "_" else _words(spec, macros)
        if not choices:
            return None
        words.append(rng.choice(choices))
    return " ".join(words)


def _side_words(side: List[str], macros: Dict[str, str]) -> List[str]:
    """Every wording of a near side: a one-word entry's words, a longer entry's phrases ("missed it")."""
    options: List[str] = []
    for entry in side:
        options += [" ".join(words) for words in itertools.product(*(_words(t, macros) for t in entry.split()))]
    return options


def _near_phrase(near: List[List[str]], macros: Dict[str, str], rng: random.Random) -> Optional[str]:
    first, second = (_side_words(side, macros) for side in near)
    if not first or not second:
        return None
    return f"{rng.choice(first)} {rng.choice(second)}"


def sign_phrases(per_pattern: int = 3, seed: int = 7) -> Iterator[Tuple[str, str]]:
    """(label, phrase) pairs: the label is the sign, with ABSENT_SUFFIX for a reassurance."""
    data = lexicon_data()
    macros, rng = data["macros"], random.Random(seed)
    for sign, spec in data["signs"].items():
        for key, label in (("present", sign), ("absent", sign + ABSENT_SUFFIX)):
            for pattern in spec.get(key, []):
                for _ in range(per_pattern):
                    phrase = _phrase(pattern, macros, rng)
                    if phrase:
                        yield label, phrase
        for rule in near_specs(spec):
            for _ in range(per_pattern):
                phrase = _near_phrase(rule["words"], macros, rng)
                if phrase:
                    yield sign, phrase
