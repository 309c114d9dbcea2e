"""action_give_disposition: the triage result for the whole session, in words and as a payload."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import asked_a_question, last_bot_response, question_topic, session_findings
from actions.escalation import notification, notify_in_background, should_notify
from triage.answers import MIN_TOPIC_CONFIDENCE, answer_text
from triage.clinic import load_clinic
from triage.engine import assess
from triage.findings import present_signs
from triage.protocol import EMERGENCY, ROUTINE, load_protocol
from triage.replies import conversation_text, disposition_text, triage_payload


def _answers(asked: bool, level: str, confidence: float) -> bool:
    """Answer the family's question after the triage reply: always when routine (an unsure topic gets the
    team's numbers), when same-day only if the topic is clear, never under an emergency."""
    if not asked or level == EMERGENCY:
        return False
    return level == ROUTINE or confidence >= MIN_TOPIC_CONFIDENCE


class ActionGiveDisposition(Action):
    def name(self) -> Text:
        return "action_give_disposition"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        protocol = load_protocol()
        asked = asked_a_question(tracker)
        findings = session_findings(tracker)
        disposition = assess(findings, protocol, protocol.question_rule if asked else None)
        topic, confidence = question_topic(tracker)
        previous = tracker.get_slot("triage_level")
        if protocol.rank(previous) > protocol.rank(disposition.level):   # the level never goes down
            level, rules = previous, tracker.get_slot("triage_rules") or []
            dispatcher.utter_message(text=conversation_text("level_kept"))
        else:
            level, rules = disposition.level, list(disposition.rules)
            said = last_bot_response(tracker) == "utter_emergency"
            answer = answer_text(topic, confidence) if _answers(asked, level, confidence) else None
            dispatcher.utter_message(text=disposition_text(disposition, emergency_already_said=said, answer=answer))
        payload = triage_payload(level, rules, protocol, present_signs(findings))
        if _answers(asked, level, confidence):
            payload["answer"] = {"topic": topic if confidence >= MIN_TOPIC_CONFIDENCE else None}
        dispatcher.utter_message(json_message=payload)
        clinic = load_clinic()
        if should_notify(previous, level, clinic):
            notify_in_background(notification(tracker.sender_id, tracker.get_latest_input_channel(), level,
                                              rules, clinic, tracker.latest_message.get("text")), clinic)
        return [SlotSet("triage_level", level), SlotSet("triage_rules", list(rules))]
