"""Three fixes to Rasa 3.6, installed when the `bot` package is imported (so in every Rasa
process that loads our components, channels or NLG).

Speed. Rasa validates every action server response with `jsonschema.validate(result, schema)`,
which re-checks the schema itself against the JSON Schema 2020-12 meta-schema on every
call: 16 ms per custom action on this machine (35 ms inside a busy server), most of a
topic answer's latency. The same validation with a validator built once for the same
schema costs 0.2 ms. Behaviour is unchanged: the same schema, the same ValidationError
with Rasa's explanation appended.

Speed. To read a stored event back, Rasa finds its class by walking every subclass of
Event, recursively, for every event of every conversation read from the tracker store
(6% of a Rasa server's time under load in the production profile). Here the classes
are looked up in a table built once (and rebuilt if a name is unknown, as a class may be
imported later); the first class with the name wins, as in Rasa's loop.

Waiting. Rasa waits up to 5 minutes for the action server to answer; a hung action server
would keep a person waiting that long. Here the wait is ACTION_TIMEOUT_SECONDS (10 by
default); after it the action fails, and the channel says "I can't reach my answers
right now" (bot/channels/guarded.py).
"""

import os
from functools import lru_cache
from typing import Any, Dict, Optional, Type

import rasa.core.actions.action
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


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


EVENT_CLASSES: Dict[str, Type[Event]] = {}


def _resolve_by_type(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    if type_name not in EVENT_CLASSES:
        for event_class in all_subclasses(Event):
            EVENT_CLASSES.setdefault(event_class.type_name, event_class)
    if type_name in EVENT_CLASSES:
        return EVENT_CLASSES[type_name]
    if type_name == "topic":
        return None  # Rasa's backwards compatibility with old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


DEFAULT_ACTION_TIMEOUT_SECONDS = 10.0


def action_timeout_seconds() -> float:
    return float(os.environ.get("ACTION_TIMEOUT_SECONDS") or DEFAULT_ACTION_TIMEOUT_SECONDS)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    # RemoteAction.run passes this module constant as each call's timeout.
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds()
