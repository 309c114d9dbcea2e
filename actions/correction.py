"""action_acknowledge_correction: a correction never lowers the level already given."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from triage.replies import conversation_text


class ActionAcknowledgeCorrection(Action):
    def name(self) -> Text:
        return "action_acknowledge_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        key = "level_kept" if tracker.get_slot("triage_level") else "correction_noted"
        dispatcher.utter_message(text=conversation_text(key))
        return []
