"""Facebook Messenger through Rasa's connector (requests verified with the app secret's
X-Hub-Signature, the webhook verified with the verify token), settings from the environment,
and buttons that degrade: Rasa drops all buttons above Messenger's three; here more than
three become quick replies (up to 13, titles cut to 20 characters) and the rest a list.
"""

from typing import Any, Awaitable, Callable, Dict, List, Optional

from fbmessenger import MessengerClient
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput as RasaFacebookInput
from rasa.core.channels.facebook import MessengerBot as RasaMessengerBot
from sanic import Blueprint

from bot.channels.buttons import numbered_list, shorten
from bot.channels.settings import SwitchedOffChannel, missing_variables, read_settings

VARIABLES = {
    "verify": "FACEBOOK_VERIFY_TOKEN",
    "secret": "FACEBOOK_APP_SECRET",
    "page-access-token": "FACEBOOK_PAGE_ACCESS_TOKEN",
}
REQUIRED = list(VARIABLES)
BUTTON_TEMPLATE_LIMIT = 3
QUICK_REPLY_LIMIT = 13
QUICK_REPLY_TITLE_LIMIT = 20


class MessengerBot(RasaMessengerBot):
    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        if len(buttons) <= BUTTON_TEMPLATE_LIMIT:
            return await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)
        shown, listed = buttons[:QUICK_REPLY_LIMIT], buttons[QUICK_REPLY_LIMIT:]
        if listed:
            text = f"{text}\n{numbered_list(listed)}"
        quick_replies = [
            {"title": shorten(button["title"], QUICK_REPLY_TITLE_LIMIT), "payload": button["payload"]}
            for button in shown
        ]
        await self.send_quick_replies(recipient_id, text, quick_replies)


class FacebookInput(RasaFacebookInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        values = read_settings(credentials, VARIABLES)
        missing = missing_variables(values, VARIABLES, REQUIRED)
        if missing:
            return SwitchedOffChannel(cls.name(), missing)
        return cls(values["verify"], values["secret"], values["page-access-token"])

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def with_degrading_buttons(message: UserMessage) -> Any:
            message.output_channel = MessengerBot(message.output_channel.messenger_client)
            return await on_new_message(message)

        return super().blueprint(with_degrading_buttons)

    def get_output_channel(self) -> OutputChannel:
        return MessengerBot(MessengerClient(self.fb_access_token))
