"""The widget's web server: what it serves, with which headers, and what the widget shows offline."""

import json
import threading
import urllib.error
import urllib.request

import pytest

from bot.widget_server import make_server, widget_content

RASA_URL = "http://localhost:5005"


@pytest.fixture(scope="module")
def widget_url():
    server = make_server("127.0.0.1", 0, RASA_URL)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers, response.read().decode()


def test_the_demo_page_points_its_widget_at_the_rasa_server_under_a_strict_policy(widget_url):
    status, headers, page = get(widget_url + "/")
    assert status == 200 and f'data-server-url="{RASA_URL}"' in page
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "ws://localhost:5005" in policy and "frame-ancestors 'none'" in policy
    assert "<script>" not in page and "cdn" not in page.lower()


@pytest.mark.parametrize("path", ["/widget.js", "/widget.css", "/vendor/socket.io.min.js"])
def test_the_widget_and_its_socket_io_client_are_served_locally_to_any_site(widget_url, path):
    status, headers, body = get(widget_url + path)
    assert status == 200 and body
    assert headers["Access-Control-Allow-Origin"] == "*" and headers["X-Content-Type-Options"] == "nosniff"


def test_the_widget_never_inserts_text_as_html(widget_url):
    _, _, script = get(widget_url + "/widget.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


@pytest.mark.parametrize("path", ["/../README.md", "/web/widget.js", "/bot/widget_server.py", "/node_modules/"])
def test_nothing_outside_the_listed_files_is_served(widget_url, path):
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(widget_url + path)
    assert refused.value.code == 404


def test_offline_content_has_the_disclaimer_and_the_lines_for_the_browsers_locale(widget_url):
    _, headers, body = get(widget_url + "/widget/content.json?locale=en-AU")
    content = json.loads(body)
    assert "automated assistant" in content["disclaimer"]
    assert "Lifeline: call 13 11 14" in content["crisis_resources"] and "000" in content["crisis_resources"]


def test_an_unknown_locale_gets_the_international_lines():
    content = widget_content("xx-ZZ")
    assert "findahelpline.com" in content["crisis_resources"] and "{" not in content["crisis_resources"]
