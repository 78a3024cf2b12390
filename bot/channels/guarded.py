"""What every channel does with a message around Rasa's handling of it:

- the text passes the input guard (bot/input_guard.py) first;
- if Rasa sent no reply at all (a custom action failed: the action server down, slow or
  broken, which Rasa only logs; or the tracker store's database stayed unreachable), the
  person is told so, with a support line, instead of getting silence.

Each channel class of this package hands Rasa `guarded(on_new_message)`, innermost, so a
channel's own translations (Telegram commands, Twilio numbers) happen before the guard.
"""

import logging
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.crisis.resources import load_resources
from bot.input_guard import load_guard
from bot.stores import StoreUnavailable

logger = logging.getLogger(__name__)

Handler = Callable[[UserMessage], Awaitable[Any]]


def no_answer_text(metadata: Dict[str, Any]) -> str:
    resources = load_resources()
    regions = (resources.region_from_channel(metadata.get(key)) for key in ("region", "locale"))
    region = next(filter(None, regions), None)
    return load_guard().no_answer.format(**resources.template_variables(region))


class CountingOutput(OutputChannel):
    """The message's output channel, counting what Rasa sends through it. A wrapper per message,
    because some channels (Telegram) share one output channel between all messages."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)


def guarded(on_new_message: Handler) -> Callable[[UserMessage], Awaitable[bool]]:
    """`on_new_message` behind the input guard; the result says whether the bot answered."""

    async def handle(message: UserMessage) -> bool:
        message.text = load_guard().admit(message.text)
        output = message.output_channel = CountingOutput(message.output_channel)
        try:
            await on_new_message(message)
        except (Exception, StoreUnavailable):  # noqa: BLE001 - whatever failed, never leave the person in silence
            logger.exception("Handling a message failed")
        if output.sent:
            return True
        logger.error("No reply was sent for a message on %s; told the person.", message.input_channel)
        metadata = message.metadata if isinstance(message.metadata, dict) else {}
        await output.inner.send_text_message(message.sender_id, no_answer_text(metadata))
        return False

    return handle
