"""The web widget's server (port 8080 by default): a demo page, the embeddable widget and
everything it needs, served locally (no CDN, works offline).

    /                          demo page with the widget open
    /widget.js, /widget.css    the widget, embeddable in any site with one script tag
    /vendor/socket.io.min.js   socket.io client, from node_modules (npm ci)
    /widget/content.json       the disclaimer and the crisis resources for ?locale=en-GB,
                               from domain.yml and data/crisis/resources.yml, so "Need help now?"
                               works even when the Rasa server cannot be reached
"""

import argparse
import html
import json
import logging
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from bot.crisis import load_yaml
from bot.crisis.resources import load_resources

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RASA_URL = "http://localhost:5005"
ASSETS: Dict[str, Tuple[Path, str]] = {
    "/widget.js": (ROOT / "web" / "widget.js", "text/javascript; charset=utf-8"),
    "/widget.css": (ROOT / "web" / "widget.css", "text/css; charset=utf-8"),
    "/page.css": (ROOT / "web" / "page.css", "text/css; charset=utf-8"),
    "/vendor/socket.io.min.js": (
        ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js",
        "text/javascript; charset=utf-8",
    ),
}
DEMO_PAGE = ROOT / "web" / "index.html"

logger = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def _responses() -> Dict[str, list]:
    return load_yaml(ROOT / "domain.yml")["responses"]


def widget_content(locale: Optional[str]) -> Dict[str, str]:
    """What the widget shows without asking the Rasa server: the disclaimer, and the support
    lines for the browser's locale (the international ones when it names no known region)."""
    resources = load_resources()
    variables = resources.template_variables(resources.region_for_locale(locale))
    crisis = _responses()["utter_crisis_resources"][0]["text"].format(**variables)
    return {
        "disclaimer": _responses()["utter_disclaimer"][0]["text"],
        "crisis_resources": "\n".join(line.strip() for line in crisis.split("\n") if line.strip()),
    }


def demo_page(rasa_url: str) -> str:
    return DEMO_PAGE.read_text().replace("{{rasa_url}}", html.escape(rasa_url, quote=True))


def content_security_policy(rasa_url: str) -> str:
    websocket_url = "ws" + rasa_url[len("http") :] if rasa_url.startswith("http") else rasa_url
    return (
        f"default-src 'self'; connect-src 'self' {rasa_url} {websocket_url}; "
        "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def make_handler(rasa_url: str):
    class WidgetHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                self._send(demo_page(rasa_url).encode(), "text/html; charset=utf-8", {
                    "Content-Security-Policy": content_security_policy(rasa_url),
                    "Referrer-Policy": "no-referrer",
                })
            elif url.path == "/widget/content.json":
                locale = parse_qs(url.query).get("locale", [None])[0]
                body = json.dumps(widget_content(locale)).encode()
                self._send(body, "application/json", {"Access-Control-Allow-Origin": "*"})
            elif url.path in ASSETS:
                path, content_type = ASSETS[url.path]
                if not path.exists():
                    self.send_error(500, f"{path.relative_to(ROOT)} is missing: run `make install`")
                    return
                self._send(path.read_bytes(), content_type, {"Access-Control-Allow-Origin": "*"})
            else:
                self.send_error(404)

        def _send(self, body: bytes, content_type: str, headers: Dict[str, str]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-cache")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            logger.debug(format, *args)

    return WidgetHandler


def make_server(host: str, port: int, rasa_url: str) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), make_handler(rasa_url.rstrip("/")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default=DEFAULT_RASA_URL, help="the Rasa server the demo page's widget talks to")
    args = parser.parse_args()
    server = make_server(args.host, args.port, args.rasa_url)
    print(f"Widget: http://{args.host}:{args.port}/ (talking to {args.rasa_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
