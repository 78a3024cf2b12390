"""Slack through Rasa's connector, with settings from the environment, requests verified with
the signing secret (Rasa refuses unsigned ones), the Web API address replaceable (`api_url`,
for a local stand-in in the tests), messages posted without Rasa's `as_user=True` (Slack
refuses it from the bot tokens of today's Slack apps: "invalid_arguments"), and buttons
that degrade instead of vanishing:

Rasa drops every button when there are more than five and sends the whole text in one
section block, which Slack rejects above 3,000 characters. Here the text goes out in
parts, up to 25 buttons (Slack's limit for one actions block) follow the last part with
titles cut to Slack's 75 characters, and any further ones are listed as text.
"""

from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot as RasaSlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.buttons import listed_titles, shorten
from bot.channels.guarded import guarded
from bot.channels.settings import configured

VARIABLES = {
    "slack_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_channel": "SLACK_CHANNEL",
    "api_url": "SLACK_API_URL",
}
REQUIRED = ["slack_token", "slack_signing_secret"]
BUTTONS_PER_BLOCK = 25
BUTTON_TITLE_LIMIT = 75


class SlackBot(RasaSlackBot):
    def __init__(self, token: str, slack_channel: Optional[str], thread_id: Optional[str], api_url: Optional[str]):
        super().__init__(token, slack_channel, thread_id)
        if api_url:
            self.client = AsyncWebClient(token, base_url=api_url.rstrip("/") + "/")

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)
        await super()._post_message(channel, **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        recipient = self.slack_channel or recipient_id
        shown, listed = buttons[:BUTTONS_PER_BLOCK], buttons[BUTTONS_PER_BLOCK:]
        if listed:
            text = f"{text}\n{listed_titles(listed)}"
        *parts, last = text.strip().split("\n\n")
        for part in parts:
            await self._post_message(channel=recipient, text=part)
        elements = [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": shorten(button["title"], BUTTON_TITLE_LIMIT)},
                "value": button["payload"],
            }
            for button in shown
        ]
        blocks = [
            {"type": "section", "text": {"type": "plain_text", "text": last}},
            {"type": "actions", "elements": elements},
        ]
        await self._post_message(channel=recipient, text=last, blocks=blocks)


class SlackInput(RasaSlackInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return configured(cls, credentials, VARIABLES, REQUIRED)

    def __init__(
        self,
        slack_token: str,
        slack_signing_secret: str,
        slack_channel: Optional[str] = None,
        api_url: Optional[str] = None,
    ) -> None:
        super().__init__(
            slack_token,
            slack_channel,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            slack_signing_secret=slack_signing_secret,
        )
        self.api_url = api_url

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guarded(on_new_message))

    def get_output_channel(self, channel: Optional[str] = None, thread_id: Optional[str] = None) -> OutputChannel:
        return SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.api_url)
