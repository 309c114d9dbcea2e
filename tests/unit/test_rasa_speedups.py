"""The cached action-response validation rejects what Rasa's own validation rejects."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from components import rasa_speedups


def test_valid_and_invalid_action_responses():
    rasa_speedups.apply()
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}], "responses": []})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": [{"no_event_key": 1}]})
