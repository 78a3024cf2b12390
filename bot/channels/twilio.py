"""Twilio (SMS and WhatsApp) through Rasa's connector, with settings from the environment and
two additions Rasa lacks:

- every webhook request must carry a valid X-Twilio-Signature for `webhook_url` (the public
  address configured at Twilio), so nobody else can make the bot text a number;
- buttons become one numbered list in the message, and a reply of "2" picks the second
  (Rasa sends each button as its own paid SMS, payload included).

`api_url` replaces https://api.twilio.com (a local stand-in in the tests).
"""

from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput as RasaTwilioInput
from rasa.core.channels.twilio import TwilioOutput as RasaTwilioOutput
from sanic import Blueprint, response
from twilio.request_validator import RequestValidator

from bot.channels.buttons import NumberedChoices
from bot.channels.guarded import guarded
from bot.channels.settings import configured

VARIABLES = {
    "account_sid": "TWILIO_ACCOUNT_SID",
    "auth_token": "TWILIO_AUTH_TOKEN",
    "twilio_number": "TWILIO_NUMBER",
    "webhook_url": "TWILIO_WEBHOOK_URL",
    "api_url": "TWILIO_API_URL",
}
REQUIRED = ["account_sid", "auth_token", "twilio_number", "webhook_url"]


class TwilioOutput(RasaTwilioOutput):
    def __init__(self, account_sid: str, auth_token: str, twilio_number: str, choices: NumberedChoices, api_url=None):
        super().__init__(account_sid, auth_token, twilio_number)
        self.choices = choices
        if api_url:
            self.api.base_url = api_url.rstrip("/")

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.choices.forget(recipient_id)
        await super().send_text_message(recipient_id, text, **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await super().send_text_message(recipient_id, f"{text}\n\n{self.choices.offer(recipient_id, buttons)}")


class TwilioInput(RasaTwilioInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return configured(cls, credentials, VARIABLES, REQUIRED)

    def __init__(self, account_sid: str, auth_token: str, twilio_number: str, webhook_url: str, api_url=None):
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.webhook_url = webhook_url
        self.api_url = api_url
        self.validator = RequestValidator(auth_token)
        self.choices = NumberedChoices()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message)

        async def with_numbers_as_choices(message: UserMessage) -> Any:
            message.text = self.choices.resolve(message.sender_id, message.text)
            return await handle(message)

        blueprint = super().blueprint(with_numbers_as_choices)

        @blueprint.middleware("request")
        async def refuse_unsigned(request: Any) -> Optional[Any]:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            form = {key: values[0] for key, values in request.form.items()}
            signature = request.headers.get("X-Twilio-Signature", "")
            if not self.validator.validate(self.webhook_url, form, signature):
                return response.text("invalid or missing X-Twilio-Signature", status=403)
            return None

        return blueprint

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.choices, self.api_url)
