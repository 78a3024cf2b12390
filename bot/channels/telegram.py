"""Telegram through Rasa's connector, with settings from the environment and three additions:

- `api_url`: the Bot API server to use; Telegram's own by default, or a self-hosted one
  (https://github.com/tdlib/telegram-bot-api), or a local stand-in in the tests;
- `secret_token`: registered with the webhook; updates without it are refused, so nobody
  but Telegram can make the bot write to a chat;
- buttons one per row, so long titles are not cut; a button whose payload exceeds
  Telegram's 64-byte callback limit is listed as text instead.
"""

import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional

from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from sanic import Blueprint, response

from bot.channels.buttons import listed_titles
from bot.channels.guarded import guarded
from bot.channels.settings import configured

logger = logging.getLogger(__name__)

VARIABLES = {
    "access_token": "TELEGRAM_ACCESS_TOKEN",
    "verify": "TELEGRAM_BOT_NAME",
    "webhook_url": "TELEGRAM_WEBHOOK_URL",
    "secret_token": "TELEGRAM_SECRET_TOKEN",
    "api_url": "TELEGRAM_API_URL",
}
REQUIRED = ["access_token", "verify", "webhook_url"]
CALLBACK_DATA_LIMIT = 64
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's own commands, said in words the bot understands.
COMMANDS = {"/start": "/greet", "/help": "/help"}


class TelegramOutput(RasaTelegramOutput):
    def __init__(self, access_token: str, api_url: Optional[str] = None, secret_token: Optional[str] = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else None
        # Rasa's __init__ only hands the token to aiogram's Bot; this hands it the API server as well.
        super(RasaTelegramOutput, self).__init__(access_token, **({"server": server} if server else {}))
        self.secret_token = secret_token

    async def set_webhook(self, url: str, **kwargs: Any) -> bool:
        payload = {"url": url, **({"secret_token": self.secret_token} if self.secret_token else {})}
        return await self.request("setWebhook", payload)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        fitting = [b for b in buttons if len(b["payload"].encode()) <= CALLBACK_DATA_LIMIT]
        listed = [b for b in buttons if b not in fitting]
        if listed:
            text = f"{text}\n{listed_titles(listed)}"
        keyboard = InlineKeyboardMarkup(row_width=1)
        keyboard.add(*(InlineKeyboardButton(b["title"], callback_data=b["payload"]) for b in fitting))
        *parts, last = text.strip().split("\n\n")
        for part in parts:
            await self.send_message(recipient_id, part)
        await self.send_message(recipient_id, last, reply_markup=keyboard if fitting else None)


class TelegramInput(RasaTelegramInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return configured(cls, credentials, VARIABLES, REQUIRED)

    def __init__(
        self,
        access_token: str,
        verify: str,
        webhook_url: str,
        secret_token: Optional[str] = None,
        api_url: Optional[str] = None,
    ) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode=False)
        self.secret_token = secret_token
        self.api_url = api_url

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message)

        async def with_commands_in_words(message: UserMessage) -> Any:
            message.text = COMMANDS.get((message.text or "").strip(), message.text)
            return await handle(message)

        blueprint = super().blueprint(with_commands_in_words)

        @blueprint.listener("after_server_start")
        async def register_webhook(app: Any, loop: Any) -> None:
            try:
                await self.get_output_channel().set_webhook(self.webhook_url)
            except Exception as error:  # noqa: BLE001 - Telegram being unreachable must not stop the other channels
                logger.error("Telegram: webhook not registered (%s); retry: GET /webhooks/telegram/set_webhook", error)

        @blueprint.middleware("request")
        async def refuse_unsigned(request: Any) -> Optional[Any]:
            if not self.secret_token or request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), self.secret_token):
                return response.text("wrong or missing secret token", status=403)
            return None

        return blueprint

    def get_output_channel(self) -> TelegramOutput:
        # Rasa registers the webhook here with asyncio.run, which ties the client to a loop that is then
        # closed; it is registered once the server runs instead (`register_webhook`).
        return TelegramOutput(self.access_token, self.api_url, self.secret_token)
