"""action_ask_screen_<id>: asks one screening question with Yes / No / Not sure buttons.

One action per question, because Rasa's form looks for `action_ask_<slot>` by name. The wording is the
protocol's (triage/protocol.yml).
"""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import all_questions, screening_answers, screening_slot, session_findings
from triage.engine import assess
from triage.replies import ANSWER_CHOICES, screening_intro

BUTTONS = [{"title": choice, "payload": choice} for choice in ANSWER_CHOICES]


class AskScreeningQuestion:
    """Mixin, not an Action itself: the SDK registers every Action subclass it finds."""
    question = None

    def name(self) -> Text:
        return f"action_ask_{screening_slot(self.question)}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if not screening_answers(tracker):
            intro = screening_intro(assess(session_findings(tracker)))
            if intro:
                dispatcher.utter_message(text=intro)
        dispatcher.utter_message(text=self.question.text, buttons=BUTTONS)
        return []


ASK_ACTIONS = [
    type(f"AskScreen{q.id.title()}", (AskScreeningQuestion, Action), {"question": q}) for q in all_questions()
]
