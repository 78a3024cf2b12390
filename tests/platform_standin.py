"""A local stand-in for the platforms' APIs (Telegram Bot API, Slack Web API, Twilio REST API,
Facebook Graph API): answers like them and records every call, so tests see what the bot sent."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, NamedTuple

TELEGRAM_BOT_NAME = "attachment_test_bot"


class Call(NamedTuple):
    platform: str
    method: str
    fields: Dict[str, Any]


def _fields(content_type: str, body: bytes) -> Dict[str, Any]:
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    fields = {key: values[0] for key, values in urllib.parse.parse_qs(body.decode()).items()}
    for key in ("reply_markup", "quick_replies"):
        if key in fields:
            fields[key] = json.loads(fields[key])
    return fields


def _reply(platform: str, method: str, fields: Dict[str, Any]) -> Any:
    if platform == "telegram":
        results = {
            "getMe": {"id": 1, "is_bot": True, "first_name": "Test", "username": TELEGRAM_BOT_NAME},
            "sendMessage": {"message_id": 1, "date": 0, "chat": {"id": fields.get("chat_id"), "type": "private"}},
        }
        return {"ok": True, "result": results.get(method, True)}
    if platform == "slack":
        if "as_user" in fields:  # what Slack answers to the bot token of a current Slack app
            return {"ok": False, "error": "invalid_arguments", "deprecated_argument": "as_user"}
        return {"ok": True, "channel": fields.get("channel"), "ts": "1700000000.000100"}
    if platform == "twilio":
        return {"sid": "SM00000000000000000000000000000001", "status": "queued", "body": fields.get("Body")}
    return {"recipient_id": "1", "message_id": "m_1"}


class PlatformStandIn:
    def __init__(self) -> None:
        self.calls: List[Call] = []
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                platform, _, rest = self.path.lstrip("/").partition("/")
                method = urllib.parse.urlparse(rest).path.rsplit("/", 1)[-1]
                fields = _fields(self.headers.get("Content-Type", ""), body)
                standin.calls.append(Call(platform, method, fields))
                answer = json.dumps(_reply(platform, method, fields)).encode()
                self.send_response(201 if platform == "twilio" else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sent(self, platform: str, method: str) -> List[Dict[str, Any]]:
        return [call.fields for call in self.calls if call.platform == platform and call.method == method]

    def wait_for(self, platform: str, method: str, check: Callable[[List[Dict[str, Any]]], bool], seconds=30):
        """The calls of `method` once `check` accepts them (replies may arrive after the webhook answered)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            calls = self.sent(platform, method)
            if check(calls):
                return calls
            time.sleep(0.1)
        got = self.sent(platform, method)
        raise AssertionError(f"{platform} {method}: no matching call within {seconds}s; got {got}")
