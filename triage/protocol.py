"""Loads protocol.yml: rules, sign groups, screening questions and the text guidance may use."""

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple, Union

from triage.schema import check_protocol
from triage.strict_yaml import load_yaml, prose

PROTOCOL_PATH = Path(__file__).with_name("protocol.yml")
EMERGENCY, SAME_DAY, ROUTINE = "emergency", "same_day", "routine"
Condition = Union[str, Dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    when: Condition
    advice: Tuple[str, ...] = ()
    now: bool = False


@dataclass(frozen=True)
class ScreeningQuestion:
    id: str
    text: str
    signs: Tuple[str, ...]
    reask: str = ""  # the same question in other words, after an unclear answer
    no_if: Tuple[str, ...] = ()  # signs whose mention in the reply answers no ("it's a Medtronic")


@dataclass(frozen=True)
class GroupedQuestion:
    """Protocol v1.1 "Fewer turns": several emergency questions asked as one."""

    question: ScreeningQuestion  # its signs: every sign of the grouped questions
    members: Tuple[str, ...]  # the screening question ids it stands for
    which: ScreeningQuestion  # asked after a yes, for the record
    templates: Tuple[Dict[str, Any], Dict[str, Any]]  # the question's and `which`'s data, texts with {list} / {short}
    words: Dict[str, Tuple[str, str]]  # member -> its words in the question, and in reask / which
    member_signs: Dict[str, Tuple[str, ...]]

    def narrowed(self, members: Sequence[str]) -> "GroupedQuestion":
        """The same question about these members only (their order kept; all of them when none)."""
        kept = tuple(m for m in self.members if m in members) or self.members
        signs = tuple(s for m in kept for s in self.member_signs[m])
        question, which = (_question(_filled(t, [self.words[m] for m in kept]), signs) for t in self.templates)
        return replace(self, question=question, which=which, members=kept)


@dataclass(frozen=True)
class Protocol:
    version: str
    levels: Tuple[str, ...]
    groups: Dict[str, Tuple[str, ...]]
    rules: Tuple[Rule, ...]
    default_rule: str
    question_rule: str
    screening: Tuple[ScreeningQuestion, ...]
    quick_screen: ScreeningQuestion
    grouped: GroupedQuestion
    how_high: ScreeningQuestion
    answer_words: Dict[str, Tuple[str, ...]]  # yes / no / unsure -> the words of that family
    not_an_answer: Dict[str, Tuple[str, ...]]  # thanks / goodbye / greeting -> their words
    advice: Dict[str, Dict[str, Any]]
    level_text: Dict[str, str]
    while_well: Dict[str, str]  # a sign that counts only while the child is well -> the sign it is otherwise
    # the rules that hold for a set of present signs, worked out once per set (the policy asks it for every
    # question it might ask); not part of the protocol's value, and never copied to a changed protocol
    holding: Dict[FrozenSet[str], Tuple[Rule, ...]] = field(default_factory=dict, init=False, compare=False, repr=False)

    def rank(self, level: Optional[str]) -> int:
        return self.levels.index(level) if level in self.levels else -1

    def rules_named(self, rule_ids: Sequence[str]) -> Tuple[Rule, ...]:
        """The rules with these ids (a conversation keeps the ids of the rules behind its level)."""
        return tuple(rule for rule in self.rules if rule.id in rule_ids)

    def question(self, question_id: str) -> ScreeningQuestion:
        """Any question the assistant can ask, by id."""
        return next(q for q in self.all_questions() if q.id == question_id)

    def all_questions(self) -> Tuple[ScreeningQuestion, ...]:
        extra = (self.quick_screen, self.grouped.question, self.grouped.which, self.how_high)
        return self.screening + extra

    def signs_in(self, condition: Condition) -> List[str]:
        """Every sign a condition mentions, with groups expanded."""
        if isinstance(condition, str):
            return list(self.groups.get(condition, (condition,)))
        return [s for part in next(iter(condition.values())) for s in self.signs_in(part)]


def _question(data: Dict[str, Any], signs: Tuple[str, ...] = ()) -> ScreeningQuestion:
    return ScreeningQuestion(
        data["id"],
        prose(data["text"]),
        tuple(data.get("signs", signs)),
        prose(data.get("reask", "")),
        tuple(data.get("no_if", ())),
    )


def _listed(items: Sequence[str]) -> str:
    """ "a", "a, or b", "a, b, or c": the comma keeps "a seizure, or confused or seeing things" clear."""
    return ", ".join(items[:-1]) + ", or " + items[-1] if len(items) > 1 else "".join(items)


def _filled(template: Dict[str, Any], words: Sequence[Tuple[str, str]]) -> Dict[str, Any]:
    short = _listed([w[1] for w in words])
    fill = {"list": "\n".join(f"- {w[0]}" for w in words), "short": short, "Short": short[:1].upper() + short[1:]}
    return {**template, **{k: template[k].format(**fill) for k in ("text", "reask") if k in template}}


def _grouped(data: Dict[str, Any], screening: Tuple[ScreeningQuestion, ...]) -> GroupedQuestion:
    members = tuple(data["questions"])
    member_signs = {q.id: q.signs for q in screening if q.id in members}
    words = {m: (w[0], w[1]) for m, w in data["words"].items()}
    unfilled = ScreeningQuestion(data["id"], "", ())
    return GroupedQuestion(unfilled, members, unfilled, (data, data["which"]), words, member_signs).narrowed(members)


def _words(data: Dict[str, Any]) -> Dict[str, Tuple[str, ...]]:
    return {key: tuple(words) for key, words in data.items()}


@lru_cache(maxsize=1)
def load_protocol(path: Path = PROTOCOL_PATH) -> Protocol:
    data = load_yaml(path)
    check_protocol(data, path)  # unknown keys and names refused, naming the file and the rule
    screening = tuple(_question(q) for q in data["screening"])
    rules = tuple(
        Rule(r["id"], r["level"], r["when"], tuple(r.get("advice", ())), bool(r.get("now", False)))
        for r in data["rules"]
    )
    return Protocol(
        version=data["protocol_version"],
        levels=tuple(data["levels"]),
        groups={k: tuple(v) for k, v in data["groups"].items()},
        rules=rules,
        default_rule=data["default_rule"],
        question_rule=data["question_rule"],
        screening=screening,
        quick_screen=_question(data["quick_screen"]),
        grouped=_grouped(data["grouped_screening"], screening),
        how_high=_question(data["how_high"]),
        answer_words=_words(data["answer_words"]),
        not_an_answer=_words(data["not_an_answer"]),
        advice=data["advice"],
        level_text={k: prose(v) for k, v in data["level_text"].items()},
        while_well=dict(data["while_well"]),
    )
