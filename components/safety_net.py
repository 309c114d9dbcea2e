"""When a custom action fails (action server down, not answering within ACTION_TIMEOUT_SECONDS, or answering
nonsense), Rasa 3.6 logs the error, drops the action's events and carries on, so the family can get no
reply at all. This sends the "I cannot assess this right now" guidance with the team's and the
emergency numbers instead, once per turn, and leaves any active form so the next message is not
stuck in it. A red flag never needs the action server: its emergency reply is a response Rasa sends itself.
"""

import logging
import os
from typing import Any, List

import rasa.core.actions.action
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import ActiveLoop, BotUttered, Event, UserUttered

from triage.replies import conversation_text
from triage.reply_contract import CANNOT_ASSESS, UTTER_ACTION_KEY

logger = logging.getLogger(__name__)
_original_run = RemoteAction.run


def _said_this_turn(tracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and (event.metadata or {}).get(UTTER_ACTION_KEY) == CANNOT_ASSESS:
            return True
    return False


def fallback_events(action_name: str, error: Exception, tracker) -> List[Event]:
    logger.error("custom action %s failed (%s); safety guidance sent instead", action_name, type(error).__name__)
    events: List[Event] = []
    if not _said_this_turn(tracker):
        events.append(BotUttered(conversation_text("cannot_assess"), metadata={UTTER_ACTION_KEY: CANNOT_ASSESS}))
    if tracker.active_loop_name:
        events.append(ActiveLoop(None))
    return events


async def _run_with_safety_net(
    self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any, *args: Any, **kwargs: Any
) -> List[Event]:
    try:
        return await _original_run(self, output_channel, nlg, tracker, domain, *args, **kwargs)
    except ActionExecutionRejection:
        raise
    except Exception as error:  # noqa: BLE001 - any failure must still end in guidance for the family
        return fallback_events(self.name(), error, tracker)


def apply() -> None:
    RemoteAction.run = _run_with_safety_net
    # Rasa waits 5 minutes for a hung action server; a family should not. Read at call time by RemoteAction.
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = float(os.environ.get("ACTION_TIMEOUT_SECONDS", "10"))
