"""The summary a family can show at the emergency department: when, the advice given and the rules behind
it, the signs the family reported and denied, and the pump facts the staff need (triage/summary.yml).
It is built from the conversation's findings, never from the family's own words."""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from triage.clinic import Clinic
from triage.findings import Finding, known_signs, present_signs
from triage.protocol import SAME_DAY, Protocol
from triage.replies import fill
from triage.schema import check_summary
from triage.strict_yaml import load_yaml, prose

SUMMARY_PATH = Path(__file__).with_name("summary.yml")
FOR_STAFF = "About the pump, for the staff"


@lru_cache(maxsize=1)
def summary_words(path: Path = SUMMARY_PATH) -> Dict[str, Any]:
    data: Dict[str, Any] = load_yaml(path)
    check_summary(data, path)
    return data


@dataclass(frozen=True)
class Summary:
    title: str
    sections: Tuple[Tuple[str, Tuple[str, ...]], ...]  # (heading, lines)
    footer: str

    def text(self) -> str:
        parts = [self.title] + [
            f"{heading}:\n" + "\n".join(f"- {line}" for line in lines) for heading, lines in self.sections
        ]
        return "\n\n".join(parts + [self.footer])

    def to_dict(self) -> Dict[str, Any]:
        return {
            "title": self.title,
            "sections": [{"heading": h, "lines": list(lines)} for h, lines in self.sections],
            "footer": self.footer,
        }


def _level_key(level: str, rules: Sequence[str], protocol: Protocol) -> str:
    now = any(rule.now for rule in protocol.rules_named(rules))
    return "same_day_now" if level == SAME_DAY and now else level


def _sign_lines(signs: Iterable[str], findings: Sequence[Finding], words: Dict[str, str]) -> Tuple[str, ...]:
    readings = [f.celsius for f in findings if f.present and f.celsius is not None]
    lines: List[str] = []
    for sign in sorted(set(signs) & set(words), key=list(words).index):
        line = words[sign]
        if sign == "fever" and readings:
            top = max(readings)
            line += f" (highest reading {top:.1f} C / {top * 9 / 5 + 32:.1f} F)"
        lines.append(line)
    return tuple(lines) or ("none",)


def conversation_summary(
    findings: Sequence[Finding],
    level: str,
    rules: Sequence[str],
    protocol: Protocol,
    clinic: Clinic,
    when: Optional[datetime] = None,
) -> Summary:
    words = summary_words()
    local = clinic.local_time(when)
    present = present_signs(findings)
    advice = fill(words["levels"][_level_key(level, rules, protocol)], clinic, when)
    sections = (
        ("Time", (f"{local:%Y-%m-%d %H:%M} ({clinic.timezone})",)),
        ("Advice given", (advice, f"Protocol rules: {', '.join(rules) or 'none'} ({protocol.version})")),
        ("Signs the family reported", _sign_lines(present, findings, words["signs"])),
        (
            "Signs the family said were not there",
            _sign_lines(known_signs(findings) - present, findings, words["signs"]),
        ),
        (FOR_STAFF, tuple(fill(prose(f["text"]), clinic, when) for f in words["facts"])),
    )
    return Summary(words["title"], sections, fill(prose(words["made_by"]), clinic, when))
