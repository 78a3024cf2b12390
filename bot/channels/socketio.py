"""The web widget's channel: Rasa's socket.io connector that accepts connections only from
the configured origins (`allowed_origins` in credentials.yml, else CORS_ORIGINS, a space- or
comma-separated list; "*" allows every origin). Rasa's own accepts every origin.

Browsers do not apply CORS to WebSockets, so the Origin header is checked when a connection
opens. Clients that send no Origin are not browsers and could send any, so they are let in.
"""

import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from bot.channels.guarded import guarded

logger = logging.getLogger(__name__)

DEFAULT_ORIGINS = "http://localhost:8080 http://127.0.0.1:8080"


def parse_origins(value: Any) -> List[str]:
    if isinstance(value, list):
        return [str(origin).rstrip("/") for origin in value]
    return [origin.rstrip("/") for origin in str(value).replace(",", " ").split()]


class SocketIOInput(RasaSocketIOInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = dict(credentials or {})
        origins = credentials.pop("allowed_origins", None) or os.environ.get("CORS_ORIGINS") or DEFAULT_ORIGINS
        channel = super().from_credentials(credentials)
        channel.allowed_origins = parse_origins(origins)
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(guarded(on_new_message))
        handlers = self.sio.handlers[self.namespace or "/"]
        connect = handlers["connect"]

        async def connect_from_allowed_origin(sid: str, environ: Dict, auth: Optional[Dict]) -> bool:
            origin = (environ.get("HTTP_ORIGIN") or "").rstrip("/")
            if "*" not in self.allowed_origins and origin and origin not in self.allowed_origins:
                logger.warning("Refused a socket.io connection from origin %s (not in CORS_ORIGINS).", origin)
                return False
            return await connect(sid, environ, auth)

        handlers["connect"] = connect_from_allowed_origin
        return blueprint
