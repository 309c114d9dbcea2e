"""Rasa NLU component: the findings of each message as entities, and a deterministic red-flag intent.

The clinical work is done by triage.extractor / triage.engine; this file only adapts them to Rasa.
A message whose own findings meet an emergency rule gets the intent `red_flag` whatever DIET thought,
so the emergency reply never depends on a classifier's confidence or on the action server.
"""

import logging
import re
from typing import Any, Dict, List, Optional, Sequence

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components import rasa_patches
from triage.conversation import PUMP_WORLD
from triage.engine import assess, warning_signs
from triage.extractor import extract_findings, warm_up
from triage.findings import Finding
from triage.language import is_spanish
from triage.parse_contract import FINDING_ENTITY, QUESTION_INTENT
from triage.protocol import EMERGENCY
from triage.schema import load_clinical_files

logger = logging.getLogger(__name__)
rasa_patches.apply_all()  # this component loads in every Rasa server process: its start-up hook
RED_FLAG, REPORT_PROBLEM, SPANISH = "red_flag", "report_problem", "spanish"


def finding_entities(findings, text: str) -> List[Dict[str, Any]]:
    unique = dict.fromkeys((f.sign, f.status) for f in findings)
    return [
        {
            "entity": FINDING_ENTITY,
            "value": sign,
            "role": status,
            "start": 0,
            "end": len(text),
            "confidence_entity": 1.0,
            "extractor": "FindingsExtractor",
        }
        for sign, status in unique
    ]


_CARE_WORDS = re.compile(rf"\b({PUMP_WORLD}|football|soccer|trampoline|rides?)\b")
_NOT_A_TOPIC = {"deny", "affirm", "unsure", "out_of_scope", "nlu_fallback"}


def _is_a_care_question(text: str) -> bool:
    words = text.lower()
    return bool(_CARE_WORDS.search(words)) and ("?" in words or len(words.split()) > 6)


def routed_intent(current: Optional[str], findings: Sequence[Finding], text: str = "") -> Optional[str]:
    """red_flag for an emergency, report_problem for any present sign, faq for a care question the
    classifier missed, spanish for a message in Spanish, else the classifier's intent."""
    if assess(findings).level == EMERGENCY:
        return RED_FLAG
    if warning_signs(findings) or current == RED_FLAG:
        return REPORT_PROBLEM  # a learned red_flag without a rule match is screened, not dismissed
    if is_spanish(text):
        return SPANISH  # told in Spanish and English how to reach the team (full support later)
    if current in _NOT_A_TOPIC and _is_a_care_question(text):
        return QUESTION_INTENT  # quick screen first, then the routine answer
    return current


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class FindingsExtractor(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FindingsExtractor":
        load_clinical_files()  # a mistake in the clinical files stops the server here, not at a family's message
        warm_up()
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        classified = (message.get(INTENT) or {}).get("name")
        try:
            findings = extract_findings(text)
            routed = routed_intent(classified, findings, text)
        except Exception:  # never leave a family without screening; no message text in the log
            logger.exception("findings extraction failed; routing the message to screening")
            findings, routed = [], REPORT_PROBLEM
        message.set(ENTITIES, message.get(ENTITIES, []) + finding_entities(findings, text), add_to_output=True)
        if routed != classified:
            message.set(INTENT, {"name": routed, "confidence": 1.0}, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r.get("name") != routed]
            message.set(INTENT_RANKING_KEY, [{"name": routed, "confidence": 1.0}] + ranking, add_to_output=True)
