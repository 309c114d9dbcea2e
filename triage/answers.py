"""Answers to routine questions (triage/answers.yml), by topic, with the clinic's names and numbers."""

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

from triage.clinic import Clinic, load_clinic
from triage.replies import fill
from triage.schema import check_answers
from triage.strict_yaml import load_yaml, prose

ANSWERS_PATH = Path(__file__).with_name("answers.yml")
MIN_TOPIC_CONFIDENCE = 0.4  # below this the topic is not trusted and the team's numbers are given instead


@lru_cache(maxsize=1)
def _answers(path: Path = ANSWERS_PATH) -> Dict[str, Any]:
    data: Dict[str, Any] = load_yaml(path)
    check_answers(data, path)
    return data


def topics() -> Dict[str, Dict[str, Any]]:
    found: Dict[str, Dict[str, Any]] = _answers()["topics"]
    return found


def restated_advice(topic: Optional[str]) -> List[str]:
    """The protocol's advice texts this topic's answer says again."""
    return list(topics().get(topic or "", {}).get("restates", []))


def answer_text(
    topic: Optional[str], confidence: float = 1.0, clinic: Optional[Clinic] = None, when: Optional[datetime] = None
) -> str:
    """The answer for a topic; the 'ask your team' answer when the topic is unknown or uncertain. Numbers
    are said as at `when` (now when not given): the one that answers then first."""
    clinic = clinic or load_clinic()
    entry = topics().get(topic or "") if confidence >= MIN_TOPIC_CONFIDENCE else None
    template = entry["text"] if entry else _answers()["unknown"]
    return fill(prose(template), clinic, when)
