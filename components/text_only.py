"""Text from a family is only text. Rasa 3.6 reads a message that starts with "/" as an intent with
entities ("/restart", '/greet{"x": 1} ...'), on every channel: a family's words could restart the
conversation and erase its level, hide a red flag behind a made-up intent, or crash a turn with a
malformed entity. This turns that reading off in the NLU graph, so every message is classified and
searched for red flags like any other. Buttons send plain words ("Yes"), never "/intent" payloads.
Training data is read by Rasa's story reader, which this leaves alone.
"""

from typing import List, Optional

from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.message import Message


def _leave_text_as_text(self, messages: List[Message], domain: Optional[Domain] = None) -> List[Message]:  # type: ignore[no-untyped-def]
    # `self` stays unannotated: Rasa's graph validation takes every annotated parameter for an input.
    return messages


def apply() -> None:
    RegexMessageHandler.process = _leave_text_as_text
