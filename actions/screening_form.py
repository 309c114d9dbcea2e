"""validate_screening_form: which screening question comes next, and what each answer means."""
from functools import partial
from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import screening_answers, screening_slot, session_findings
from triage.parse_contract import message_findings
from triage.protocol import load_protocol
from triage.replies import conversation_text
from triage.screening import UNSURE, answer_from_said, next_question, read_answer

SLOT_PREFIX = "validate_screen_"
MAX_UNCLEAR = 1     # after one unclear reply to a question, the answer counts as "not sure"


class ValidateScreeningForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_screening_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        question = next_question(session_findings(tracker), screening_answers(tracker))
        return [screening_slot(question)] if question else []

    def __getattr__(self, name: str):
        # validate_screen_<question id>: the SDK looks these up by slot name
        if name.startswith(SLOT_PREFIX):
            return partial(self.validate_answer, question_id=name[len(SLOT_PREFIX):])
        raise AttributeError(name)

    def validate_answer(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict, question_id: str) -> Dict[Text, Any]:
        question = load_protocol().question(question_id)
        slot = screening_slot(question)
        said = message_findings(tracker.latest_message.get("entities", []))
        answer = read_answer(str(value or "")) or answer_from_said(question, said)
        if answer is None:
            unclear = int(tracker.get_slot("unclear_answers") or 0)
            if unclear < MAX_UNCLEAR:
                dispatcher.utter_message(text=conversation_text("unclear_answer"))
                return {slot: None, "unclear_answers": unclear + 1}
            answer = UNSURE      # uncertainty resolves upward
        return {slot: answer, "unclear_answers": 0}
