"""Screening questions, worst first, and how a free-text answer is read.

Every question asks whether a warning sign is PRESENT: "yes" and "not sure" mean concern, "no" means
reassurance. A question is skipped when the family already told us about its signs, and screening stops
as soon as no remaining "yes" could raise the level (so the first yes that makes it an emergency ends it,
while a same-day yes still lets us ask what could turn it into an emergency, e.g. fever + stiffness).
"""
import re
from typing import Dict, Iterable, List, Optional

from triage.engine import assess, warning_signs
from triage.findings import NEGATED, PRESENT, Finding, known_signs, present_signs
from triage.normalize import normalize
from triage.protocol import EMERGENCY, Protocol, ScreeningQuestion, load_protocol

YES, NO, UNSURE = "yes", "no", "unsure"
CONCERN = (YES, UNSURE)

_UNSURE = re.compile(
    r"\b(not sure|unsure|donot know|no idea|no clue|maybe|possibly|perhaps|might|cannot tell|hard to (say|tell)|"
    r"kind of|kinda|sort of|a bit|a little|slightly|i think so|think so|not certain|probably|could be|unclear|"
    r"somewhat|sometimes|a little bit)\b")
# Only explicit leading words decide; "he is ..." could go either way and is read through its findings.
_NO = re.compile(
    r"^(no|nope|nah|n|not really|none|neither|nothing|negative|never|not at all|no way|nada|all good|all fine|"
    r"fine|normal|nothing like that|not that i know|not that i have seen|isnot|doesnot|hasnot|didnot|"
    r"wasnot|arenot|havenot)\b")
_YES = re.compile(
    r"^(yes+|yeah|yep|yup|ya|yah|y|yea|ye|correct|right|definitely|absolutely|true|affirmative|sure|"
    r"uh huh|mhm|it is|there is)\b")


def read_answer(text: str) -> Optional[str]:
    """yes / no / unsure when the words say so plainly, else None (then the reply's findings decide)."""
    words = re.sub(r"^((um+|hm+|well|erm|er|ok|okay|so|oh)\b[ ,.]*)+", "", normalize(text).strip(" .!?,"))
    # a hedge answers the question when it leads ("maybe, ...") or is most of a short reply
    hedge = _UNSURE.search(words)
    if hedge and (hedge.start() == 0 or len(words.split()) <= 5):
        return UNSURE
    said_no, said_yes = bool(_NO.match(words)), bool(_YES.match(words))
    if said_yes and not said_no:
        return YES
    if said_no and not said_yes:
        return NO
    return None


def answer_from_said(question: ScreeningQuestion, said: Iterable[Finding]) -> Optional[str]:
    """yes / no from what a reply says about the question's own signs ("he is breathing fine")."""
    said = [f for f in said if f.sign in question.signs]
    if any(f.status == PRESENT for f in said):
        return YES
    if any(f.status == NEGATED for f in said):
        return NO
    return None


def answer_findings(question: ScreeningQuestion, answer: Optional[str],
                    said: Iterable[Finding]) -> List[Finding]:
    """Findings an answer adds: what the words say, else the question's signs as asked."""
    said = list(said)
    if answer in CONCERN and not present_signs(said) & set(question.signs):
        said += [Finding(sign, PRESENT) for sign in question.signs]
    elif answer == NO:
        said += [Finding(sign, NEGATED) for sign in question.signs]
    return said


def next_question(findings: List[Finding], answered: Dict[str, str],
                  protocol: Optional[Protocol] = None) -> Optional[ScreeningQuestion]:
    """The next question to ask, or None when screening is over. `answered`: question id -> yes/no/unsure."""
    protocol = protocol or load_protocol()
    level = assess(findings, protocol).level
    if level == EMERGENCY:
        return None
    quick = protocol.quick_screen.id
    if not warning_signs(findings) and not any(a in CONCERN for a in answered.values()):
        if quick not in answered and not any(q.id in answered for q in protocol.screening):
            return protocol.quick_screen
        if answered.get(quick) == NO:
            return None
    known = known_signs(findings)
    for question in protocol.screening:
        if question.id in answered or known & set(question.signs):
            continue
        if_yes = findings + [Finding(sign, PRESENT) for sign in question.signs]
        if protocol.rank(assess(if_yes, protocol).level) > protocol.rank(level):
            return question
    return None
