"""Reading the assistant's replies as a channel returns them (REST or the offline simulation)."""

from typing import Any, Dict, List, Optional

from triage.replies import emergency_text
from triage.reply_contract import triage_of

EMERGENCY_OPENING = emergency_text().split("\n\n")[0]  # REST sends each paragraph as its own message


def level_of(reply: Dict[str, Any]) -> Optional[str]:
    return (triage_of(reply) or {}).get("level")


def rules_of(reply: Dict[str, Any]) -> List[str]:
    return list((triage_of(reply) or {}).get("rules") or [])


def last_triage(replies: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    found = [t for t in (triage_of(r) for r in replies) if t]
    return found[-1] if found else None
