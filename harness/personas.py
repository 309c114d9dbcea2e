"""Simulated families (shared/eval/README.md, "Simulated caregivers"): each answers the assistant's
questions from a hidden situation, in its own words. The player reads only what the assistant says,
the way a family would: the question sentences of its last message that asks something.
"""

import itertools
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

from harness.replies import level_of, rules_of
from triage.strict_yaml import load_yaml

Send = Callable[[str], List[Dict[str, Any]]]
MAX_MESSAGES = 12
TOPICS = ("breathing", "waking", "seizure", "confusion", "fever", "stiffness", "itch", "pump", "wound")
# How a family tells what a question asks about, from its wording (first match in each sentence order).
_TOPIC_WORDS = {
    "breathing": r"breath|blue|grey|gray",
    "waking": r"\bwake|awake",
    "seizure": r"seizure|\bfit\b|convuls",
    "confusion": r"confus|seeing things|acting|themselves|usual self",
    "fever": r"fever|temperature",
    "stiffness": r"stiff|spasm|tight",
    "itch": r"itch|tingl",
    "pump": r"beep|alarm|refill|\bmri\b",
    "wound": r"scar|redness|headache|swelling",
}
_HOW_HIGH = re.compile(r"how high", re.I)
_PUMP_KIND = re.compile(r"prometra", re.I)  # "which pump?" after an MRI: answered from what the family wrote
_QUICK = re.compile(r"unwell in any way|anything wrong with your child", re.I)
# questions that ask about no single topic: a follow-up ("how high?", "which pump?") or the quick screen
_NO_TOPIC = (_HOW_HIGH, _QUICK, _PUMP_KIND)
_OPEN = re.compile(r"what is worrying|worrying you|what have you noticed|what is going on|what else", re.I)
_CLARIFY_ONLY = re.compile(r"^(please )?(reply|answer) (yes|with yes)", re.I)

_NEGATIVES = {
    "terse": ["no", "no.", "nope", "no"],
    "sms": ["nah", "no", "nope not rly", "nah hes ok"],
    "unsure": ["I don't think so", "not really, no", "I don't think so?", "no, I don't think so"],
    "nonnative": ["No", "No, not this", "no, is not", "No"],
}
_CHATTY_NO = {
    "breathing": "No, {he}'s breathing fine, nice and steady",
    "waking": "No, {he} wakes up fine, {he}'s awake now",
    "seizure": "No, no seizures or anything like that",
    "confusion": "No, {he}'s {him}self, knows who we are",
    "fever": "No, no fever, {he} feels normal to me",
    "stiffness": "No, {his} muscles are the same as usual",
    "itch": "No, not itchy at all and no tingling",
    "pump": "No, the pump hasn't beeped and the refill isn't due yet",
    "wound": "No, both scars look fine, no headache",
}


@dataclass
class Record:
    id: str
    gold: str
    level: Optional[str] = None
    rules: List[str] = field(default_factory=list)
    level_turns: List[Any] = field(default_factory=list)  # [turn, level] at every change
    revealed_at: Optional[int] = None
    emergency_at: Optional[int] = None
    questions: List[List[Any]] = field(default_factory=list)  # [turn, topics]
    repeats: List[str] = field(default_factory=list)
    unmapped: List[str] = field(default_factory=list)
    transcript: List[List[str]] = field(default_factory=list)
    messages: int = 0
    style: str = ""
    decisive: bool = False
    gold_rules: List[str] = field(default_factory=list)

    @property
    def emergency_on_time(self) -> bool:
        """In the reply that completed `reveal`, or an earlier one (shared/eval/README.md). The conversation
        stops at the emergency, so `reveal` not complete by then means the emergency came earlier."""
        return self.emergency_at is not None and (self.revealed_at is None or self.emergency_at <= self.revealed_at)

    @property
    def final_turn(self) -> Optional[int]:
        """The parent message after which the final level first arrived."""
        return (
            next((t for t, lvl in reversed(self.level_turns) if lvl == self.level), None) if self.level_turns else None
        )


def known_misses(folder: Path) -> List[str]:
    path = Path(folder) / "known_misses.yml"
    return list(load_yaml(path)["known_misses"]) if path.exists() else []


def load_personas(paths: Sequence[Path]) -> List[dict]:
    personas = []
    for path in paths:
        if Path(path).name == "known_misses.yml":
            continue
        for persona in load_yaml(Path(path))["personas"]:
            persona["set"] = Path(path).stem
            personas.append(persona)
    return personas


def question_sentences(replies: List[Dict[str, Any]]) -> List[str]:
    """The question sentences of the assistant's last message that asks something."""
    texts = [r.get("text") or "" for r in replies]
    for text in reversed(texts):
        text = re.sub(r"\n- ", ", ", text)  # a list's lines are read with the question that lists them
        sentences = [s.strip() for s in re.split(r"(?<=[.?!:])\s+", text) if s.strip().endswith("?")]
        if sentences:
            return sentences
    return []


def is_how_high(sentence: str) -> bool:
    return bool(_HOW_HIGH.search(sentence)) and not re.search(r"does your child have", sentence, re.I)


def _all_texts(persona: dict) -> List[str]:
    """Every text the persona may send, in the order of the file's fields."""
    texts: List[str] = list(persona.get("opening") or [])
    for field_name in ("signs", "unsure", "neg"):
        for value in (persona.get(field_name) or {}).values():
            texts += value if isinstance(value, list) else [value]
    for field_name in ("volunteer", "quick", "complaint"):
        texts += [persona[field_name]["text"]] if persona.get(field_name) else []
    return [t for t in texts if isinstance(t, str)]


def topics_of(sentence: str) -> List[str]:
    """The screening topics a question sentence names (a "how high?" follow-up names none)."""
    if is_how_high(sentence):
        return []
    return [t for t in TOPICS if re.search(_TOPIC_WORDS[t], sentence, re.I)]


class Family:
    """Answers like one persona, following the harness rules of shared/eval/README.md."""

    def __init__(self, persona: dict):
        self.p = persona
        self.turns = {t: itertools.cycle(v) for t, v in (persona.get("signs") or {}).items()}
        self.unsure = {t: itertools.cycle(v) for t, v in (persona.get("unsure") or {}).items()}
        self.negatives = itertools.cycle(_NEGATIVES.get(str(persona.get("style")), ["no"]))
        self.volunteer_used = False
        self.open_questions = 0
        self.facts: set = set()
        self.last_answer = "no"

    def _pronouns(self, text: str) -> str:
        he = self.p.get("child", "he")
        words = {"he": he, "him": "him" if he == "he" else "her", "his": "his" if he == "he" else "her"}
        return text.format(**words)

    def negative(self, topic: str) -> str:
        volunteer = self.p.get("volunteer")
        if volunteer and not self.volunteer_used:
            self.volunteer_used = True
            self.facts.update(["volunteer"] + list(volunteer.get("reveals", [])))
            return volunteer["text"]
        neg = (self.p.get("neg") or {}).get(topic)
        if neg:
            return neg
        if self.p.get("style") == "chatty":
            return self._pronouns(_CHATTY_NO[topic])
        return next(self.negatives)

    def answer_topics(self, topics: List[str]) -> str:
        present = [t for t in topics if t in self.turns]
        if present:
            self.facts.update(present)
            return next(self.turns[present[0]])
        unsure = [t for t in topics if t in self.unsure]
        if unsure:
            self.facts.update(unsure)
            return next(self.unsure[unsure[0]])
        return self.negative(topics[0])

    def answer_quick(self, sentence: str) -> str:
        quick = self.p.get("quick")
        if quick:
            self.facts.update(["quick"] + list(quick.get("reveals", [])))
            return quick["text"]
        listed = [t for t in topics_of(sentence) if t in self.turns]
        if listed:
            if self.p.get("style") in ("terse", "unsure"):
                self.facts.update(listed)
                return "yes" if self.p.get("style") == "terse" else "I think so?"
            return self.answer_topics(listed)
        if self.p.get("volunteer") and not self.volunteer_used:
            return self.negative("breathing")
        return "yes" if self.p["gold"] in ("same_day", "emergency") else "no"

    def answer_open(self) -> Optional[str]:
        self.open_questions += 1
        if self.open_questions == 1:
            complaint = self.p.get("complaint")
            if complaint:
                self.facts.update(["complaint"] + list(complaint.get("reveals", [])))
                return complaint["text"]
            if self.p.get("decisive_in_opening"):
                return self.p["opening"][-1]
            return (
                "something just seems off with him"
                if self.p.get("child") == "he"
                else "something just seems off with her"
            )
        return "what should I do?" if self.open_questions == 2 else None

    def answer_how_high(self) -> str:
        if "fever" in self.turns or "fever" in self.unsure:
            if self.p.get("temp"):
                self.facts.add("temp")
                return self.p["temp"]
            return "didn't measure it, feels hot"
        return self.negative("fever")

    def answer_pump_kind(self) -> str:
        """The family's own words about their pump where they wrote any, else a plain no."""
        texts = [t for t in _all_texts(self.p) if re.search(r"prometra|flowonix|medtronic|synchromed", t, re.I)]
        return texts[0] if texts else self.negative("pump")

    def answer(self, replies: List[Dict[str, Any]]) -> Optional[str]:
        sentences = question_sentences(replies)
        if sentences and is_how_high(sentences[0]):
            return self.answer_how_high()
        if any(_PUMP_KIND.search(s) for s in sentences):
            return self.answer_pump_kind()
        for sentence in sentences:
            if _QUICK.search(sentence):
                return self.answer_quick(sentence)
        topics = [t for s in sentences for t in topics_of(s)]
        if topics:
            return self.answer_topics(list(dict.fromkeys(topics)))
        if any(_CLARIFY_ONLY.search(s) for s in sentences):
            return self.last_answer.split(",")[0]
        if any(_OPEN.search(s) for s in sentences) or sentences:
            return self.answer_open()
        return None

    def revealed(self) -> bool:
        for fact in self.p.get("reveal") or []:
            options = fact if isinstance(fact, list) else [fact]
            if not any(option in self.facts for option in options):
                return False
        return True


def play(persona: dict, send: Send) -> Record:
    family = Family(persona)
    record = Record(
        persona["id"],
        persona["gold"],
        style=persona.get("style", ""),
        decisive=bool(persona.get("decisive_in_opening")),
        gold_rules=list(persona.get("rules") or []),
    )
    answered_topics: set = set(persona.get("said") or [])
    asked_what_to_do = False
    previous_topics: List[str] = []
    reasked: set = set()
    message: Optional[str] = None
    queue = list(persona["opening"])
    for turn in range(1, MAX_MESSAGES + 1):
        if queue:
            message = queue.pop(0)
            if not queue:
                family.facts.add("opening")
        if message is None:
            break
        replies = send(message)
        record.messages = turn
        record.transcript.append(["parent", message])
        record.transcript += [
            ["assistant", r.get("text") or f"[{rules_of(r) or ''} {level_of(r) or ''}]"]
            for r in replies
            if r.get("text") or level_of(r)
        ]
        if record.revealed_at is None and family.revealed():
            record.revealed_at = turn
        for reply in replies:
            level = level_of(reply)
            if level:
                if level != record.level:
                    record.level_turns.append([turn, level])
                record.level, record.rules = level, rules_of(reply)
        if record.level == "emergency" and record.emergency_at is None:
            record.emergency_at = turn
        if queue:
            continue
        if record.level == "emergency":
            break
        sentences = question_sentences(replies)
        # the quick screen (and its reask) lists every topic but asks none of them
        topics = [t for s in sentences if not _QUICK.search(s) for t in topics_of(s)]
        if sentences:
            record.questions.append([turn, topics])
            if not topics and not any(p.search(s) for p in _NO_TOPIC + (_OPEN,) for s in sentences):
                record.unmapped += sentences
            fair_reask = set(previous_topics) - reasked
            for topic in set(topics):
                if topic in answered_topics and topic not in fair_reask:
                    record.repeats.append(topic)
            reasked |= set(topics) & set(previous_topics)
            answered_topics.update(topics)
            previous_topics = topics
        else:
            previous_topics = []
        if record.level and not topics and not any(p.search(s) for p in _NO_TOPIC for s in sentences):
            break
        if not sentences and record.level is None:
            if asked_what_to_do:
                break
            asked_what_to_do, message = True, "what should I do?"
            continue
        message = family.answer(replies) if sentences else None
        family.last_answer = message or family.last_answer
    if record.revealed_at is None and family.revealed():
        record.revealed_at = record.messages
    return record


def wilson_lower(good: int, total: int, z: float = 1.96) -> float:
    if not total:
        return 0.0
    share = good / total
    centre = share + z * z / (2 * total)
    margin = z * ((share * (1 - share) + z * z / (4 * total)) / total) ** 0.5
    return (centre - margin) / (1 + z * z / total)


def persona_metrics(records: List[Record]) -> Dict[str, Any]:
    """The figures of shared/eval/README.md "Metrics that matter": (good, total) pairs and turn counts."""
    rank = {"routine": 0, "same_day": 1, "emergency": 2}
    emergencies = [r for r in records if r.gold == "emergency"]
    others = [r for r in records if r.gold != "emergency"]
    same_day = [r for r in records if r.gold == "same_day"]
    turns = sorted(r.final_turn for r in same_day if r.final_turn is not None and r.level == "same_day")

    def share(selected, good):
        selected = list(selected)
        return (sum(1 for r in selected if good(r)), len(selected))

    return {
        "exact level": share(records, lambda r: r.level == r.gold),
        "emergency sensitivity": share(emergencies, lambda r: r.level == "emergency"),
        "emergency in the reply that revealed it": share(emergencies, lambda r: r.emergency_on_time),
        "severe under-triage (emergency -> routine or none)": share(
            emergencies, lambda r: rank.get(r.level or "", -1) <= 0
        ),
        "under-triage (any)": share(records, lambda r: rank.get(r.level or "", -1) < rank[r.gold]),
        "same-day sensitivity (same-day or higher)": share(same_day, lambda r: rank.get(r.level or "", -1) >= 1),
        "non-emergency families sent to emergency": share(others, lambda r: r.level == "emergency"),
        "families with a repeated question": share(records, lambda r: bool(r.repeats)),
        "gold rule among the rules given": share(records, lambda r: bool(set(r.rules) & set(r.gold_rules))),
        "same-day: median messages to the final level": (statistics.median(turns) if turns else 0, max(turns or [0])),
        "emergency sensitivity, Wilson 95% lower bound": (
            round(100 * wilson_lower(*share(emergencies, lambda r: r.level == "emergency"))),
            100,
        ),
    }
