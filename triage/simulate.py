"""Runs a conversation through the triage logic alone (no Rasa), answering every question the same way.

Used by fast tests and by `make eval-offline`; the real evaluation (`make eval`) talks to the servers.
"""
from typing import List, Tuple

from triage.engine import Disposition, assess
from triage.extractor import extract_findings
from triage.protocol import EMERGENCY
from triage.screening import UNSURE, answer_findings, answer_from_said, next_question, read_answer


def simulate(messages: List[str], reply: str = "no") -> Tuple[Disposition, int, bool]:
    """(final disposition, questions asked, emergency given on the message that revealed it)."""
    findings, answered = [], {}
    for message in messages:
        findings += extract_findings(message)
        if assess(findings).level == EMERGENCY:
            return assess(findings), len(answered), True
    while (question := next_question(findings, answered)) is not None:
        said = extract_findings(reply)
        answered[question.id] = read_answer(reply) or answer_from_said(question, said) or UNSURE
        findings = answer_findings(question, answered[question.id], findings + said)
    return assess(findings), len(answered), False
