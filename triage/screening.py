"""Which screening question comes next, and how a family's free-text reply to it is read.

Every question asks whether a warning sign is PRESENT: "yes" and "not sure" mean concern, "no" means
reassurance. A question is skipped when the family already told us about its signs, and screening stops
as soon as no remaining "yes" could raise the level or make a same-day call "right away" (so the first yes
that makes it an emergency ends it, while a same-day yes still lets us ask what could turn it into an
emergency, e.g. fever + stiffness, and a call "today" still asks the signs that make it "right away").
Replies are read by protocol v1.1 "Reading answers"; the word families are data in protocol.yml.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Optional, Pattern, Sequence, Set, Tuple

from triage.engine import Disposition, assess, warning_signs
from triage.extractor import FEVER_C, VERY_HIGH_FEVER_C, typed_temperature
from triage.findings import NEGATED, PRESENT, Finding, known_signs, present_signs
from triage.normalize import normalize
from triage.protocol import EMERGENCY, GroupedQuestion, Protocol, ScreeningQuestion, load_protocol

YES, NO, UNSURE = "yes", "no", "unsure"
NO_ALONE = "no_alone"  # answer_words: a no only when it is the whole reply
CONCERN = (YES, UNSURE)
THANKS, GOODBYE, GREETING, WAIT, MEASURING = "thanks", "goodbye", "greeting", "wait", "measuring"
SUMMARY, CALLBACK = "summary", "callback"  # requests: the summary for the hospital, a call back
_FILLER = r"(same answer as before|same answer|like i said|as i said|like i say|as i say|um+|uh+|hm+|erm|er|well|ok|okay|k|kk|oh|so|ah|hmm+|actually|honestly|sorry|haha|lol|hi|hello|hey|hiya)"
# a yes after asking to wait; any other reply that opens "hang on" or "wait" is read as it stands ("wait no hes
# doing it again" is no denial)
_WAIT_THEN_YES = re.compile(
    r"^(hang on|hold on|wait|one sec|one second|just a sec|a sec)[ ,.!]*(yes|yeah|yep|yup|ya|yea)\b"
)
# Words that may stand beside thanks / goodbye without making the message an answer.
_POLITE = {
    "and",
    "you",
    "again",
    "all",
    "so",
    "much",
    "very",
    "for",
    "the",
    "your",
    "help",
    "a",
    "lot",
    "now",
    "bye",
    "that",
    "is",
    "it",
    "ok",
    "okay",
    "then",
    "really",
    "great",
    "oh",
    "many",
    "have",
    "good",
    "night",
    "day",
    "evening",
    "there",
    "everyone",
    "x",
    "xx",
    "xxx",
    "will",
    "do",
}


@dataclass(frozen=True)
class Reading:
    """What one reply says to the open question."""

    answer: Optional[str]  # yes / no / unsure, None when it does not answer
    celsius: Optional[float] = None  # a temperature typed in the reply


def _words_pattern(words: Sequence[str]) -> Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^(?:{alternatives})(?!\w)")  # not \b: an emoji answer ("👎") is no word


def _families(protocol: Protocol) -> Tuple[Tuple[str, Pattern[str]], ...]:
    return _compiled(tuple(protocol.answer_words.items()))


@lru_cache(maxsize=4)
def _compiled(families: Tuple[Tuple[str, Tuple[str, ...]], ...]) -> Tuple[Tuple[str, Pattern[str]], ...]:
    return tuple((family, _words_pattern(words)) for family, words in families)


def _plain(text: str) -> str:
    return _without_fillers(normalize(text).strip(" .!?,;:"))


def _without_fillers(words: str) -> str:
    return re.sub(rf"^({_FILLER}\b[ ,.!\-–—]*)+", "", words)


def words_answer(
    text: str, protocol: Optional[Protocol] = None, clauses: bool = False, denied: bool = False
) -> Optional[str]:
    """yes / no / unsure when the reply opens with that family's words; the longest match wins, so
    "I don't think so" is a no and "not sure" is unsure. `clauses`: in a reply to a question, a yes may
    also stand as a clause of its own ("now you say it, yes, ..."); a no must lead."""
    protocol = protocol or load_protocol()
    raw = text.strip(" .!?,").lower()
    if raw in ("n", "y"):  # normalise() reads a lone "n" as SMS "and"
        return NO if raw == "n" else YES
    thumbs = _THUMBS_UP.match(raw)
    if thumbs and raw[thumbs.end() :].strip():  # "👍 he's fine" is an ok, then a no; "👍 since lunch" a yes
        rest = raw[thumbs.end() :]
        answer = words_answer(rest, protocol, clauses, denied)
        if answer or denied:  # "👍 breathing fine" denies the asked sign
            return answer or NO
        return None if not_an_answer(rest, protocol) else YES
    words = _after_asking_back(_plain(text))
    if _WAIT_THEN_YES.match(words):  # "hang on yes", "wait yeah he is"
        return YES
    leading = [(m.end(), family) for family, p in _families(protocol) if (m := p.match(words))]
    best = max(leading, default=None)
    if best and best[1] == NO_ALONE:
        if denied or not words[best[0] :].strip(" ,.!?;:-"):  # "can't say I have, he's not scratching"
            return NO
        # "can't say I have been able to wake him": read as if the phrase were not a no
        best = max((match for match in leading if match[1] != NO_ALONE), default=None)
    if best:
        # "not really. bit dozier than normal maybe": a no that goes on to doubt itself is unsure
        if best[1] == NO and _CORRECTED_TO_YES.search(words[best[0] :]):
            return YES
        doubt = best[1] == NO and (_doubts(words[best[0] :], protocol) or _says_worse(words[best[0] :]))
        return UNSURE if doubt else best[1]
    # not leading, but said as a clause of its own: "now you say it, yes, the back one is red"; a yes and a
    # no as clauses of one reply are unsure
    # not leading, but a doubt anywhere in the reply ("I honestly can't tell, he doesn't talk") is unsure
    if _doubts(_APPROXIMATELY.sub(" ", words), protocol):
        return UNSURE
    parts = [c.strip() for c in re.split(r"[,.;:!?]", words) if c.strip()] if clauses else []
    said = {
        NO if family == NO_ALONE else family
        for c in parts
        for family, p in _families(protocol)
        if (m := p.match(c)) and m.end() == len(c)
    }
    return YES if said == {YES} else (UNSURE if said - {NO} else None)  # a no must lead; a yes or a doubt may not


# "there is" / "it is" lead a yes ("there is, a bit", "it is"), but not a sentence about something else, with
# no sign of the asked topic in it: "there's a small soft puffy area by the pump" to the breathing question,
# "it's the Medtronic SynchroMed pump" or "there's a tiny gap at one end too" to the red-flag question
_STARTS_A_SENTENCE = re.compile(r"\s*(there (is|are)|it is) (a|an|some|the|his|her|their|my|our|this|that|one) \w")
_TOLD_AS_WELL = re.compile(r"\b(too|as well|also)\b")
# The grouped question asks "is your child ...": "it is" or "there is" with more words after it, in a reply
# that only denies other topics' signs ("it's new for him. Pump's no beeping, nae temp"), is a sentence about
# something else. Its yes would stand for four red flags. "it's his breathing", "it's hard to say", "it is
# possible, she is very sleepy" are still read.
_SAYS_MORE = re.compile(r"\s*(there (is|are)|it (is|has|did)) \w")


# a no taken back in the same reply: "No... well, actually yes", "nope, wait, yeah he is"
_CORRECTED_TO_YES = re.compile(
    r"\b(actually|well|wait|hang on|hold on|hmm+|on second thoughts?|thinking about it|come to think of it|"
    r"now (that )?i think( about it)?|scratch that|sorry)\b[ ,.]*(yes|yeah|yep|yup|ya|yh|yea)\b"
)


# an amount told roughly is not a doubt about the sign asked: "spasms more than normal, maybe double her usual"
_APPROXIMATELY = re.compile(r"\b(maybe|perhaps|possibly) (double|twice|triple|treble|half|\d+ ?(times|x))\b")
# a question back before the answer: "define stiff. no more than normal", "why do you ask? no, she's fine"
_ASKED_BACK_FIRST = re.compile(
    r"^(why do you ask|define \w+( \w+)?|wdym \w+( \w+)?|what do you mean by \w+( \w+){0,2})\s*[.?!]+\s*(?=\w)"
)


def _after_asking_back(words: str) -> str:
    return _without_fillers(_ASKED_BACK_FIRST.sub("", words, count=1))


# a no that goes on to say it is worse contradicts itself: "no change?? he's worse" is unsure ("no, nothing
# worse", "it hasn't got any worse" stay a no)
_WORSE = re.compile(r"\b(worse|worsening)\b")
_DENIAL = re.compile(r"\b(not|no|nothing|never|isnot|hasnot|havenot|wasnot|didnot|doesnot|any)\b")


def _says_worse(rest: str) -> bool:
    """Only in a short reply: "no but his legs are getting worse at night" to the fever question is the legs'."""
    return len(rest.split()) <= 4 and any(
        not _DENIAL.search(rest[max(0, m.start() - 20) : m.start()]) for m in _WORSE.finditer(rest)
    )


def _doubts(words: str, protocol: Protocol) -> bool:
    """A doubt anywhere in the words."""
    unsure = dict(_families(protocol)).get(UNSURE)
    return unsure is not None and any(unsure.match(words[m.start() :]) for m in re.finditer(r"\b\w", words))


_THUMBS_UP = re.compile("\U0001f44d+[\U0001f3fb-\U0001f3ff]?")  # with any skin tone
# a thumbs up with no question open is thanks (to an open question it is a yes: answer_words)
_THANKS_EMOJI = re.compile("[\U0001f44d\U0001f64f\U0001f44c]")  # thumbs up, folded hands, OK hand


def not_an_answer(text: str, protocol: Optional[Protocol] = None) -> FrozenSet[str]:
    """thanks / goodbye / greeting when the reply is only that (protocol v1.1 "Not an answer")."""
    protocol = protocol or load_protocol()
    words = re.sub(r"[^a-z ]", " ", _THANKS_EMOJI.sub(" thanks ", normalize(text))).split()
    found: Set[str] = set()
    i = 0
    while i < len(words):
        match = max(
            (
                (len(phrase.split()), kind)
                for kind, phrases in protocol.not_an_answer.items()
                for phrase in phrases
                if words[i : i + len(phrase.split())] == phrase.split()
            ),
            default=None,
        )
        if match:
            found.add(match[1])
            i += match[0]
        elif words[i] in _POLITE and found:
            i += 1
        else:
            return frozenset()
    return frozenset(found)


def measuring_as_wait(kinds: FrozenSet[str], question: Optional[ScreeningQuestion]) -> FrozenSet[str]:
    """ "getting the thermometer" is a wait with no question open or a fever question open; to any other
    question it is no aside, so it counts as a reply that could not be read."""
    if MEASURING not in kinds:
        return kinds
    return kinds - {MEASURING} | {WAIT} if question is None or _about_fever(question) else frozenset()


def asks_back(text: str) -> bool:
    """A question in the reply ("why do you ask?", "can he still swim?")."""
    return "?" in text or bool(
        re.match(
            r"^(why|what|how|when|where|can|could|should|is|are|does|do|will|"
            r"i (want|would like|need) to (book|change|move|ask|know)|please)\b",
            _plain(text),
        )
    )


_ROUTINE_REQUEST = re.compile(
    r"\b(book\w*|schedul\w*|reschedul\w*|appointments?|appt|needs? (a|his|her|the) refill|refill is due|"
    r"due (a|for a|his|her) refill)\b"
)


def routine_request(text: str) -> bool:
    """A routine request in the middle of screening ("sorry. he needs a refill"): not an answer."""
    return bool(_ROUTINE_REQUEST.search(normalize(text)))


def read_reply(
    question: ScreeningQuestion, text: str, said: Iterable[Finding], protocol: Optional[Protocol] = None
) -> Reading:
    """Protocol v1.1 "Reading answers": the asked sign described in the reply is a yes, plain words
    next, a reassurance naming the asked sign is a no, a typed temperature decides a fever question."""
    protocol = protocol or load_protocol()
    told = list(said)
    present = present_signs(told)
    other = present & set(question.no_if)
    said = [f for f in told if f.sign in question.signs]
    celsius = typed_temperature(text) if _about_fever(question) else None
    if any(f.status == PRESENT for f in said):
        return Reading(YES, celsius)
    if other:
        return Reading(NO)
    denied = any(f.status == NEGATED for f in said)
    words = words_answer(text, protocol, clauses=True, denied=denied)
    if words == YES and _about_something_else(_plain(text), present, told, question, protocol):
        words = None
    if celsius is not None:
        return Reading(YES if celsius >= FEVER_C else NO, celsius)
    if words:
        return Reading(words)
    if denied:
        return Reading(NO)
    return Reading(None)


def _about_something_else(
    plain: str, present: Set[str], told: List[Finding], question: ScreeningQuestion, protocol: Protocol
) -> bool:
    """A reply that opens like a yes ("there is", "it is") but is a sentence about something else."""
    if _STARTS_A_SENTENCE.match(plain) and (_of_another_topic(present, question) or _TOLD_AS_WELL.search(plain)):
        return True
    grouped = question.id == protocol.grouped.question.id
    return grouped and bool(_SAYS_MORE.match(plain)) and not present and bool(known_signs(told) - set(question.signs))


def _of_another_topic(present: Set[str], question: ScreeningQuestion) -> bool:
    """Signs of other topics, none of them a red flag ("it is his legs, like boards" answers the stiffness
    question; "it's the Medtronic pump" does not answer the red-flag one)."""
    other = present - set(question.signs)
    return bool(other) and not any(assess([Finding(sign)]).level == EMERGENCY for sign in other)


def _about_fever(question: ScreeningQuestion) -> bool:
    return "fever" in question.signs or "very_high_fever" in question.signs


def temperature_findings(celsius: float) -> List[Finding]:
    """A reading's findings: fever or very high fever by its value, and no fever below 38.0 C."""
    if celsius >= VERY_HIGH_FEVER_C:
        return [Finding("very_high_fever", PRESENT, celsius), Finding("fever", PRESENT, celsius)]
    if celsius >= FEVER_C:
        return [Finding("fever", PRESENT, celsius), Finding("very_high_fever", NEGATED, celsius)]
    return [Finding("fever", NEGATED, celsius), Finding("very_high_fever", NEGATED, celsius)]


def answer_findings(
    question: ScreeningQuestion, reading: Reading, said: Iterable[Finding], protocol: Optional[Protocol] = None
) -> List[Finding]:
    """Findings a reply adds: what its words say, else the question's signs as asked."""
    said = list(said)
    if reading.celsius is not None and question.id == (protocol or load_protocol()).how_high.id:
        # "how high?" asked for the reading, and the reading decides (protocol "Reading answers" 5): "feels
        # hot" before it is no fever when it says 37.9
        said = [f for f in said if not (f.sign in ("fever", "very_high_fever") and f.celsius is None)]
    if reading.celsius is not None:
        return said + temperature_findings(reading.celsius)
    if reading.answer in CONCERN and not present_signs(said) & set(question.signs):
        said += [Finding(sign, PRESENT) for sign in question.signs]
    elif reading.answer == NO:
        said += [Finding(sign, NEGATED) for sign in question.signs if sign not in present_signs(said)]
    return said


def has_reading(findings: Iterable[Finding]) -> bool:
    return any(f.celsius is not None for f in findings)


def raises_level(findings: List[Finding], signs: Iterable[str], level: str, protocol: Protocol) -> bool:
    """These signs present, with what is known, would give a higher level than `level`."""
    if_yes = findings + [Finding(sign, PRESENT) for sign in signs]
    return protocol.rank(assess(if_yes, protocol).level) > protocol.rank(level)


def _more_urgent(findings: List[Finding], signs: Iterable[str], now: Disposition, protocol: Protocol) -> bool:
    """These signs present, with what is known (disposition `now`), would raise the level, or turn a same-day
    call "today" into one "right away, day or night" (stiffness after sweating and irritability, S3 after S14)."""
    if_yes = findings + [Finding(sign, PRESENT) for sign in signs]
    return _urgency(assess(if_yes, protocol), protocol) > _urgency(now, protocol)


def _urgency(disposition: Disposition, protocol: Protocol) -> Tuple[int, bool]:
    return protocol.rank(disposition.level), disposition.now


def next_question(
    findings: List[Finding], answered: Dict[str, str], protocol: Optional[Protocol] = None, quick_screen: bool = False
) -> Optional[ScreeningQuestion]:
    """The next question, or None when screening is over. `answered`: question id -> yes/no/unsure.
    `quick_screen`: the family asked a routine question, so one grouped question may come first."""
    protocol = protocol or load_protocol()
    disposition = assess(findings, protocol)
    level = disposition.level
    if level == EMERGENCY:
        return None
    quick = protocol.quick_screen.id
    if quick_screen and not warning_signs(findings) and not any(a in CONCERN for a in answered.values()):
        if not answered:
            return protocol.quick_screen
        if answered.get(quick) == NO:
            return None
    known = known_signs(findings)

    def open_question(question: ScreeningQuestion, raises: bool = True) -> bool:
        # the fever question also asks how high: a reading of 40 C / 104 F could raise the level (E6)
        reachable = question.signs + (protocol.how_high.signs if _about_fever(question) else ())
        return (
            question.id not in answered
            and not known & set(question.signs)
            and not present_signs(findings) & set(question.no_if)  # "a Medtronic" answers "a Prometra?"
            and (
                raises_level(findings, reachable, level, protocol)
                if raises
                else _more_urgent(findings, reachable, disposition, protocol)
            )
        )

    grouped = protocol.grouped
    members = [q for q in protocol.screening if q.id in grouped.members and open_question(q)]
    if len(members) >= 2 and grouped.question.id not in answered:
        return grouped_now(findings, protocol).question
    for question in protocol.screening:
        if open_question(question):
            return question
        if question.id == "fever" and _asks_how_high(findings, answered, level, protocol):
            return protocol.how_high
    # then, worst first too, what would only make a same-day call "right away": never before what could make it
    # an emergency (the pump question after sweating and irritability, E12, comes before stiffness, S3)
    return next((question for question in protocol.screening if open_question(question, raises=False)), None)


def grouped_now(findings: Iterable[Finding], protocol: Protocol) -> GroupedQuestion:
    """The grouped question without the members the family has already denied ("he wakes up easily")."""
    findings = list(findings)
    denied = known_signs(findings) - present_signs(findings)
    grouped = protocol.grouped
    return grouped.narrowed([m for m in grouped.members if not set(grouped.member_signs[m]) <= denied])


def asked_question(question_id: str, findings: Iterable[Finding], protocol: Protocol) -> ScreeningQuestion:
    """The question as it was asked: the grouped ones in the words that fit what the family had said."""
    grouped = grouped_now(findings, protocol)
    narrowed = {grouped.question.id: grouped.question, grouped.which.id: grouped.which}
    return narrowed.get(question_id) or protocol.question(question_id)


def _asks_how_high(findings: List[Finding], answered: Dict[str, str], level: str, protocol: Protocol) -> bool:
    """Fever known without a reading: ask once before deciding, because 40 C / 104 F is E6."""
    return (
        "fever" in present_signs(findings)
        and not has_reading(findings)
        and protocol.how_high.id not in answered
        and raises_level(findings, protocol.how_high.signs, level, protocol)
    )
