"""Channel settings: credentials.yml first, else environment variables, so no secret is in the repo.

A channel whose required settings are missing is switched off: its webhook answers 503
and names the variables to set, and the other channels keep working.
"""

import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


def read_settings(credentials: Optional[Mapping[str, Any]], variables: Mapping[str, str]) -> Dict[str, Any]:
    """Each setting from credentials.yml when given there, else from its environment variable."""
    credentials = credentials or {}
    return {key: credentials.get(key) or os.environ.get(variable) or None for key, variable in variables.items()}


def missing_variables(values: Mapping[str, Any], variables: Mapping[str, str], required: List[str]) -> List[str]:
    return [variables[key] for key in required if not values.get(key)]


def configured(
    channel_class: Any,
    credentials: Optional[Mapping[str, Any]],
    variables: Mapping[str, str],
    required: List[str],
    build: Optional[Callable[[Dict[str, Any]], InputChannel]] = None,
) -> InputChannel:
    """The channel built from its settings (by `build`, else with them as keyword arguments), or,
    when a required one is missing, a SwitchedOffChannel that names the variables to set."""
    values = read_settings(credentials, variables)
    missing = missing_variables(values, variables, required)
    if missing:
        return SwitchedOffChannel(channel_class.name(), missing)
    return build(values) if build else channel_class(**values)


class SwitchedOffChannel(InputChannel):
    """Stands in for a platform channel whose settings are missing."""

    def __init__(self, channel_name: str, missing: List[str]) -> None:
        self.channel_name = channel_name
        self.missing = missing
        logger.info("The %s channel is off; to switch it on set %s (README).", channel_name, ", ".join(missing))

    def url_prefix(self) -> str:
        return self.channel_name

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint(f"{self.channel_name}_switched_off")
        reason = {"status": "off", "set": self.missing}

        @blueprint.route("/", methods=["GET"])
        @blueprint.route("/webhook", methods=["GET", "POST"])
        async def switched_off(_: Request) -> HTTPResponse:
            return response.json(reason, status=503)

        return blueprint
