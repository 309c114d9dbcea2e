"""spaCy's Matcher tries every pattern at every token, so its time grows with the lexicon (about 700 patterns,
once half of the extractor's time). A pattern can only match a message that holds one of the words of its
rarest required token, its anchor. The patterns are grouped by anchor, one matcher per group, and a message
runs only the groups whose anchor it holds: the same matches as one matcher over every pattern."""

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any, Callable, Dict, List, Tuple, Union

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

TokenPattern = List[Dict[str, Any]]
Anchor = Union[Tuple[str, ...], str, None]  # its words, a regex, or none (the pattern is tried everywhere)
Match = Tuple[int, int, int]  # spaCy's (label id, start, end)
CACHED_WORDS = 100_000


def _word_test(token: Dict[str, Any]) -> Union[Tuple[str, ...], str, None]:
    """A required token's words, or its regex; None for an optional or unrestricted token."""
    lower = token.get("LOWER")
    if token.get("OP") in ("?", "*") or lower is None:
        return None
    if isinstance(lower, str):
        return (lower,)
    if "IN" in lower:
        return tuple(sorted(lower["IN"]))
    return str(lower["REGEX"]) if "REGEX" in lower else None


def anchor(pattern: TokenPattern, word_count: Callable[[str], int]) -> Anchor:
    """The required token that the fewest messages hold: the least written words, a regex only as a last resort."""
    tests = [test for test in map(_word_test, pattern) if test is not None]
    words = [test for test in tests if isinstance(test, tuple)]
    if words:
        return min(words, key=lambda test: sum(word_count(w) for w in test))
    return tests[0] if tests else None


class AnchoredMatcher:
    def __init__(self, vocab: Vocab, patterns: Dict[str, List[TokenPattern]], word_count: Callable[[str], int]):
        groups: Dict[Anchor, Dict[str, List[TokenPattern]]] = defaultdict(lambda: defaultdict(list))
        for label, label_patterns in patterns.items():
            for pattern in label_patterns:
                groups[anchor(pattern, word_count)][label].append(pattern)
        self._matchers: List[Matcher] = []
        self._by_word: Dict[str, List[int]] = defaultdict(list)
        self._by_regex: List[Tuple["re.Pattern[str]", int]] = []
        self._everywhere: List[int] = []
        for group_anchor, by_label in groups.items():
            index = len(self._matchers)
            matcher = Matcher(vocab)
            for label, label_patterns in by_label.items():
                matcher.add(label, label_patterns)
            self._matchers.append(matcher)
            self._index(group_anchor, index)
        self._groups_of = lru_cache(maxsize=CACHED_WORDS)(self._groups_of_word)

    def _index(self, group_anchor: Anchor, index: int) -> None:
        if group_anchor is None:
            self._everywhere.append(index)
        elif isinstance(group_anchor, str):
            self._by_regex.append((re.compile(group_anchor), index))  # spaCy's REGEX is a search too
        else:
            for word in group_anchor:
                self._by_word[word].append(index)

    def _groups_of_word(self, word: str) -> Tuple[int, ...]:
        return tuple(self._by_word.get(word, ())) + tuple(i for regex, i in self._by_regex if regex.search(word))

    def __call__(self, doc: Doc) -> List[Match]:
        groups = set(self._everywhere)
        for word in {token.lower_ for token in doc}:
            groups.update(self._groups_of(word))
        return [match for group in sorted(groups) for match in self._matchers[group](doc)]
