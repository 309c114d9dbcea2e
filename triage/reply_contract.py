"""Names and shapes the replies share between the actions, the Rasa-side safety net, the channels, the
audit trail and the harness: which response a bot message was, and where the triage payload sits in a
reply. One definition beside parse_contract.py (how findings travel in a message), so no side drifts.
"""

from typing import Any, Dict, Optional

EMERGENCY_REPLY = "utter_emergency"  # the response Rasa sends itself for a red flag
CANNOT_ASSESS = "utter_cannot_assess"  # the safety net's guidance when an action failed
UNASSESSED = "unassessed"  # the audit level of a turn answered by the safety net
UTTER_ACTION_KEY = "utter_action"  # bot message metadata: the response it was
PAYLOAD_KEY = "triage"  # reply["custom"][PAYLOAD_KEY]: level, rules, protocol_version, findings
SUMMARY_KEY = "summary"  # reply["custom"][SUMMARY_KEY]: the summary for the hospital (web/chat.js reads it)


def triage_of(reply: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The triage payload of one reply as a channel sends it (REST, web chat, offline), or None."""
    found: Optional[Dict[str, Any]] = (reply.get("custom") or {}).get(PAYLOAD_KEY)
    return found
