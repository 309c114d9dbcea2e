"""A finding: one warning sign mentioned by the family, and whether it is actually present."""

from dataclasses import dataclass
from typing import Iterable, Optional, Set

PRESENT = "present"
NEGATED = "negated"  # "no fever", "breathing fine"
PAST = "past"  # "had a seizure last year", a refill weeks ago
HYPOTHETICAL = "hypothetical"  # "what if he gets itchy?", "MRI next month"
OTHER = "other"  # about someone else: "his brother has a fever"
WRITER = "writer"  # the writer's own ("I have a headache"): the parent's, unless the child is writing
STATUSES = (PRESENT, NEGATED, PAST, HYPOTHETICAL, OTHER, WRITER)


@dataclass(frozen=True)
class Finding:
    sign: str
    status: str = PRESENT
    celsius: Optional[float] = None

    @property
    def present(self) -> bool:
        return self.status == PRESENT


def present_signs(findings: Iterable[Finding]) -> Set[str]:
    return {f.sign for f in findings if f.present}


def known_signs(findings: Iterable[Finding]) -> Set[str]:
    """Signs the family has told us about, either way (present or denied)."""
    return {f.sign for f in findings if f.status in (PRESENT, NEGATED)}
