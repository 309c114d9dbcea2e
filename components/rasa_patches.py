"""Every change this project makes to Rasa 3.6's own behaviour, in one list: what each replaces, why, and
the Rasa issue or code behind it. Nothing here is applied on import. `apply_all()` is called once at
start-up by the NLU component (components/findings_extractor.py), which Rasa loads in every server
process; the tracker store applies its own entry when it is created (stores/tracker_store.py), since it
only makes sense with that store. tests/unit/test_rasa_patches.py checks each one is in place.
"""

from dataclasses import dataclass
from typing import Callable, Dict, Tuple


@dataclass(frozen=True)
class Patch:
    name: str
    replaces: str  # the Rasa attribute replaced
    why: str
    see: str  # the Rasa issue, or the Rasa code, that makes it needed
    apply: Callable[[], None]


def _text_only() -> None:
    from components import text_only

    text_only.apply()


def _safety_net() -> None:
    from components import safety_net

    safety_net.apply()


def _fast_validation() -> None:
    from components import rasa_speedups

    rasa_speedups.apply()


def _tracker_store_errors() -> None:
    from stores import tracker_store

    tracker_store.fail_turns_instead_of_forking()


PATCHES: Tuple[Patch, ...] = (
    Patch(
        "text_only",
        "rasa.nlu.classifiers.regex_message_handler.RegexMessageHandler.process",
        "a family's '/restart' or '/greet{...}' is text: never an intent, a command or an entity",
        "rasa/nlu/classifiers/regex_message_handler.py (reads '/intent{entities}' on every channel)",
        _text_only,
    ),
    Patch(
        "safety_net",
        "rasa.core.actions.action.RemoteAction.run (and DEFAULT_REQUEST_TIMEOUT)",
        "a failed or hung action server ends in safety guidance with the numbers, not in silence",
        "rasa/core/actions/action.py RemoteAction.run logs the error and drops the action's events",
        _safety_net,
    ),
    Patch(
        "fast_validation",
        "rasa.core.actions.action.RemoteAction._validate_action_result",
        "the action response schema is checked with a validator built once, not re-checked per call",
        "RasaHQ/rasa#11717 (57% of the Rasa server's time under load)",
        _fast_validation,
    ),
    Patch(
        "tracker_store_errors",
        "rasa.core.tracker_store.FailSafeTrackerStore.on_tracker_store_error",
        "a tracker store failure fails the turn (so the channel gives guidance), not a forked in-memory store",
        "rasa/core/tracker_store.py FailSafeTrackerStore falls back to an InMemoryTrackerStore",
        _tracker_store_errors,
    ),
)
BY_NAME: Dict[str, Patch] = {patch.name: patch for patch in PATCHES}
AT_START_UP = ("text_only", "safety_net", "fast_validation")


def apply(name: str) -> None:
    BY_NAME[name].apply()


def apply_all() -> None:
    """The patches every Rasa server process needs; applying them twice changes nothing."""
    for name in AT_START_UP:
        apply(name)
