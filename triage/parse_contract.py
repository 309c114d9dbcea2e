"""Names shared by the NLU component (components/) and the actions (actions/): how findings and
questions travel in a message's parse data. One definition, so the two sides cannot drift apart."""

from typing import Any, Dict, List

from triage.findings import PRESENT, STATUSES, Finding

FINDING_ENTITY = "finding"  # entity: value = sign, role = status
QUESTION_INTENT = "faq"  # the retrieval intent of routine questions
REPLY_TO_KEY = "reply_to"  # message metadata and button field: the question token a button answers


def message_findings(entities: List[Dict[str, Any]]) -> List[Finding]:
    """The findings a message's parse data carries (the NLU component wrote them as entities)."""
    return [
        Finding(e["value"], e.get("role") or PRESENT)
        for e in entities
        if e.get("entity") == FINDING_ENTITY and (e.get("role") or PRESENT) in STATUSES
    ]
