"""action_give_disposition: the triage result for the whole session, in words and as a payload."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import asked_a_question, last_bot_response, session_findings
from triage.engine import assess
from triage.protocol import load_protocol
from triage.replies import conversation_text, disposition_text, triage_payload


class ActionGiveDisposition(Action):
    def name(self) -> Text:
        return "action_give_disposition"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        protocol = load_protocol()
        routine_rule = protocol.question_rule if asked_a_question(tracker) else None
        disposition = assess(session_findings(tracker), protocol, routine_rule)
        previous = tracker.get_slot("triage_level")
        if protocol.rank(previous) > protocol.rank(disposition.level):   # the level never goes down
            level, rules = previous, tracker.get_slot("triage_rules") or []
            dispatcher.utter_message(text=conversation_text("level_kept"))
        else:
            level, rules = disposition.level, list(disposition.rules)
            said = last_bot_response(tracker) == "utter_emergency"
            dispatcher.utter_message(text=disposition_text(disposition, emergency_already_said=said))
        dispatcher.utter_message(json_message=triage_payload(level, rules, protocol))
        return [SlotSet("triage_level", level), SlotSet("triage_rules", list(rules))]
