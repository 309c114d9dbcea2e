"""Plays a conversation through the screening policy alone (no Rasa), replying the way the REST channel
does: one message per paragraph, Yes / No / Not sure buttons on a question, the triage payload as
`custom`. Used by fast tests and `make eval-offline`; `make eval` plays the same scripts over REST.
"""

from datetime import datetime
from typing import Any, Dict, List, Optional

from triage.clinic import Clinic
from triage.conversation import Message, State, Turn, step
from triage.engine import assess
from triage.extractor import extract_findings
from triage.protocol import EMERGENCY
from triage.replies import answer_buttons, emergency_text


def turn_messages(turn: Turn) -> List[Dict[str, Any]]:
    """A turn's replies as a channel sends them."""
    messages: List[Dict[str, Any]] = []
    for say in turn.says:
        parts: List[Dict[str, Any]] = [{"text": part} for part in say.text.split("\n\n")]
        if say.question:
            parts[-1]["buttons"] = answer_buttons(say.token)
        messages += parts
    if turn.payload:
        messages.append({"custom": turn.payload})
    return messages


class OfflineConversation:
    """One family's conversation, in process. Like Rasa's NLU component, a message whose own findings
    meet an emergency rule gets the emergency reply before the policy runs. `when` fixes the clock the
    replies are said at (now when not given); `clinic` replaces the configured one."""

    def __init__(self, when: Optional[datetime] = None, clinic: Optional[Clinic] = None) -> None:
        self.state = State()
        self.when, self.clinic = when, clinic

    def send(self, text: str, reply_to: Optional[str] = None) -> List[Dict[str, Any]]:
        findings = tuple(extract_findings(text))
        red_flag = assess(findings).level == EMERGENCY
        first = [{"text": part} for part in emergency_text(self.clinic).split("\n\n")] if red_flag else []
        message = Message(text, findings, reply_to=reply_to, emergency_said=red_flag)
        turn = step(self.state, message, clinic=self.clinic, when=self.when)
        self.state = turn.state
        return first + turn_messages(turn)
