"""Every change to Rasa's behaviour is listed in components/rasa_patches.py and is in place after start-up."""

import rasa.core.actions.action
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler

from components import rasa_patches, rasa_speedups, safety_net, text_only
from stores import tracker_store


def test_each_patch_says_what_it_replaces_why_and_where_rasa_needs_it():
    for patch in rasa_patches.PATCHES:
        assert patch.replaces.startswith("rasa.") and patch.why and patch.see, patch.name


def test_start_up_puts_every_rasa_server_patch_in_place_and_twice_changes_nothing():
    rasa_patches.apply_all()
    rasa_patches.apply_all()
    assert RegexMessageHandler.process is text_only._leave_text_as_text
    assert RemoteAction.run is safety_net._run_with_safety_net
    assert safety_net._original_run is not safety_net._run_with_safety_net  # no wrapping of itself
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
    assert rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT <= 30


def test_the_tracker_store_patch_makes_store_errors_fail_the_turn():
    rasa_patches.apply("tracker_store_errors")
    assert FailSafeTrackerStore.on_tracker_store_error is tracker_store._fail_instead_of_forking
