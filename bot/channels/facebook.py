"""Facebook Messenger through Rasa's connector (requests verified with the app secret's
X-Hub-Signature, the webhook verified with the verify token), settings from the environment,
and buttons that degrade: Rasa drops all buttons above Messenger's three and sends text
over the button template's 640 characters, which Messenger rejects. Here the text goes out
in parts, and when the buttons do not fit a button template they become quick replies (up
to 13, titles cut to 20 characters) with any further ones listed as text.
`graph_url` replaces https://graph.facebook.com/v<version> (a local stand-in in the tests).

The webhook is Rasa's, with two changes: refusals answer 403 (Rasa answers 200), and the
newer X-Hub-Signature-256 is checked when Meta sends it.
"""

from typing import Any, Awaitable, Callable, Dict, List, Optional

from fbmessenger import MessengerClient
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput as RasaFacebookInput
from rasa.core.channels.facebook import Messenger
from rasa.core.channels.facebook import MessengerBot as RasaMessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.buttons import listed_titles, shorten
from bot.channels.guarded import guarded
from bot.channels.settings import configured

VARIABLES = {
    "verify": "FACEBOOK_VERIFY_TOKEN",
    "secret": "FACEBOOK_APP_SECRET",
    "page-access-token": "FACEBOOK_PAGE_ACCESS_TOKEN",
    "graph_url": "FACEBOOK_GRAPH_URL",
}
REQUIRED = ["verify", "secret", "page-access-token"]
BUTTON_TEMPLATE_LIMIT = 3
BUTTON_TEMPLATE_TEXT_LIMIT = 640
QUICK_REPLY_LIMIT = 13
QUICK_REPLY_TITLE_LIMIT = 20


class MessengerBot(RasaMessengerBot):
    def __init__(self, messenger_client: MessengerClient, graph_url: Optional[str] = None) -> None:
        super().__init__(messenger_client)
        if graph_url:
            messenger_client.graph_url = graph_url.rstrip("/")

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        *parts, last = text.strip().split("\n\n")
        if parts:
            await self.send_text_message(recipient_id, "\n\n".join(parts))
        if len(buttons) <= BUTTON_TEMPLATE_LIMIT and len(last) <= BUTTON_TEMPLATE_TEXT_LIMIT:
            return await super().send_text_with_buttons(recipient_id, last, buttons, **kwargs)
        shown, listed = buttons[:QUICK_REPLY_LIMIT], buttons[QUICK_REPLY_LIMIT:]
        if listed:
            last = f"{last}\n{listed_titles(listed)}"
        quick_replies = [
            {"title": shorten(button["title"], QUICK_REPLY_TITLE_LIMIT), "payload": button["payload"]}
            for button in shown
        ]
        await self.send_quick_replies(recipient_id, last, quick_replies)


class FacebookInput(RasaFacebookInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        def build(values: Dict[str, Any]) -> InputChannel:
            return cls(values["verify"], values["secret"], values["page-access-token"], values["graph_url"])

        return configured(cls, credentials, VARIABLES, REQUIRED, build)

    def __init__(self, fb_verify: str, fb_secret: str, fb_access_token: str, graph_url: Optional[str] = None) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.graph_url = graph_url

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("facebook_webhook")
        handle = guarded(on_new_message)

        async def with_degrading_buttons(message: UserMessage) -> Any:
            message.output_channel = MessengerBot(message.output_channel.messenger_client, self.graph_url)
            return await handle(message)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["GET"])
        async def verify_webhook(request: Request) -> HTTPResponse:
            if request.args.get("hub.verify_token") == self.fb_verify:
                return response.text(request.args.get("hub.challenge"))
            return response.text("wrong verify token", status=403)

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Hub-Signature-256") or request.headers.get("X-Hub-Signature") or ""
            if not self.validate_hub_signature(self.fb_secret, request.body, signature):
                return response.text("not validated", status=403)
            messenger = Messenger(self.fb_access_token, with_degrading_buttons)
            if self.graph_url:
                messenger.client.graph_url = self.graph_url.rstrip("/")
            await messenger.handle(request.json, self.get_metadata(request))
            return response.text("success")

        return blueprint

    def get_output_channel(self) -> OutputChannel:
        return MessengerBot(MessengerClient(self.fb_access_token), self.graph_url)
