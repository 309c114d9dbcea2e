"""Compiles lexicon.yml into spaCy Matcher patterns and "near" (co-occurrence) rules."""

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Dict, List, Tuple

from triage.schema import check_lexicon
from triage.strict_yaml import load_yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")
ABSENT_SUFFIX = "__absent"
NOT_A_SIGN = "not_a_sign"  # lexicon `not_signs`: matched so that a shorter sign phrase inside loses
# Signs triage/extractor.py finds without a lexicon entry: from a temperature reading, from a sentence
VERY_HIGH_FEVER = "very_high_fever"  # 40 C / 104 F or more
SMALL_SWELLING = "small_swelling_after_surgery"  # a swelling sentence that meets protocol R3
COMPUTED_SIGNS = (VERY_HIGH_FEVER, SMALL_SWELLING)
TokenPattern = List[Dict[str, Any]]  # one spaCy Matcher pattern


Side = Tuple[Tuple["re.Pattern[str]", ...], ...]  # a near rule's side: phrases, each a run of token regexes


@dataclass(frozen=True)
class NearRule:
    sign: str
    first: Side
    second: Side
    window: int
    except_next: Tuple[str, ...] = field(default_factory=tuple)
    across_sentences: bool = False  # "can we still get the refill done? we missed it on monday"

    @cached_property
    def opening(self) -> "re.Pattern[str]":
        """One regex for the first word of any of the first side's phrases: where the rule may start."""
        return re.compile("|".join(f"(?:{run[0].pattern})" for run in self.first))


@dataclass
class Lexicon:
    patterns: Dict[str, List[TokenPattern]]  # matcher label -> list of token patterns
    near_rules: List[NearRule]


def expand_macros(text: str, macros: Dict[str, str]) -> str:
    return re.sub(r"\$([A-Z]+)", lambda m: macros[m.group(1)], text)


_PLAIN = re.compile(r"^[a-z']+$")


def plain_words(token: str) -> List[str]:
    """The plain words among one token's alternatives, as a phrase would spell them ("breath\\w*" gives
    "breath", "mri\\w+" gives "mris"); alternatives with any other regex give none."""
    alternatives = (a.replace("\\w*", "").replace("\\w+", "s") for a in token.split("|"))
    return [a for a in alternatives if _PLAIN.match(a)]


_LITERAL = re.compile(r"[a-z0-9',&%-]+")


def _token(spec: str, macros: Dict[str, str]) -> Dict[str, Any]:
    optional = spec.startswith("[") and spec.endswith("]")
    spec = spec[1:-1] if optional else spec
    token: Dict[str, Any] = {} if spec == "_" else {"LOWER": _word_test(expand_macros(spec, macros))}
    if optional:
        token["OP"] = "?"
    return token


def _word_test(alternation: str) -> Dict[str, Any]:
    """Plain words are looked up in a set (far quicker in spaCy's matcher than a regex); the rest are regexes."""
    words = alternation.split("|")
    if all(_LITERAL.fullmatch(w) for w in words):
        return {"IN": words}
    return {"REGEX": f"^(?:{alternation})$"}


def compile_phrase(phrase: str, macros: Dict[str, str]) -> TokenPattern:
    specs = phrase.split()
    for spec in specs:
        if spec.startswith("[") != spec.endswith("]"):
            raise ValueError(f"lexicon phrase {phrase!r}: an optional [token] is one word, got {spec!r}")
    return [_token(spec, macros) for spec in specs]


def _alternation(words: List[str], macros: Dict[str, str]) -> "re.Pattern[str]":
    return re.compile("^(?:" + "|".join(expand_macros(w, macros) for w in words) + ")$")


def _side(entries: List[str], macros: Dict[str, str]) -> Side:
    """One near side: its one-word entries as one alternation, each longer entry ("missed it") as a run."""
    words = [e for e in entries if " " not in e.strip()]
    phrases = [e for e in entries if " " in e.strip()]
    side = [(_alternation(words, macros),)] if words else []
    return tuple(side + [tuple(_alternation([t], macros) for t in p.split()) for p in phrases])


def near_specs(spec: Dict[str, Any]) -> List[Dict[str, Any]]:
    """A sign's near rules, each {words: [A, B], window, except_next}."""
    return [dict(rule) for rule in spec.get("near", [])]


@lru_cache(maxsize=1)
def lexicon_data() -> Dict[str, Any]:
    """lexicon.yml as written, parsed once (about 60 ms) for every reader; readers do not change it."""
    data: Dict[str, Any] = load_yaml(LEXICON_PATH)
    return data


def macro(name: str) -> str:
    """One macro's alternation, for code that reads the same words outside the matcher."""
    return str(lexicon_data()["macros"][name])


@lru_cache(maxsize=1)
def sign_names() -> Tuple[str, ...]:
    """Every sign a finding can name: the lexicon's and the computed ones."""
    return tuple(lexicon_data()["signs"]) + COMPUTED_SIGNS


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    data = lexicon_data() if path == LEXICON_PATH else load_yaml(path)
    check_lexicon(data, path)
    macros = data["macros"]
    patterns: Dict[str, List[TokenPattern]] = {}
    near_rules: List[NearRule] = []
    if data.get("not_signs"):
        patterns[NOT_A_SIGN] = [compile_phrase(p, macros) for p in data["not_signs"]]
    for sign, spec in data["signs"].items():
        for key, label in (("present", sign), ("absent", sign + ABSENT_SUFFIX)):
            phrases = spec.get(key, [])
            if phrases:
                patterns[label] = [compile_phrase(p, macros) for p in phrases]
        for rule in near_specs(spec):
            first, second = rule["words"]
            near_rules.append(
                NearRule(
                    sign,
                    _side(first, macros),
                    _side(second, macros),
                    rule.get("window", 6),
                    tuple(rule.get("except_next", ())),
                    bool(rule.get("across_sentences", False)),
                )
            )
    return Lexicon(patterns, near_rules)
