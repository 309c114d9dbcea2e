"""Spelling correction of a parent's message, so that "siezure", "brething" or "unresponsve" reach the
lexicon as the words it knows.

symspellpy's bundled English frequency dictionary (no download) plus a domain vocabulary generated from
lexicon.yml: every plain word its patterns and macros name. Domain words rank above any English word of
the same edit distance ("stif" is "stiff", not "stir"). A word is only corrected when neither vocabulary
knows it, it has four letters or more, and it is not a name (a capital inside a sentence). The extractor
reads the message and up to three corrected versions of it (a typo may be near several words), and a
correction can only add a finding.
"""

import hashlib
import pickle
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Dict, Iterator, List, Set, Tuple

from triage.kept import keep, kept_path
from triage.lexicon import lexicon_data, macro, plain_words
from triage.normalize import NEGATED_AUX, SHORTHAND

DOMAIN_COUNT = 10**12  # above the commonest English word, so domain words win ties
MIN_LETTERS, MAX_LETTERS = 4, 25
# the lexicon's macros that name things in a home: words, never typos ("cpap" is not "cap")
NAMES_OF_THINGS = ("HOUSEHOLD", "DEVICE")
# what a family writes with a capital inside a sentence and may misspell: a capitalised word is corrected only
# to one of these ("Pormetra", "Thursdaay"); any other is a name ("Fitz" is not "fits")
CAPITALISED = frozenset(
    "prometra medtronic synchromed flowonix monday tuesday wednesday thursday friday saturday sunday".split()
)
ENGLISH = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"  # word, count per line
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_PLAIN = re.compile(r"^[a-z]{3,}$")


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@lru_cache(maxsize=1)
def domain_words() -> Set[str]:
    """Every plain word lexicon.yml names, and the words normalize() writes or expands."""
    words = {w for t in _lexicon_tokens() for w in plain_words(t) if _PLAIN.match(w)}  # "stiff\w*" gives "stiff"
    words |= {w for text in list(SHORTHAND.values()) + list(NEGATED_AUX.values()) for w in text.split()}
    return words | set(SHORTHAND)


def _lexicon_tokens() -> List[str]:
    return [t for text in _strings(lexicon_data()) for t in re.split(r"[\s\[\]]+", text)]


def stem_forms(english: Set[str]) -> Set[str]:
    """The forms of the lexicon's English stems ("spasm\\w*" gives spasms, spasming, spasmed, spasmy), so that a
    typo of one is near it: "spsming" is "spasming", not "pming". Never of a typo stem ("fevr\\w*")."""
    stems = {a[:-3] for t in _lexicon_tokens() for a in t.split("|") if a.endswith("\\w*") and a[:-3] in english}
    return {stem + end for stem in stems if len(stem) >= 4 for end in ("s", "ing", "ed", "y")}


@lru_cache(maxsize=1)
def english_counts() -> Dict[str, int]:
    """How often each English word is written (symspellpy's frequency dictionary)."""
    return {word: int(count) for word, count in (line.split() for line in ENGLISH.read_text().splitlines())}


def english_count(word: str) -> int:
    return english_counts().get(word, 0)


def _fingerprint() -> str:
    """What the built dictionaries depend on: symspellpy, this module and the domain words."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for part in (version("symspellpy"), Path(__file__).read_text(), *sorted(domain_words())):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def _speller() -> Any:
    """The dictionaries, built once (about 3 s) and kept in models/ for the next start (about 1 s)."""
    fingerprint = _fingerprint()
    path = kept_path("spelling", fingerprint)
    if path.exists():
        return pickle.loads(path.read_bytes())  # noqa: S301 - our own file, rebuilt when its inputs change
    speller = _built()
    try:
        keep("spelling", fingerprint, pickle.dumps(speller, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only checkout still corrects spelling, only more slowly at start
    return speller


def _built() -> Any:
    from symspellpy import SymSpell, Verbosity

    speller = SymSpell(max_dictionary_edit_distance=2)
    speller.load_dictionary(str(ENGLISH), 0, 1)
    english = set(speller.words)
    domain = domain_words()
    for word in domain | stem_forms(english):
        speller.create_dictionary_entry(word, DOMAIN_COUNT)
    # a typo the lexicon also spells out ("refil", "missd") is not a word to keep: corrected, it reaches the
    # patterns written for the right spelling too ("the refil was missd" is a missed refill). It is a typo only
    # of a word the lexicon also spells and English knows: "sleepier" is not "sleeper", "apyrexia" not "pyrexia"
    kept = (
        english
        | CAPITALISED
        | set(SHORTHAND)
        | set(NEGATED_AUX.values())
        | {w for m in NAMES_OF_THINGS for w in macro(m).split("|")}
    )
    typos = [
        word
        for word in domain - kept
        if not _inflected(word, english)
        and any(
            s.term != word and s.term in english and s.term in domain and plausible_typo(word, s.term)
            for s in speller.lookup(word, Verbosity.ALL, max_edit_distance=1)
        )
    ]
    for word in typos:
        speller.delete_dictionary_entry(word)
    return speller


def _inflected(word: str, english: Set[str]) -> bool:
    """A regular form of an English word ("sleepier", "floppier", "budges", "canceled") is a word, not a typo."""
    if word.endswith(("ier", "ied", "ies")) and word[:-3] + "y" in english:
        return True
    return any(word.endswith(end) and word[: -len(end)] in english for end in ("s", "es", "ed", "er", "ing"))


def warm_up() -> None:
    """Load the dictionaries now, not on a family's first message."""
    _speller()


def corrected(text: str) -> str:
    """The message with each unknown word replaced by its closest known word, if one is near enough."""
    return _version(text, _unknown_words(text), 0)


VERSIONS = 3  # a typo can be near several words: "haed" is "hard" or "head", "awke" "awake" or "wake"


def corrected_versions(text: str) -> List[str]:
    """The message corrected with each unknown word's first, second and third likeliest word, each version
    once and only where it differs from the message: the extractor reads every one, and a correction only
    adds, so a typo is not wagered on one guess ("he is very haed to wake", "cannot lift his haed")."""
    unknown = _unknown_words(text)
    versions: List[str] = []
    for rank in range(VERSIONS):
        version = _version(text, unknown, rank)
        if version != text and version not in versions:
            versions.append(version)
    return versions


def _unknown_words(text: str) -> List[Tuple[int, int, Tuple[str, ...]]]:
    """Where each correctable word stands, with its candidates: looked up once for every version."""
    found = []
    for match in _WORD.finditer(text):
        words = _candidates(match.group(0), _starts_sentence(text, match.start()))
        if words:
            found.append((match.start(), match.end(), words))
    return found


def _version(text: str, unknown: List[Tuple[int, int, Tuple[str, ...]]], rank: int) -> str:
    parts, last = [], 0
    for start, end, words in unknown:
        parts += [text[last:start], words[min(rank, len(words) - 1)]]
        last = end
    return "".join(parts) + text[last:]


def _starts_sentence(text: str, start: int) -> bool:
    """Only blanks, or a sentence's end, before this word (looked back over without copying the text)."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in ".!?\n"


@lru_cache(maxsize=4096)
def _candidates(word: str, sentence_start: bool) -> Tuple[str, ...]:
    """The words an unknown word may be a typo of, likeliest first: a domain word first; between two, the
    longer (a letter left out is the commoner slip: "missd"), then the commoner."""
    from symspellpy import Verbosity

    lower = word.lower()
    if not MIN_LETTERS <= len(lower) <= MAX_LETTERS or "'" in lower:
        return ()
    name = word[0].isupper() and not word.isupper() and not sentence_start  # a word in capitals is shouted
    speller = _speller()
    if lower in speller.words:
        return ()
    distance = 1 if len(lower) <= 5 else 2
    suggestions = speller.lookup(lower, Verbosity.CLOSEST, max_edit_distance=distance)
    plausible = [s for s in suggestions if plausible_typo(lower, s.term) and (not name or s.term in CAPITALISED)]
    ranked = sorted(plausible, key=lambda s: (s.count >= DOMAIN_COUNT, len(s.term), s.count), reverse=True)
    return tuple(str(s.term) for s in ranked)


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_VOWELS = set("aeiouy")
_SOUNDS_ALIKE = {frozenset(pair) for pair in ("sz", "ck", "cs", "fv", "gj")}


_KEY_AT = {c: (r, i) for r, row in enumerate(_ROWS) for i, c in enumerate(row)}


def _near_keys(a: str, b: str) -> bool:
    (ra, ia), (rb, ib) = _KEY_AT.get(a, (9, 0)), _KEY_AT.get(b, (-9, 0))
    return abs(ra - rb) <= 1 and abs(ia - ib + (ra - rb) * 0.5) <= 1


def plausible_typo(word: str, suggestion: str) -> bool:
    """A letter left out, doubled, added or swapped is a typo; a letter replaced by another only when
    the keys are neighbours, both are vowels or they sound alike ("confuzed"). So "sniffly" is not
    "stiffly": n and t are far apart."""
    from difflib import SequenceMatcher

    for op, i1, i2, j1, j2 in SequenceMatcher(None, word, suggestion).get_opcodes():
        if op != "replace":
            continue
        if i2 - i1 != j2 - j1:
            return False
        for a, b in zip(word[i1:i2], suggestion[j1:j2], strict=True):
            if not (_near_keys(a, b) or {a, b} <= _VOWELS or frozenset((a, b)) in _SOUNDS_ALIKE):
                return False
    return True
