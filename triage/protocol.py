"""Loads protocol.yml: rules, sign groups, screening questions and the text guidance may use."""
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

import yaml

PROTOCOL_PATH = Path(__file__).with_name("protocol.yml")
EMERGENCY, SAME_DAY, ROUTINE = "emergency", "same_day", "routine"
Condition = Union[str, dict]


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
    advice: Dict[str, dict]
    level_text: Dict[str, str]

    def rank(self, level: Optional[str]) -> int:
        return self.levels.index(level) if level in self.levels else -1

    def question(self, question_id: str) -> ScreeningQuestion:
        if question_id == self.quick_screen.id:
            return self.quick_screen
        return next(q for q in self.screening if q.id == question_id)

    def signs_in(self, condition: Condition) -> List[str]:
        """Every sign a condition mentions, with groups expanded."""
        if isinstance(condition, str):
            return list(self.groups.get(condition, (condition,)))
        return [s for part in next(iter(condition.values())) for s in self.signs_in(part)]


def _question(data: dict) -> ScreeningQuestion:
    return ScreeningQuestion(data["id"], " ".join(data["text"].split()), tuple(data.get("signs", ())))


@lru_cache(maxsize=1)
def load_protocol(path: Path = PROTOCOL_PATH) -> Protocol:
    data = yaml.safe_load(path.read_text())
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
        screening=tuple(_question(q) for q in data["screening"]),
        quick_screen=_question(data["quick_screen"]),
        advice=data["advice"],
        level_text={k: " ".join(v.split()) for k, v in data["level_text"].items()},
    )
