"""Two fixes to Rasa 3.6, installed when the `bot` package is imported (so in every Rasa
process that loads our components, channels or NLG).

Speed. Rasa validates every action server response with `jsonschema.validate(result, schema)`,
which re-checks the schema itself against the JSON Schema 2020-12 meta-schema on every
call: 16 ms per custom action on this machine (35 ms inside a busy server), most of a
topic answer's latency. The same validation with a validator built once for the same
schema costs 0.2 ms. Behaviour is unchanged: the same schema, the same ValidationError
with Rasa's explanation appended.

Waiting. Rasa waits up to 5 minutes for the action server to answer; a hung action server
would keep a person waiting that long. Here the wait is ACTION_TIMEOUT_SECONDS (10 by
default); after it the action fails, and the channel says "I can't reach my answers
right now" (bot/channels/guarded.py).
"""

import os
from functools import lru_cache
from typing import Any, Dict

import rasa.core.actions.action
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    try:
        _action_response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error


DEFAULT_ACTION_TIMEOUT_SECONDS = 10.0


def action_timeout_seconds() -> float:
    return float(os.environ.get("ACTION_TIMEOUT_SECONDS") or DEFAULT_ACTION_TIMEOUT_SECONDS)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    # RemoteAction.run passes this module constant as each call's timeout.
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds()
