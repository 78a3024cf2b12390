"""The real Rasa server and action server with every messaging platform switched on, their
APIs pointed at a local stand-in; what a platform would post is signed as it would sign it."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, NamedTuple, Optional, Tuple

from twilio.request_validator import RequestValidator

from tests.platform_standin import TELEGRAM_BOT_NAME, PlatformStandIn
from tests.rasa_cli import rest_servers

SECRETS = {
    "TELEGRAM_ACCESS_TOKEN": "123456:test-token",
    "TELEGRAM_BOT_NAME": TELEGRAM_BOT_NAME,
    "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
    "TELEGRAM_SECRET_TOKEN": "telegram-secret",
    "SLACK_BOT_TOKEN": "xoxb-test",
    "SLACK_SIGNING_SECRET": "slack-signing-secret",
    "FACEBOOK_VERIFY_TOKEN": "facebook-verify",
    "FACEBOOK_APP_SECRET": "facebook-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "facebook-page-token",
    "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
    "TWILIO_AUTH_TOKEN": "twilio-token",
    "TWILIO_NUMBER": "+15550000000",
    "TWILIO_WEBHOOK_URL": "https://bot.example.org/webhooks/twilio/webhook",
}


class Reply(NamedTuple):
    status: int
    body: str


class Platforms(NamedTuple):
    base_url: str
    standin: PlatformStandIn

    def post(self, path: str, body: bytes, headers: Dict[str, str]) -> Reply:
        request = urllib.request.Request(self.base_url + path, body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())

    def get(self, path: str) -> Reply:
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=30) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())


@contextmanager
def platform_servers(scratch: Path) -> Iterator[Platforms]:
    standin = PlatformStandIn()
    env = {
        **SECRETS,
        "TELEGRAM_API_URL": f"{standin.url}/telegram",
        "SLACK_API_URL": f"{standin.url}/slack/",
        "FACEBOOK_GRAPH_URL": f"{standin.url}/facebook",
        "TWILIO_API_URL": f"{standin.url}/twilio",
    }
    try:
        with rest_servers(scratch, "platforms", env) as (webhook, _):
            yield Platforms(webhook.split("/webhooks/")[0], standin)
    finally:
        standin.close()


def slack_headers(body: bytes, secret: str = SECRETS["SLACK_SIGNING_SECRET"], timestamp: Optional[int] = None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def facebook_signature(body: bytes, secret: str = SECRETS["FACEBOOK_APP_SECRET"]) -> str:
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def twilio_form(fields: Dict[str, str], token: str = SECRETS["TWILIO_AUTH_TOKEN"]) -> Tuple[bytes, Dict[str, str]]:
    signature = RequestValidator(token).compute_signature(SECRETS["TWILIO_WEBHOOK_URL"], fields)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    return urllib.parse.urlencode(fields).encode(), headers


def as_json(payload: dict) -> bytes:
    return json.dumps(payload).encode()
