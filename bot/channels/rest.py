"""Rasa's REST channel (POST {"sender": "<id>", "message": "<text>", "metadata": {...}} to
/webhooks/rest/webhook) behind the input guard, and honest about failure: 503 with the
message that says so when the bot could not answer (Rasa answers `200 []`), 400 for a
request without a sender. Rasa's `?stream=true` variant is not offered."""

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guarded import guarded

MAX_SENDER_LENGTH = 200
USAGE = {"error": 'POST JSON like {"sender": "<conversation id>", "message": "<text>"}'}


class RestInput(RasaRestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message)
        blueprint = Blueprint("rest_webhook")

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json
            sender = body.get("sender") if isinstance(body, dict) else None
            if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_LENGTH:
                return response.json(USAGE, status=400)
            metadata = body.get("metadata")
            collector = CollectingOutputChannel()
            message = UserMessage(
                body.get("message"),
                collector,
                sender,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else None,
            )
            answered = await handle(message)
            return response.json(collector.messages, status=200 if answered else 503)

        return blueprint
