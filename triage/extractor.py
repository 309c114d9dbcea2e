"""Turns a message into findings with spaCy (blank English, rule-based) and medspaCy ConText."""

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, FrozenSet, Iterator, List, Optional, Tuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from triage.anchored_matcher import AnchoredMatcher
from triage.findings import HYPOTHETICAL, NEGATED, OTHER, PAST, PRESENT, WRITER, Finding
from triage.lexicon import (
    ABSENT_SUFFIX,
    NOT_A_SIGN,
    SMALL_SWELLING,
    VERY_HIGH_FEVER,
    NearRule,
    Side,
    load_lexicon,
    macro,
)
from triage.normalize import normalize
from triage.schema import check_context_rules
from triage.spelling import corrected_versions, english_count
from triage.spelling import warm_up as spelling_warm_up
from triage.strict_yaml import load_yaml

CONTEXT_RULES_PATH = Path(__file__).with_name("context_rules.yml")
_SPAN_ATTRS = {
    "NEGATED_EXISTENCE": {"is_negated": True},
    "HISTORICAL": {"is_historical": True},
    "HYPOTHETICAL": {"is_hypothetical": True},
    "FAMILY": {"is_family": True},
    "DOUBT": {"is_uncertain": True},
}
_NEGATION_WORDS = {
    "no",
    "not",
    "never",
    "without",
    "none",
    "nor",
    "cannot",
    "couldnot",
    "wont",
    "wouldnot",
    "doesnot",
    "didnot",
    "isnot",
    "wasnot",
    "arenot",
    "hasnot",
    "havenot",
    "donot",
}
_FAR_PAST = re.compile(
    r"\b(\d+|two|three|four|five|six|several|few|couple of|many) (weeks?|months?|years?) ago\b"
    r"|\blast (month|year)\b|\ba (month|year) ago\b|\bweeks ago\b|\bmonths ago\b|\blong time\b"
)
_TEMP_CONTEXT = re.compile(
    rf"^({macro('TEMPWORD')}|{macro('FEVER')}|temp\w*|hot|degrees?|thermometer|"
    r"reading|read|reads|says|said|showed|shows|showing|spik\w*|measured|registering|burning|c|f|celsius|fahrenheit|"
    r"checked|rechecked|measure|measures|measuring|warm|warmer|boiling|roasting|took|retook|taken|"
    r"arm|armpit|armpits|underarm|axilla|axillary|ear|forehead|oral|orally|rectal|rectally|mouth|tongue|tympanic|"
    r"ibuprofen|paracetamol|calpol|nurofen|tylenol|motrin|advil|acetaminophen|antipyretics?)$"
)
# A number of degrees in a sentence about the weather, water or a room (or one that says "it is hot" of a
# place) with no word for the child in it is not the child's temperature ("in Spain it is very hot, 38 or
# 40 degrees").
_SURROUNDINGS = re.compile(
    r"^(weather|outside|outdoors|sun|sunny|heat|heatwave|climate|summer|holidays?|vacation|abroad|forecast|"
    r"beach|sea|lake|river|pool|water|bath|bathwater|shower|room|house|car|air|sauna|tub|country|city|here|there)$"
)
_HOT_PLACE = re.compile(r"\bit (is|was|gets|will be|can be) (\w+ )?(hot|warm|cold|boiling|roasting)\b")
_CHILD = re.compile(
    r"^(he|she|him|her|his|hers|child|son|daughter|baby|boy|girl|kid|forehead|armpit|ear|body|fever\w*|"
    r"temp|temperature|thermometer|feverish|febrile|reading|measured)$"
)
_CLAUSE_BREAK = re.compile(r"^([,;:]|and|but)$")
# A reading with no temperature word or unit beside it: after "running" ("he's running 101.6"), after the
# child and a "to be" ("tonight he's 100.9"; after "it is" only with a decimal: "it's 38.9 now"), or, with
# a decimal, opening its sentence or clause ("39,1 this evening") or asked about ("is 40.4 too high?").
# Never with another unit after it ("running 100 metres", "she's 38 kilos") or money before it.
_RUNNING = re.compile(r"^(running|runs|ran)$")
_NOT_BODY_HEAT = re.compile(
    r"\b(dose|doses|dosage|rate|setting|settings|mcg|micrograms?|ml|flow|volume|bolus|reservoir|weight|height|score|level|"
    r"kg|kilos?|bmi|sats)\b"
)
_ROSE_TO = re.compile(
    r"\b(woke|wakes|waking|woken|went|gone|goes|going|shot|climbed|climbing|crept|creeping|rose|risen|jumped|spiked|"
    r"back) up( to)?$|\b(he|she|they)(s| is| was|is|was) up to$"
)
_HE_IS = re.compile(
    r"^(he|she|they|baby|son|daughter|child|kid|boy|girl|it|his|hers|one) (is|was|are|were|been|has|have|had)$"
)
_NAMED_IS = re.compile(
    r"^(?!(mine|teacher|nurse|doctor|carer|babysitter|nanny|childminder|driver|ours|yours) )[a-z]{3,} (is|was)$"
)
_BEYOND = re.compile(r"^(over|above|nearly|almost)$")
_WHEN_AFTER = re.compile(r"^([,;:.!?]|and|but|since|all|now|tonight|today|still|again|even|this|for|at|despite)$")
_ASKED_ABOUT = re.compile(r"^(too|high|ok|okay|normal|bad|dangerous|worrying)$")
_APPROXIMATELY = re.compile(
    r"^(at|about|around|nearly|almost|over|above|just|like|roughly|a|only|now|currently|still|already)$"
)
_OTHER_UNIT = re.compile(
    r"^(mcg|micrograms?|mg|milligrams?|ml|mls|millilitres?|milliliters?|cc|units?|kg|kgs|kilos?|lbs?|pounds?|"
    r"stone|st|g|grams?|cm|mm|inches|in|%|percent|per|percentile|mins?|minutes?|secs?|seconds?|hours?|hrs?|"
    r"days?|weeks?|months?|years?|yrs?|metres?|meters?|m|km|miles?|yards?|laps|times|x|doses?|bpm|breaths|"
    r"beats|pence|p|pounds|dollars|euros|quid|steps)$"
)
_MONEY = re.compile(r"^[$£€]$")
_OTHER_MEASURE = re.compile(
    r"^(sats|sat|saturation|saturations|spo2|o2|oxygen|pulse|heart|hr|bpm|rate|resp|respirations|bp|pressure|"
    r"weight|weighs|kg|glucose|sugar|sugars)$"
)
# Without a subject of its own, a reading is someone else's when the message named them before it ("my
# husband has flu, 39.2 last night", "brother has flu. 39.2 last night").
_SOMEONE_ELSE = re.compile(
    r"\b(brothers?|sisters?|siblings?|twins?|husband|wife|partner|mum|mom|mother|dad|father|friends?|"
    r"grandma|grandad|granddad|grandpa|granny|gran|nan|nanny|uncle|aunt|auntie|cousins?|nephew|niece)\b"
)
FEVER_C, VERY_HIGH_FEVER_C = 38.0, 40.0
# Protocol R3: a small soft swelling in the first days after surgery, not growing, child well. Only when
# a message says all of that, and nothing of redness, fluid, heat, an opening, pain or fever that it does
# not deny, and no surgery weeks ago, does a swelling mention in it count as R3 instead of a wound
# problem (S9) or a growing swelling (S10).
_R3_NOT_GROWING = re.compile(
    r"\b(not|isnot|hasnot|wasnot|havenot|doesnot|didnot|nah)( seem| seems)?( to)?( be)? (getting |gotten |got |get |been )?"
    r"(any )?(bigger|grow\w*|grown|larger|worse|changed|changing|spread|spreading|increasing|expanding)\b"
    r"|\bsame size\b|\bsize (is |has been |stayed |stays )?(the )?same\b|\bsame as (yesterday|before|last night|this morning)\b"
    r"|\bgoing down\b|\bsmaller\b|\bunchanged\b|\bno (change|bigger|different)\b"
    r"|\b(been|stayed|staying|remained|stays) the same\b"
    r"|\b(stable|steady) (in )?size\b|\bsize is (stable|steady)\b"
    r"|\bnot (gone|got|spread|grown) (past|beyond|over|outside) (the|my|our) (pen )?(line|mark|circle|outline)\b"
)
_R3_SURGERY = re.compile(r"\b(surgery|operation|op|implant\w*|put in|went in|procedure)\b")
# "child well" is needed in words: screening does not ask whether a child is unwell or pale (E14)
_R3_NEEDS = (
    re.compile(r"\b(small|little|slight|slightly|tiny|bit of|a bit|mild|mildly|soft|squishy)\b"),
    _R3_SURGERY,
    _R3_NOT_GROWING,
    re.compile(
        r"\b(fine|well|ok|okay|good|happy|himself|herself|normal|playing|plays|play|eating|eats|eat|drinking|feeding|"
        r"bright|alert|chirpy|smiley|smiling|cheerful|cheeky|content|perky|lively|active|full of beans|"
        r"great(?! big)|comfortable|comfy|settled|chatty)\b"
    ),
)
_R3_BAD_WORDS = (
    r"(red\w*|ooz\w*|pus|leak\w*|drain\w*|hot|warm|open\w*|fever\w*|discharge|bleed\w*|weep\w*|"
    r"infect\w*|wet|fluid|temp\w*|hurts?|pain\w*|sore|thin|shiny|edge|showing|through|pink\w*|purple\w*|gap\w*|"
    r"apart|blood\w*|crust\w*|smell\w*|rash\w*|tender\w*|poking|grimac\w*|whimper\w*|wince\w*|winc\w*|cry\w*|cries)\b"
)
_R3_EXCLUDES = re.compile(r"\b" + _R3_BAD_WORDS)
_R3_DENIED = re.compile(
    r"\b(no|not|nothing|none|nor|never|without|isnot|arenot|wasnot|hasnot|doesnot|donot|didnot)"
    r"( \w+){0,2}? "
    + _R3_BAD_WORDS
    + r"((,| or| nor| and|, or|, no) (any )?"
    + _R3_BAD_WORDS
    + ")*"  # "no redness or leaking"
)
_R3_TOO_LATE = re.compile(r"\b(weeks?|months?|years?) (ago|after|since|back)\b")
# Words of another sense. Not the lexicon's not-signs: beside a swelling, "a warm day" or "warm water under
# the skin" is the swelling's warmth, and R3 is kept only when nothing of the kind is said.
_HOSPITAL_DISCHARGE = re.compile(r"\b(at|on|since|after|before|from|till|until) (hospital )?discharge\b")
# a reading told below fever ("temperature 37.9", "temp normal 36.8"); a reading at fever is a fever finding,
# which undoes R3 in the engine (protocol.yml while_well)
_R3_NORMAL_READING = re.compile(
    r"\b(temp|temps|temperature)( is| was| of| at| checks?| checked| reads?| reading| been| normal| fine| ok| okay)*"
    r"( (\d{2,3}(\.\d+)?) ?(c|f)?\b)"
)
_SWELLING_SIGNS = {"wound_problem", "swelling_growing"}


_SWELLING_WORD = re.compile(rf"\b({macro('SWELL')}|swell\w*)\b")
_GROWING = re.compile(
    rf"\b({macro('GROWING')}|spread|new(?! pump| one| device)|more (swollen|puffy|swelling)|swelling more|swollen more)\b"
)


def restates_small_swelling(text: str) -> bool:
    """A later message about the swelling R3 already describes ("it's only that soft puffy bit by the pump"):
    nothing of redness, fluid, heat, an opening, pain, fever or growth, unless denied."""
    text = normalize(text)
    undenied = _R3_DENIED.sub(" ", text)
    return not _R3_EXCLUDES.search(undenied) and (not _GROWING.search(text) or bool(_R3_NOT_GROWING.search(text)))


def told_recent_surgery(text: str) -> bool:
    """The message tells of the operation, not weeks ago: R3 may be met by a later message."""
    text = normalize(text)
    return bool(_R3_SURGERY.search(text)) and not _R3_TOO_LATE.search(text)


def small_swelling_after_told_surgery(text: str) -> bool:
    """R3 in a message that does not repeat the operation an earlier one told of."""
    return _is_r3(normalize(text), surgery_known=True)


# the child told as not well, or the swelling as growing, in words the needs above would take for R3's (a
# sign the lexicon reads, "off her food", undoes R3 in the engine: protocol.yml while_well)
_R3_NOT_WELL = re.compile(
    r"\b(not|isnot|wasnot|hasnot|havenot|never|no longer|barely|hardly|refusing|refuses|wont)( \w+){0,2} (great|well|ok|okay|good|happy|herself|himself|"
    r"right|comfortable|comfy|settled|settle|chatty|eating|playing|drinking|feeding)\b"
    r"|\b(lying|laying) (around|about)\b|\bjust (lies|lying|laying)\b"
)


_R3_NOT_SMALL_SOFT = re.compile(
    r"(?<!not )(?<!isnot )(?<!no )\b(big|large|huge|massive|enormous|golf ball|tennis ball|orange|egg|hard|firm|solid)\b"
)


def _is_r3(text: str, surgery_known: bool = False) -> bool:
    if _R3_NOT_WELL.search(text) or _R3_NOT_SMALL_SOFT.search(text) or _GROWING.search(_R3_NOT_GROWING.sub(" ", text)):
        return False
    undenied = _HOSPITAL_DISCHARGE.sub(" ", _R3_DENIED.sub(" ", _R3_NORMAL_READING.sub(" ", text)))
    needs = [p for p in _R3_NEEDS if not (surgery_known and p is _R3_SURGERY)]
    return all(p.search(text) for p in needs) and not _R3_EXCLUDES.search(undenied) and not _R3_TOO_LATE.search(text)


def _celsius(value: float, unit: Optional[str]) -> Optional[float]:
    if unit == "c" or (unit is None and 34.0 <= value <= 43.5):
        return value if 30.0 <= value <= 45.0 else None
    if unit == "f" or (unit is None and 93.0 <= value <= 110.0):
        celsius = (value - 32.0) * 5.0 / 9.0
        return celsius if 30.0 <= celsius <= 45.0 else None
    return None


def _unit_after(doc: Doc, i: int) -> Optional[str]:
    for token in doc[i + 1 : i + 3]:
        word = token.lower_
        if word in ("c", "celsius", "centigrade"):
            return "c"
        if word in ("f", "fahrenheit"):
            return "f"
        if word not in ("degrees", "degree", "deg"):
            break
    return None


def temperature_spans(doc: Doc) -> List[Tuple[Span, float]]:
    """Body temperatures written as numbers, in either scale, with a temperature word or unit nearby, or
    close after another reading ("log temps so 38.1 at 8am 39.0 at noon 40.4 now")."""
    found: List[Tuple[Span, float]] = []
    for token in doc:
        if not re.fullmatch(r"\d{2,3}(\.\d+)?", token.text):
            continue
        unit = _unit_after(doc, token.i)
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if unit is None and after not in ("in", "per", "x") and _OTHER_UNIT.match(after):
            continue  # "36 hours ago", "40 mg of ibuprofen", "35 minutes"
        window = doc[max(0, token.i - 8) : token.i + 5]
        if unit is None and any(_OTHER_MEASURE.match(t.lower_) for t in doc[max(0, token.i - 3) : token.i]):
            continue  # "warm, pulse 99", "sats 96"
        if (
            unit is None
            and not any(_TEMP_CONTEXT.match(t.lower_) for t in window if t.i != token.i)
            and not (found and token.i - found[-1][0].start <= 8 and "." in token.text)
            and not _reading_without_a_word(token)
        ):
            continue
        celsius = _celsius(float(token.text), unit)
        if celsius is not None and not _about_surroundings(token):
            found.append((doc[token.i : token.i + 1], celsius))
    return found


def _reading_without_a_word(number: Token) -> bool:
    """A number read as a temperature from where it stands alone (see _RUNNING)."""
    doc, i = number.doc, number.i
    if i + 1 < len(doc) and _OTHER_UNIT.match(doc[i + 1].lower_):
        return False
    before = i
    while before > number.sent.start and _APPROXIMATELY.match(doc[before - 1].lower_):
        before -= 1
    if before > number.sent.start and _MONEY.match(doc[before - 1].text):
        return False
    someone_else = bool(_SOMEONE_ELSE.search(doc[: number.i].text))
    if before > number.sent.start and _RUNNING.match(doc[before - 1].lower_):
        return not someone_else
    rose = doc[max(number.sent.start, before - 4) : before].text.lower()
    if "." in number.text and _ROSE_TO.search(rose):
        # "she woke up 39.8", "he went up to 38.4 overnight"; not "the dose went up to 40.5"
        return not someone_else and not _NOT_BODY_HEAT.search(rose)
    if before > number.sent.start and doc[before - 1].lower_ in (
        "been",
        "had",
        "hit",
        "reached",
    ):  # "he has been 38.2", "she has had 40.2"
        before -= 1
    subject = f"{doc[before - 2].lower_} {doc[before - 1].lower_}" if before - 2 >= number.sent.start else ""
    if _HE_IS.match(subject) and ("." in number.text or not subject.startswith("it ")):  # "it's 38.9 now"
        return True
    if _NAMED_IS.match(subject) and "." in number.text and not _NOT_BODY_HEAT.search(subject):
        # a child named: "Lily is 38.4 tonight", after "my husband has had flu" (not "his weight is 38.4")
        return not _SOMEONE_ELSE.search(doc[number.sent.start : number.i].text)
    opens_clause = before == number.sent.start or _CLAUSE_BREAK.match(doc[before - 1].lower_)
    asked_about = i + 1 < number.sent.end and _ASKED_ABOUT.match(doc[i + 1].lower_)
    # a whole number opening a clause only with a word of degree: "over 40 since this afternoon", "38 exactly"
    after = doc[i + 1].lower_ if i + 1 < number.sent.end else "."
    degree = (before < i and _BEYOND.match(doc[i - 1].lower_) and _WHEN_AFTER.match(after)) or after in (
        "exactly",
        "flat",
    )
    whole = bool(degree) and 37 <= float(number.text) <= 42
    return bool(opens_clause or asked_about) and ("." in number.text or whole) and not someone_else


def _about_surroundings(number: Token) -> bool:
    """The number's sentence, or its own clause, speaks of a place and names nothing of the child: with a
    word for the child in it, the number counts (uncertainty resolves upward)."""
    return any(_about_place(words) for words in (number.sent, _clause(number)))


def _about_place(words: Span) -> bool:
    about_place = any(_SURROUNDINGS.match(t.lower_) for t in words) or _HOT_PLACE.search(words.text)
    return bool(about_place) and not any(_CHILD.match(t.lower_) for t in words)


def _clause(token: Token) -> Span:
    sentence, start, end = token.sent, token.i, token.i + 1
    while start > sentence.start and not _CLAUSE_BREAK.match(token.doc[start - 1].lower_):
        start -= 1
    while end < sentence.end and not _CLAUSE_BREAK.match(token.doc[end].lower_):
        end += 1
    return token.doc[start:end]


# "the 40 degrees is the weather": a sentence about the weather, in degrees, is not a reading
_WEATHER = re.compile(
    r"\bdegrees\b.*\b(weather|forecast|climate|heatwave)\b|\b(weather|forecast|climate|heatwave)\b.*\bdegrees\b"
)
_TYPED_READING = re.compile(r"(?<![\d.])(\d{2,3}(?:\.\d+)?)\s*(?:degrees?\s*)?(c|f|celsius|fahrenheit)?\b")


# a value denied beside another reading: "39 and a bit. not 40" ("under 38" is read as 37.9 by normalize); alone
# it stays a reading ("do i take him in or not 40.3"): uncertainty resolves upward
_DENIED_VALUE = re.compile(r"\bnot\s+\d{2,3}(?:\.\d+)?")


def typed_temperature(text: str) -> Optional[float]:
    """A temperature typed as an answer, with or without a unit ("38.4", "ya 40,1", "101F"), in Celsius; of
    several ("39.9 on the forehead ... in her ear it says 40.3"), the highest.
    Only for replies to a question about fever: elsewhere a bare number needs a temperature word."""
    said = normalize(text)
    return _highest_reading(_DENIED_VALUE.sub(" ", said)) or _highest_reading(said)


def _highest_reading(said: str) -> Optional[float]:
    sentences = [s for s in re.split(r"[!?;]|\.(?!\d)", said) if not _WEATHER.search(s)]
    readings = [_celsius(float(n), unit[:1] or None) for s in sentences for n, unit in _TYPED_READING.findall(s)]
    return max((c for c in readings if c is not None), default=None)  # two readings: the higher one counts


def _run_at(side: Side, words: List[str], i: int) -> int:
    """How many words from i on make one of the side's phrases (the longest), 0 when none does."""
    return max(
        (len(run) for run in side if all(i + k < len(words) and t.match(words[i + k]) for k, t in enumerate(run))),
        default=0,
    )


def _near_spans(doc: Doc, rules: List[NearRule], taken: FrozenSet[int] = frozenset()) -> List[Span]:
    """`taken`: the tokens of other senses (lexicon `not_signs`). A word among them is never a rule's second
    word, and the rule looks on past it: in "his breath smells funny and sounds rattly" the smell takes
    "funny", and "rattly" is still the breathing."""
    spans = []
    within = [rule for rule in rules if not rule.across_sentences]
    across = [rule for rule in rules if rule.across_sentences]
    for sent, sent_rules in [(sent, within) for sent in doc.sents] + [(doc[:], across)]:
        words = [t.lower_ for t in sent]
        for rule in sent_rules:
            for i in (i for i, word in enumerate(words) if rule.opening.match(word)):
                first = _run_at(rule.first, words, i)
                if not first:
                    continue
                if i + first < len(words) and words[i + first] in rule.except_next:
                    continue
                for j in range(max(0, i - rule.window), min(len(words), i + rule.window + 1)):
                    second = _run_at(rule.second, words, j)
                    if not second or (j < i + first and i < j + second):  # none, or the same words
                        continue
                    if all(sent.start + k in taken for k in range(j, j + second)):
                        continue
                    between = words[i + first : j] if j > i else words[j + second : i]
                    if not _NEGATION_WORDS & set(between):
                        # the span is the second phrase alone, so that it never swallows another sign's
                        # words in between ("pump is beeping, two different tones" stays an alarm)
                        spans.append(Span(doc, sent.start + j, sent.start + j + second, label=rule.sign))
                        break
    return spans


@Language.factory("itb_signs")
def make_sign_finder(nlp: Language, name: str) -> "SignFinder":
    return SignFinder(nlp)


class SignFinder:
    """Marks every sign mention (and every reassurance) in doc.ents; longest match wins."""

    def __init__(self, nlp: Language):
        lexicon = load_lexicon()
        self.near_rules = lexicon.near_rules
        self.matcher = AnchoredMatcher(nlp.vocab, lexicon.patterns, english_count)

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.matcher(doc)]
        taken = frozenset(i for span in spans if span.label_ == NOT_A_SIGN for i in range(span.start, span.end))
        spans += _near_spans(doc, self.near_rules, taken)
        for span, celsius in temperature_spans(doc):
            label = (
                VERY_HIGH_FEVER
                if celsius >= VERY_HIGH_FEVER_C
                else ("fever" if celsius >= FEVER_C else "fever" + ABSENT_SUFFIX)
            )
            spans.append(Span(doc, span.start, span.end, label=label))
        doc.ents = filter_spans(_merge_same_sign(spans))  # type: ignore[assignment]  # spaCy takes any sequence
        return doc


def _merge_same_sign(spans: List[Span]) -> List[Span]:
    """Overlapping mentions of one sign become one span, so a trigger inside either part stays inside
    the target ("not breathing right, very shallow" is one mention, not negated)."""
    merged: List[Span] = []
    for span in sorted(spans, key=lambda s: (s.label_, s.start)):
        last = merged[-1] if merged else None
        if last is not None and last.label_ == span.label_ and span.start < last.end:
            merged[-1] = Span(span.doc, last.start, max(last.end, span.end), label=span.label_)
        else:
            merged.append(span)
    return merged


def _context_rules(path: Path = CONTEXT_RULES_PATH) -> List[Any]:
    from medspacy.context import ConTextRule

    data = load_yaml(path)
    check_context_rules(data, path)
    rules: List[Any] = []
    for category, groups in data["rules"].items():
        for group in groups:
            options = dict(data["defaults"][category])
            options["terminated_by"] = set(options.get("terminated_by", ()))
            if isinstance(group, dict):
                options.update({k: v for k, v in group.items() if k not in ("literals", "patterns", "literal")})
                if "patterns" in group:
                    patterns = [_with_macros(p) for p in group["patterns"]]
                    rules += [ConTextRule(group["literal"], category, pattern=p, **options) for p in patterns]
                    continue
                group = group["literals"]
            for literal in group:
                if not isinstance(literal, str):  # YAML reads a bare `no` as False
                    raise ValueError(f"context rule literal {literal!r} in {category} must be a quoted string")
                rules.append(ConTextRule(literal, category, **options))
    return rules


def _with_macros(pattern: List[Any]) -> List[Any]:
    """A token pattern whose `IN: $NAME` is the lexicon macro's words: one list for the lexicon and context."""
    return [
        {key: _macro_words(value) for key, value in token.items()} if isinstance(token, dict) else token
        for token in pattern
    ]


def _macro_words(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("IN"), str):
        return {**value, "IN": macro(value["IN"].removeprefix("$")).split("|")}
    return value


@lru_cache(maxsize=1)
def build_pipeline() -> Language:
    from medspacy.context import ConText  # noqa: F401 - registers the "medspacy_context" factory

    nlp = spacy.blank("en")
    # normalize() joins negated auxiliaries into one token; spaCy's exceptions would split two of them again
    # and abbreviations ("a.", "mr.", "jan.") would keep a full stop inside a word, so a scope such as
    # "if" could run on into the next sentence ("if a. she is not breathing")
    tokenizer: Any = nlp.tokenizer
    tokenizer.rules = {
        k: v for k, v in tokenizer.rules.items() if k.lower() not in ("cannot", "wont") and not k.endswith(".")
    }
    suffixes = list(nlp.Defaults.suffixes or ()) + [r"(?<=[^\w\s])[.!?]"]  # "@." too
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("itb_signs")
    context: Any = nlp.add_pipe("medspacy_context", config={"rules": None, "span_attrs": _SPAN_ATTRS})
    context.add(_context_rules())
    return nlp


_FLIPPING = ("NEGATED_EXISTENCE", "DOUBT")
FLIP_DISTANCE = 3  # tokens between a negation and a reassurance it turns around
_ANSWER_NO = {"no", "nope", "nah", "na"}  # a reply's first word, not a negation of what follows
_PLAINLY_FINE = {"fine", "ok", "okay", "good", "great", "normal", "steady", "lovely"}


def _reassurance_denied(span: Span) -> bool:
    """A negation or doubt right before a reassurance, in the same clause, turns it into a concern:
    "isn't breathing ok", "not sure he is breathing ok". A leading answer word does not: in "no, his
    breathing is normal" or "no fever, temp is 37.2" the reassurance stands."""
    for modifier in span._.modifiers:
        if modifier.category not in _FLIPPING:
            continue
        start, end = modifier.modifier_span
        if start == span.sent.start and span.doc[start].lower_ in _ANSWER_NO and span[-1].lower_ in _PLAINLY_FINE:
            continue  # "no breathing fine" (SMS), never "no breathing properly"
        between = span.doc[end : span.start]
        if span.start <= start < span.end or (
            0 <= span.start - end <= FLIP_DISTANCE
            and not any(t.is_punct for t in between)
            and not _names_a_sign(span.doc, start, span.start)
        ):
            return True
    return False


def _names_a_sign(doc: Doc, start: int, end: int) -> bool:
    """The negation denies a sign of its own first: "no temp pump quiet" (dictated, with no comma); not
    when it denies both ("not eating or breathing right")."""
    if any(t.lower_ in ("or", "nor") for t in doc[start:end]):
        return False
    return any(start < e.end <= end and e.label_ != NOT_A_SIGN for e in doc.ents)


def _outside(span: Span, category: str) -> List[Any]:
    """The modifiers of this category outside the sign's own words and outside any other sign reported: in
    "words that don't make sense", "we did not go" or "screams if you press her tummy" the negation or the
    "if" is part of the sign phrase, and in "he's not himself, very stiff" the "not" is the confusion's."""
    signs = [span] + [e for e in span.doc.ents if e.label_ != NOT_A_SIGN and not e.label_.endswith(ABSENT_SUFFIX)]
    return [
        m
        for m in span._.modifiers
        if m.category == category
        and not any(s.start <= m.modifier_span[0] and m.modifier_span[1] <= s.end for s in signs)
    ]


def _from_outside(span: Span, category: str) -> bool:
    return bool(_outside(span, category))


_FIRST_PERSON = {"i", "me", "myself"}
_WRITERS_OWN = {"own", "back", "neck", "shoulder", "shoulders"}  # "my neck" (context_rules.yml FAMILY): the writer's


def _by_the_writer(words: List[str]) -> bool:
    return bool(_FIRST_PERSON & set(words)) or (words[:1] == ["my"] and words[-1] in _WRITERS_OWN)


def _whose(span: Span) -> Optional[str]:
    """Someone else's sign ("my mum fainted"), the writer's own ("I have a headache"), or None: the child's,
    as when the other person is inside the sign ("chatting to her grandad who died")."""
    outside = _outside(span, "FAMILY")
    if not outside:
        return None
    first_person = all(_by_the_writer([t.lower_ for t in span.doc[slice(*m.modifier_span)]]) for m in outside)
    return WRITER if first_person else OTHER


def _status(span: Span) -> str:
    whose = _whose(span) if span._.is_family else None
    if whose:
        return whose
    absent = span.label_.endswith(ABSENT_SUFFIX)
    if (
        span._.is_hypothetical
        and (absent or _from_outside(span, "HYPOTHETICAL"))
        and not _then_told_done(span)
        and not _POINTS_AT_NOW.search(span.sent.text)
    ):
        return HYPOTHETICAL
    if absent and span[0].like_num:  # a normal reading is no fever, whatever precedes it ("no temp 36.7")
        return NEGATED
    if absent and (span._.is_negated or span._.is_uncertain):
        return PRESENT if _reassurance_denied(span) else NEGATED
    if absent or _from_outside(span, "NEGATED_EXISTENCE"):
        return NEGATED
    if span._.is_historical:
        return PAST
    if span.label_ == "recent_refill_or_dose_change" and _FAR_PAST.search(span.sent.text):
        return PAST
    return PRESENT


# After a question about a sign, the message says it has just happened: "is the two-tone alarm urgent? his
# pump just did it", "does the pump need checking after an MRI? scan was this morning"
_DONE_NOW = re.compile(
    r"\b(just|now|today|tonight|this morning|this afternoon|this evening|yesterday|earlier|last night)\b"
)
_DENIED_DONE = re.compile(
    r"\b(never|not|no|hasnot|havenot|hadnot|didnot|isnot|wasnot|wont)( \w+)? (did|done|doing|had|has|have|happened|been)\b"
)
_DONE = re.compile(
    r"\b(did|done|doing|does) (it|that|this|one)\b|\b(had|has|having|have) (one|it|that)\b"
    r"|\b(scan|mri|it|that|one) (was|is|happened|went off|going off)\b|\b(it|that) (is )?happening\b"
)


# A question that points at the child as they are: "is the pump supposed to beep like this?", "does the refill
# usually make her this sleepy?"
_POINTS_AT_NOW = re.compile(
    r"\b(like|as) (this|that)\b|\b(this|that) (sleepy|drowsy|tired|stiff|tight|floppy|weak|itchy|hot|sweaty|grumpy|"
    r"irritable|confused|bad|much|often)\b"
)


def _then_told_done(span: Span) -> bool:
    """The question's sentence is followed by one saying it has just happened (never long ago)."""
    if not span.sent.text.rstrip().endswith("?"):
        return False
    after = span.doc[span.sent.end :].text
    return any(
        _DONE.search(part) and _DONE_NOW.search(part) and not _FAR_PAST.search(part) and not _DENIED_DONE.search(part)
        for part in after.split(".")
    )


def _findings_of(span: Span) -> List[Finding]:
    if span.label_ == NOT_A_SIGN:
        return []
    sign = span.label_.removesuffix(ABSENT_SUFFIX)
    status = _status(span)
    swelling = sign == "swelling_growing" or bool(_SWELLING_WORD.search(span.text))  # not a gap or a crust
    if sign in _SWELLING_SIGNS and status == PRESENT and swelling and _is_r3(span.doc.text):
        return [Finding(SMALL_SWELLING, PRESENT)]
    if sign == VERY_HIGH_FEVER:
        celsius = max(
            (c for s, c in temperature_spans(span.doc) if s.start >= span.start and s.end <= span.end), default=None
        )
        return [Finding(VERY_HIGH_FEVER, status, celsius), Finding("fever", status, celsius)]
    if sign == "fever" and span[0].like_num:
        return [Finding(sign, status, next((c for s, c in temperature_spans(span.doc) if s.start == span.start), None))]
    return [Finding(sign, status)]


_ORDINAL_DAY = (
    r"(?:the (\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)"
    r"|(\d{1,2}) (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b"  # "12 May": taken as this month
)
_ALARM_DATE = re.compile(
    r"\b(?<!next )(?:alarm date|alarm day|refill date|refill day|refill was due|refill due|refill is due|it was due|"
    r"refill by|refill no later than|refill before|(?:supposed|meant) to (?:have|get) (?:her|his|their|the) refill (?:done )?on)"
    r"(?: on (?:the|his|her|their) (?:pump )?card)? (?:is |was |says |said |on |of )*" + _ORDINAL_DAY
)
# "refill on the 3rd" counts as the due date only where the family says it was missed
_REFILL_ON = re.compile(r"(?<!had the )(?<!got the )(?<!did the )\brefill (?:was |is |due )?on " + _ORDINAL_DAY)
_REFILL_DONE = re.compile(r"\b(went|go|was) (fine|well|ok|okay|smoothly|good)\b|\b(had|got|did) (it|the refill)\b")
_TODAY = re.compile(
    r"\b(?:today is|today it is|it is|its|it is now|its now|now it is) "
    + _ORDINAL_DAY
    + r"|\b"
    + _ORDINAL_DAY
    + r" today\b"
)


def _past_alarm_date(text: str) -> List[Finding]:
    """The pump's alarm date, or a refill date not said to be done, told with today's date, both as days of
    the month: "the card says the alarm date is the 20th and it's the 22nd today" is past it (S2)."""
    alarm = _ALARM_DATE.search(text) or (not _REFILL_DONE.search(text) and _REFILL_ON.search(text))
    today = next(reversed(list(_TODAY.finditer(text))), None)  # the last: "its the 3rd refill ... today is the 25th"
    if not alarm or not today or "next month" in text[alarm.start() : today.end()]:
        return []
    due, now = (int(next(g for g in match.groups() if g)) for match in (alarm, today))
    return [Finding("missed_refill", PRESENT)] if 1 <= due < now <= 31 and now - due < 28 else []


_REFILL_DAY_TOLD = re.compile(
    r"\brefill (?:appointment |appt )?(?:date|day) (?:was|were) (?:on )?(?:the )?(?:last )?"
    r"(?:mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday|"
    r"yesterday|\d{1,2}(?:st|nd|rd|th)?)\b"
)
_REFILL_NOT_DONE = re.compile(
    r"\b(miss\w*|skip\w*|forg[eo]t\w*|didnot|couldnot|cancel\w*|overdue|late|havenot|hasnot|never)\b"
)


def _refill_day_told(text: str) -> List[Finding]:
    """ "refill day was Mon, it's Wed now": read as missed (the lexicon) and, unless the message says it was
    not done, as a recent refill too; uncertainty resolves upward (E9 with sleepiness or floppiness)."""
    if _REFILL_DAY_TOLD.search(text) and not _REFILL_NOT_DONE.search(text):
        return [Finding("recent_refill_or_dose_change", PRESENT)]
    return []


CHUNK_CHARS = 5000  # spaCy and ConText work on pieces of this size at most
MAX_CHARS = 200_000  # beyond this a message is refused by the channels; read this much anyway
SPELLING_CHARS = 5000  # spelling is corrected this far (a family's message is far shorter), so a long
# message is not read twice within the channels' 2 s reading budget


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """Pieces of at most `size` characters, cut after a sentence where possible, else at a space."""
    while len(text) > size:
        cut = max(text.rfind(mark, 0, size) for mark in (". ", "! ", "? ", "\n"))
        if cut < size // 2:
            cut = text.rfind(" ", 0, size)
        cut = cut + 1 if cut > 0 else size
        yield text[:cut]
        text = text[cut:]
    yield text


def warm_up() -> None:
    """Build the spaCy pipeline and load the spelling dictionaries at start-up, not on a family's message."""
    build_pipeline()
    spelling_warm_up()


def extract_findings(text: str) -> List[Finding]:
    """Every sign the message mentions, each with its status, read from the message as written and as
    spelling-corrected; a correction only adds signs present (or the writer's own) that the message as written did
    not read as present (a typo can also move a sign's context: "way worrse than before the pump" reads as the past).
    Never raises on odd input. A short message's findings are kept for the next time it is read (the same
    "no" or "yes" comes again and again)."""
    text = text[:MAX_CHARS]
    return list(_findings_once(text) if len(text) <= REMEMBERED_CHARS else _findings(text))


REMEMBERED_CHARS = 200


def _findings(text: str) -> Tuple[Finding, ...]:
    found = _read(text)
    head = text[:SPELLING_CHARS]
    for spelt in corrected_versions(head):
        present = {f.sign for f in found if f.present}
        found += [f for f in _read(spelt) if f.status in (PRESENT, WRITER) and f.sign not in present]
    return tuple(found)


_findings_once = lru_cache(maxsize=1024)(_findings)


def _read(text: str) -> List[Finding]:
    normalized = normalize(text)
    docs = build_pipeline().pipe(chunks(normalized))
    found = [finding for doc in docs for span in _measured(list(doc.ents)) for finding in _findings_of(span)]
    head = normalized[:CHUNK_CHARS]
    return found + _past_alarm_date(head) + _refill_day_told(head)


_ONLY_WARM = re.compile(r"\b(warm|warmer|warmish|hot|hotter|toasty)\b")
_MORE_THAN_WARM = re.compile(
    r"\b(boiling|roasting|burning|fever\w*|furnace|radiator|oven|heater|toaster|temp\w*|high|spik\w*)\b"
)


def _measured(spans: List[Span]) -> List[Span]:
    """A child who "felt a little warm" and then measured below fever ("so I checked and it's 37.6"), with no
    reading at fever: the reading decides. Stronger words ("burning up", "a fever") stay."""
    readings = [s for s in spans if s.label_ == "fever" + ABSENT_SUFFIX and s[0].like_num]
    if not readings or any(s.label_ in ("fever", VERY_HIGH_FEVER) and s[0].like_num for s in spans):
        return spans
    return [s for s in spans if not (_only_warm(s) and any(_measured_for(s, r) for r in readings))]


_BECAUSE = {"because", "cause", "cos", "coz", "cuz", "as"}


def _only_warm(span: Span) -> bool:
    return span.label_ == "fever" and bool(_ONLY_WARM.search(span.text)) and not _MORE_THAN_WARM.search(span.text)


def _measured_for(warm: Span, reading: Span) -> bool:
    """The reading taken for that warmth: after it in its sentence, or before it when the warmth is told as the
    reason ("her temperature was 37.1 when I checked because she felt a bit warm"); with nothing of a later time
    after the reading ("37.6 at 6pm, now he is really hot" and "37.2 earlier and she feels hot again" keep it)."""
    later = {t.lower_ for t in warm.doc[reading.end :]} & {"now", "tonight", "today", "still", "later", "since"}
    reason = {t.lower_ for t in warm.doc[max(warm.sent.start, warm.start - 4) : warm.start]} & _BECAUSE
    return reading.sent == warm.sent and not later and (reading.start > warm.start or bool(reason))
