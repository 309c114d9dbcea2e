"""action_triage_turn: the one action of every turn. It reads the family's message from the tracker,
asks the screening policy (triage/conversation.py) what to say, and says it. Nothing clinical is
decided here."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.escalation import notification, notify_in_background
from triage.clinic import load_clinic
from triage.conversation import Message, State, Turn, step
from triage.parse_contract import QUESTION_INTENT, REPLY_TO_KEY, message_findings
from triage.replies import answer_buttons
from triage.reply_contract import EMERGENCY_REPLY, UTTER_ACTION_KEY

STATE_SLOT = "triage_state"


def _topic(parse_data: Dict[str, Any]) -> tuple:
    """(topic, confidence) of a routine question, from the response selector."""
    selected = (parse_data.get("response_selector") or {}).get(QUESTION_INTENT) or {}
    response = selected.get("response") or {}
    key = response.get("intent_response_key") or ""
    if key.startswith(QUESTION_INTENT + "/"):
        return key.split("/", 1)[1], float(response.get("confidence") or 0.0)
    return None, 0.0


def _emergency_said_this_turn(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get(UTTER_ACTION_KEY) == EMERGENCY_REPLY:
            return True
    return False


def _reply_to(parse_data: Dict[str, Any], tracker: Tracker) -> Optional[str]:
    metadata = tracker.latest_message.get("metadata") or parse_data.get("metadata") or {}
    value = metadata.get(REPLY_TO_KEY) if isinstance(metadata, dict) else None
    return value if isinstance(value, str) and len(value) <= 64 else None


def message_of(tracker: Tracker) -> Message:
    parse_data = tracker.latest_message or {}
    topic, confidence = _topic(parse_data)
    return Message(
        text=str(parse_data.get("text") or ""),
        findings=tuple(message_findings(parse_data.get("entities") or [])),
        intent=(parse_data.get("intent") or {}).get("name"),
        topic=topic,
        topic_confidence=confidence,
        reply_to=_reply_to(parse_data, tracker),
        emergency_said=_emergency_said_this_turn(tracker),
        channel=tracker.get_latest_input_channel(),
    )


def send(turn: Turn, dispatcher: CollectingDispatcher) -> None:
    for say in turn.says:
        if say.question:
            dispatcher.utter_message(text=say.text, buttons=answer_buttons(say.token))
        else:
            dispatcher.utter_message(text=say.text)
    if turn.payload:
        dispatcher.utter_message(json_message=turn.payload)


class ActionTriageTurn(Action):
    def name(self) -> Text:
        return "action_triage_turn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        clinic = load_clinic()
        turn = step(State.from_dict(tracker.get_slot(STATE_SLOT)), message_of(tracker), clinic=clinic)
        send(turn, dispatcher)
        if (turn.notify and clinic.notifies(turn.notify)) or turn.callback:
            event = notification(
                tracker.sender_id,
                tracker.get_latest_input_channel(),
                turn.state.level or "",
                turn.state.rules,
                clinic,
                tracker.latest_message.get("text"),
                callback=turn.callback,
            )
            notify_in_background(event, clinic)
        return [
            SlotSet(STATE_SLOT, turn.state.to_dict()),
            SlotSet("triage_level", turn.state.level),
            SlotSet("triage_rules", list(turn.state.rules)),
        ]
