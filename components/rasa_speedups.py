"""Rasa 3.6 validates every action server response with jsonschema.validate(), which first re-checks
the fixed response schema against the JSON Schema metaschema on every call. Under load that was 57% of
the Rasa server's time (profiled with py-spy; RasaHQ/rasa#11717). This does the same validation with a
validator built once: invalid responses are still rejected with the same error.
"""

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _response_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        _response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            f". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise


def apply() -> None:
    RemoteAction._validate_action_result = _validate_action_result
