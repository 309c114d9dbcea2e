"""Turns a parent's message into plain lower-case words the lexicon can match.

Negated auxiliaries become one token ("can't", "cant", "cannot" -> "cannot"; "isn't" -> "isnot") so
that one lexicon position and one negation trigger cover every spelling.
"""

import re
import unicodedata
from functools import lru_cache

NEGATED_AUX = {
    "can": "cannot",
    "ca": "cannot",
    "could": "couldnot",
    "will": "wont",
    "wo": "wont",
    "would": "wouldnot",
    "does": "doesnot",
    "did": "didnot",
    "is": "isnot",
    "was": "wasnot",
    "are": "arenot",
    "has": "hasnot",
    "have": "havenot",
    "do": "donot",
    "should": "shouldnot",
    "had": "hadnot",
    "were": "werenot",
    "ai": "isnot",
}
_AUX = "|".join(sorted(NEGATED_AUX, key=len, reverse=True))

# Whole-word SMS shorthand and common slips; the lexicon's regexes cover most other typos.
SHORTHAND = {
    "u": "you",
    "r": "are",
    "ur": "your",
    "v": "very",
    "rly": "really",
    "rlly": "really",
    "realy": "really",
    "pls": "please",
    "plz": "please",
    "b4": "before",
    "2day": "today",
    "tday": "today",
    "2nite": "tonight",
    "tonite": "tonight",
    "nite": "night",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "yday": "yesterday",
    "yest": "yesterday",
    "ystrdy": "yesterday",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "cos": "because",
    "abt": "about",
    "hrs": "hours",
    "hr": "hour",
    "mins": "minutes",
    "min": "minutes",
    "prob": "probably",
    "probs": "probably",
    "prolly": "probably",
    "def": "definitely",
    "smth": "something",
    "sth": "something",
    "w": "with",
    "wit": "with",
    "n": "and",
    "&": "and",
    "dont": "donot",
    "doesnt": "doesnot",
    "didnt": "didnot",
    "isnt": "isnot",
    "wasnt": "wasnot",
    "arent": "arenot",
    "hasnt": "hasnot",
    "havent": "havenot",
    "couldnt": "couldnot",
    "wouldnt": "wouldnot",
    "shouldnt": "shouldnot",
    "cant": "cannot",
    "wont": "wont",
    "hes": "he is",
    "shes": "she is",
    "im": "i am",
    "ive": "i have",
    "thats": "that is",
    "theres": "there is",
    "whats": "what is",
    "idk": "i donot know",
    "dunno": "donot know",
    "bub": "baby",
    "ds": "son",
    "dd": "daughter",
    "lil": "little",
    "yr": "year",
    "yrs": "years",
    "wk": "week",
    "wks": "weeks",
    "mo": "month",
    "mos": "months",
    "appt": "appointment",
    "appts": "appointments",
    "cnt": "cannot",
    "cudnt": "couldnot",
    "wudnt": "wouldnot",
    "dnt": "donot",
    "havin": "having",
    "gettin": "getting",
    "thru": "through",
    "thn": "than",
    "kno": "know",
    "knw": "know",
    "bn": "been",
    "hv": "have",
    "wat": "what",
    "wot": "what",
    "thk": "think",
    "thnk": "think",
    "jst": "just",
    "rite": "right",
    "dat": "that",
    "dis": "this",
    "wen": "when",
    "wid": "with",
    "ppl": "people",
    "bout": "about",
    "cud": "could",
    "wud": "would",
    "shud": "should",
    "tho": "though",
    "bcoz": "because",
    "bcuz": "because",
    "becuz": "because",
    "cyaan": "cannot",  # Jamaican: "me cyaan get him to wake up"
    "kyaan": "cannot",
    # Scots: "nae fever", "hasnae grown", "her heid", "awfy sleepy", "go in tae"
    "hasnae": "hasnot",
    "havenae": "havenot",
    "isnae": "isnot",
    "wasnae": "wasnot",
    "didnae": "didnot",
    "dinnae": "donot",
    "doesnae": "doesnot",
    "cannae": "cannot",
    "couldnae": "couldnot",
    "wouldnae": "wouldnot",
    "willnae": "wont",
    "heid": "head",
    "awfy": "very",
    "tae": "to",
    "ower": "over",
    "hersel": "herself",
    "wis": "was",
    "richt": "right",
    "weel": "well",
    "himsel": "himself",
}
# Dropped g's of the verbs families use about signs ("breathin", "beepin'", "scratchin"); a list, since words
# such as "skin", "cabin" or "vitamin" end the same way
_DROPPED_G = (
    "breath breth wak eat sleep shak scratch beep leak settl cry scream itch burn jerk twitch fitt vomit puk "
    "throw sweat shiver trembl tingl swell grow hurt ach bleed ooz dripp feel look act talk walk mov start go "
    "com do be keep stopp"
).split()
SHORTHAND.update({stem + "in": stem + "ing" for stem in _DROPPED_G})
# SMS "2" for "to", only after words that take "to" (never "2 tones", "for 2 days", "had 2 seizures")
_TO = re.compile(
    r"\b(hard|difficult|unable|able|trying|try|tried|struggling|struggle|going|want|wants|need|"
    r"needs|supposed|due|used|talk|talking|come|came|went|go|back|how|what|easy|asking|asked|started|seems|"
    r"seem|seemed|chatting|speaking|listen|respond|responding|up|him|her|them|me|us|it) 2 (?=[a-z])"
    r"|(?<![\d.,])\b2 (?=(wake|go|get|be|breathe|stand|sit|move|respond|open|hold|keep|stay|sleep|bed|school|hospital|the|da|"
    r"me|him|her|them|cancel|miss|call|ring|rebook|give|take|wait|bring|shake|yell|shout|lift|feed|change|know|kno)\b)"
)
# "4" for "for" before what a time or a person is told with ("trying 4 10 mins", "4 da last hour", "4 her"),
# not a count ("sick 4 times")
_FOR = re.compile(
    r"(?<![\d.,])\b4 (?=(the|da|a|an|his|her|my|me|him|us|them|you|u|about|abt|ages|ever|\d+ (?:min|mins|minutes|hours?|hrs?|"
    r"secs?|seconds|days|weeks))\b)"
)
# "da" is "the" ("da pump"), except someone's da, their dad
_DA = re.compile(r"(?<!\bmy )(?<!\bour )(?<!\bur )(?<!\bhis )(?<!\bher )(?<!\byour )\bda\b")
_CONTRACTED = {"ve": "have", "ll": "will", "d": "would", "re": "are"}


_DIGIT_WORDS = {
    "zero": 0,
    "oh": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TENS = {"thirty": 30, "forty": 40, "fourty": 40, "ninety": 90}
_DIGIT = "|".join(_DIGIT_WORDS)
# A reading said aloud or dictated: "forty point three", "thirty nine point two", "a hundred and two",
# "ninety nine point five", "39 point 2". Only numbers a temperature can be (30s, 40s, 90s, 100s).
_SPOKEN = re.compile(
    rf"\b(?:(?:a |one )?hundred (?:and |n |& )?(?P<h>{_DIGIT})|(?P<t>{'|'.join(_TENS)})(?: (?P<u>{_DIGIT}))?"
    rf"|(?P<d>\d{{2,3}})(?= (?:point|dot) ))(?: (?:point|dot) (?P<f>{_DIGIT}|\d))?\b"
)


def _spoken_reading(match: "re.Match[str]") -> str:
    if match.group("h"):
        whole = 100 + _DIGIT_WORDS[match.group("h")]
    elif match.group("t"):
        whole = _TENS[match.group("t")] + _DIGIT_WORDS.get(match.group("u") or "zero", 0)
    else:
        whole = int(match.group("d"))
    tenth = match.group("f")
    return f"{whole}.{_DIGIT_WORDS.get(tenth, tenth)}" if tenth else str(whole)


_DICTATED = re.compile(r"\s*\b(comma|question mark|full stop|exclamation (?:mark|point)|new (?:line|paragraph))\b")


def _dictated_punctuation(text: str) -> str:
    """Voice dictation that wrote the punctuation out: "she's eating comma no fever period". "period" is only
    punctuation in a message dictated so ("her period started" is not). A dictated sentence end becomes a
    comma, so that a sign told across it stays one sentence ("her breathing full stop it is really slow")."""
    if not _DICTATED.search(text) and not re.search(r"\bperiod\s*$", text):
        return text
    text = _DICTATED.sub(lambda m: "?" if m.group(1) == "question mark" else ",", text)
    return re.sub(r"\s*\bperiod\b", ",", text)


def normalize(text: str) -> str:
    """A turn reads the same message several times (extractor, answers, screening): a family's message is
    normalised once; a very long one (up to 200,000 characters) is not kept, so the cache stays small."""
    return _normalized_once(text) if len(text or "") <= CACHED_CHARS else _normalized(text)


CACHED_CHARS = 5000


def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]", " ", text)  # controls, unpaired surrogates
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)  # decimal comma: 38,6 -> 38.6
    text = re.sub(r"(\d)\s*°\s*([cf])?\b", r"\1 degrees \2", text)
    text = re.sub(r"(\d)(c|f|celsius|fahrenheit)\b", r"\1 \2", text)  # 104.5f -> 104.5 f
    text = re.sub(r"\bw/o\b", " without ", text)
    text = re.sub(r"\bw/", " with ", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # two-tone -> two tone
    text = _SPOKEN.sub(_spoken_reading, text)
    text = _dictated_punctuation(text)
    text = re.sub(r"\b(\d{2,3})\.o\b", r"\1.0", text)  # "40.o"
    text = re.sub(r"\b(\d{2,3}) (?:and|n|&) a half\b", r"\1.5", text)
    text = re.sub(r"\b(\d{2,3}) (?:and|n|&) a bit\b", r"\1.1", text)  # "39 and a bit": above 39, below 40
    # "just under 40", "below 104": a tenth under the line (only whole numbers at a fever line)
    text = re.sub(
        r"\b(?:just |a bit |slightly |a little )?(?:under|below|less than) (38|40|100|104)\b(?![.,]\d)",
        lambda m: f"{int(m.group(1)) - 1}.9",
        text,
    )
    # what families call the pump: "the box beeped", "round the puck", "his machine", "the bump has turned"
    text = re.sub(
        r"\b(the|his|her|their|my|your) (box|puck|disc|disk|machine|bump|pump thing|pump box|pump bump)\b",
        r"\1 pump",
        text,
    )
    text = re.sub(r"\btop ?ups?\b", "refill", text)  # "overdue for his top up"
    # "refill was wed": the day, which spaCy would split as "we'd"; not "wed better go"
    text = re.sub(r"\b(on|was|were|is|last|since|from|by|till|until|next|this) weds?\b", r"\1 wednesday", text)
    text = re.sub(r"[a-z0-9&]+", lambda m: SHORTHAND.get(m.group(0), m.group(0)), text)
    text = _TO.sub(lambda m: f"{m.group(1)} to " if m.group(1) else "to ", text)  # "hard 2 wake" -> "hard to wake"
    text = _FOR.sub("for ", text)
    text = _DA.sub("the", text)
    text = re.sub(r" po\b", "", text)  # Tagalog's polite "po": "the wound in her back po is a little bit red"
    text = re.sub(r"\b(he|she|it|that|there|what|today|tonight|now)'s\b", r"\1 is", text)
    text = re.sub(r"\b(he|she|it|that|there|what) is (been|got|gotten|had)\b", r"\1 has \2", text)  # he's/shes been
    text = re.sub(r"\bi'm\b", "i am", text)
    text = re.sub(r"\b(he|she|they|we|i)'d (her|his|their|the|a|an|my|our)\b", r"\1 had \2", text)  # "she'd her refill"
    text = re.sub(r"\bno (himself|herself|themselves)\b", r"not \1", text)  # Scots: "she's no herself"
    # the child named by a bracket that says only that: "Ivy (the one with the pump) is 38,2 now" is "Ivy is 38,2 now"
    text = re.sub(
        r"\s*\((?:the one (?:with|who has)|(?:who|that|he|she) has|with) (?:the|a|his|her) (?:baclofen |itb )?pump\)",
        "",
        text,
    )
    text = re.sub(r"'(ve|ll|d|re)\b", lambda m: " " + _CONTRACTED[m.group(1)], text)
    text = re.sub(rf"\b({_AUX})n'?t\b", lambda m: NEGATED_AUX[m.group(1)], text)
    text = re.sub(r"\bcan ?not\b", "cannot", text)
    text = re.sub(r"\bno' ", "not ", text)  # Scots: "she's no' well", "we've still no' got a date"
    text = re.sub(r"\b(\w+)in'(?=\W|$)", r"\1ing", text)  # "beepin'", "breathin'"
    text = re.sub(r"\b(sound|fast) asleep\b", r"\1ly asleep", text)  # not a sound: "he was sound asleep"
    # Scots "nae": "no" before a thing ("nae fever", "nae response"), else "not" ("he's nae himsel", "nae breathin")
    text = re.sub(
        r"\bnae (?=(fever|temp|temperature|rash|spots|beep\w*|alarm\w*|spasms|pain|swelling|redness|leak\w*|"
        r"response|reaction|way|change|better|sign|signs|sick|vomit\w*)\b)",
        "no ",
        text,
    )
    text = re.sub(r"\bnae\b", "not", text)
    text = re.sub(r"\b(is|am|are) not able to\b", "cannot", text)
    text = re.sub(r"\b(was|were) not able to\b", "couldnot", text)
    text = re.sub(r"\bnot able to\b", "cannot", text)
    text = re.sub(rf"\b({_AUX}) not\b", lambda m: NEGATED_AUX[m.group(1)], text)
    text = re.sub(r"(\w)'s\b", r"\1", text)  # son's -> son
    # "no seizures since 2019... until twenty minutes ago": an ellipsis before a joining word goes on the sentence
    text = re.sub(r"\.{2,}\s*(?=(until|till|and|but|then|when|so|or|because|except)\b)", ", ", text)
    text = re.sub(r"([!?.])\1+", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


_normalized_once = lru_cache(maxsize=4096)(_normalized)
