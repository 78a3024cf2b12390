"""The web widget in a real headless Chromium against the real servers: the demo page, the same
widget embedded in a page of another origin, accessibility (axe-core), narrow screens, reload,
quick exit, an unreachable server and an origin that is not allowed."""

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

from bot.widget_server import make_server
from tests.rasa_cli import LOGS, ROOT, free_port, require_model, rest_servers, server, stop

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SAMARITANS = "Samaritans: call 116 123"
EMBEDDING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site</title><link rel="icon" href="data:,"></head>
<body><main><h1>Another site</h1><p>A page of another origin that embeds the widget.</p></main>
<script src="{widget}/widget.js" data-server-url="{rasa}" data-title="Help chat"
        data-initial-message="/greet" data-exit-url="{site}/neutral.html" data-open="true"></script>
</body></html>"""
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"


class Sites(NamedTuple):
    widget: str  # our widget server: the demo page and widget.js
    site: str  # another origin that embeds the widget, allowed in CORS_ORIGINS
    foreign_site: str  # an origin that embeds it but is not allowed


@contextmanager
def serving(server: http.server.HTTPServer):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def static_site(directory: Path, port: int) -> http.server.HTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(directory)))


def write_site(directory: Path, widget: str, rasa: str, site: str) -> None:
    directory.mkdir()
    page = EMBEDDING_PAGE.format(widget=widget, rasa=rasa, site=site)
    (directory / "index.html").write_text(page)
    (directory / "down.html").write_text(page.replace(rasa, f"http://127.0.0.1:{free_port()}"))
    (directory / "neutral.html").write_text(NEUTRAL_PAGE)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)")
    scratch = tmp_path_factory.mktemp("widget")
    ports = {name: free_port() for name in ("widget", "site", "foreign")}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    with rest_servers(scratch, "widget", {"CORS_ORIGINS": f"{urls['widget']} {urls['site']}"}) as (webhook, _):
        rasa = webhook.split("/webhooks/")[0]
        write_site(scratch / "site", urls["widget"], rasa, urls["site"])
        write_site(scratch / "foreign", urls["widget"], rasa, urls["foreign"])
        with serving(make_server("127.0.0.1", ports["widget"], rasa)), serving(
            static_site(scratch / "site", ports["site"])
        ), serving(static_site(scratch / "foreign", ports["foreign"])):
            yield Sites(urls["widget"], urls["site"], urls["foreign"])


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    # en-GB, so the widget's locale metadata should bring the UK's lines; CSP bypassed only to inject axe.
    context = browser.new_context(locale="en-GB", viewport={"width": 1024, "height": 800}, bypass_csp=True)
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    yield opened
    context.close()


class Widget:
    """The widget on a page, as a person sees and uses it."""

    def __init__(self, page) -> None:
        self.page = page

    def open(self, url: str) -> "Widget":
        self.page.goto(url)
        return self

    def messages(self, who: str = "bot"):
        return self.page.locator(f".msg.{who}")

    def wait_for_bot_messages(self, count: int) -> None:
        self.page.wait_for_function(
            "n => document.querySelector('[data-attachment-chat]').shadowRoot.querySelectorAll('.msg.bot').length >= n",
            arg=count,
        )

    def say(self, text: str) -> str:
        def type_it() -> None:
            self.page.fill("#awc-input", text)
            self.page.press("#awc-input", "Enter")

        return self.reply_to(type_it)

    def reply_to(self, act) -> str:
        """Everything the bot says after `act()` (a reply may come in several messages)."""
        before = self.messages().count()
        act()
        self.wait_for_bot_messages(before + 1)
        self.page.wait_for_timeout(300)
        return "\n".join(self.messages().all_inner_texts()[before:])

    def greeted(self) -> "Widget":
        self.wait_for_bot_messages(1)
        self.page.wait_for_timeout(300)
        return self

    def status(self) -> str:
        return self.page.locator(".status").inner_text()

    def wait_for_status(self, pattern: str) -> None:
        """Until the status line matches the regular expression `pattern`."""
        self.page.wait_for_function(
            "pattern => new RegExp(pattern).test(document.querySelector('[data-attachment-chat]')"
            ".shadowRoot.querySelector('.status').textContent)",
            arg=pattern,
        )

    def accessibility_violations(self) -> list:
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", WCAG_RULES
        )
        return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


def test_a_conversation_on_the_demo_page(sites, page):
    widget = Widget(page).open(sites.widget + "/")
    disclaimer = page.locator(".disclaimer")
    assert "automated assistant" in disclaimer.inner_text() and "clinician" in disclaimer.inner_text()
    widget.greeted()

    answer = widget.say("what is secure attachment?")
    assert "Secure Attachment" in answer
    follow_up = page.locator(".msg.bot .choices button").last
    title = follow_up.inner_text()
    assert title == "Secure: mental health"
    assert "lower rates of anxiety" in widget.reply_to(follow_up.click)
    assert widget.messages("user").last.inner_text().endswith(title)

    crisis = widget.say("i want to end my life")
    assert SAMARITANS in crisis and "safe" in crisis

    assert SAMARITANS in widget.reply_to(page.get_by_role("button", name="Need help now?").click)
    LOGS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(LOGS / "widget.png"))

    assert widget.accessibility_violations() == []


def test_the_accessibility_check_sees_inside_the_widget(sites, page):
    """axe-core must reach the widget's shadow root, or its clean result above would mean nothing."""
    Widget(page).open(sites.widget + "/").greeted()
    page.evaluate(
        "() => document.querySelector('[data-attachment-chat]').shadowRoot"
        ".querySelector('.composer').appendChild(document.createElement('input'))"
    )
    assert "label" in [violation[0] for violation in Widget(page).accessibility_violations()]


def test_texts_are_never_html_and_only_safe_links_are_made(sites, page):
    widget = Widget(page).open(sites.widget + "/").greeted()
    page.evaluate("window.attacked = false")
    typed = "<img src=x onerror=\"window.attacked=true\"> [tap](javascript:window.attacked=true) see https://example.org/a"
    widget.say(typed)
    mine = widget.messages("user").last
    assert typed in mine.inner_text()
    assert mine.locator("img").count() == 0
    links = mine.locator("a")
    assert links.count() == 1
    assert links.first.get_attribute("href") == "https://example.org/a"
    assert links.first.get_attribute("rel") == "noopener noreferrer"
    assert page.evaluate("window.attacked") is False


def test_the_bots_addresses_become_links(sites, page):
    widget = Widget(page).open(sites.widget + "/").greeted()
    widget.say("what is secure attachment?")
    hrefs = widget.messages().locator("a").evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith("https://www.apa.org/") for href in hrefs)


def test_keyboard_alone_reaches_every_control_and_picks_a_quick_reply(sites, page):
    widget = Widget(page).open(sites.widget + "/").greeted()
    focused = []
    for _ in range(20):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                "() => { const a = document.querySelector('[data-attachment-chat]').shadowRoot.activeElement;"
                " return a ? (a.id || a.textContent.trim()) : ''; }"
            )
        )
    for control in ("Delete conversation", "awc-input", "Send", "Need help now?", "Quick exit", "Hide chat"):
        assert control in focused
    first_choice = page.locator(".msg.bot .choices button").first
    first_choice.focus()
    assert widget.reply_to(lambda: page.keyboard.press("Enter"))
    assert widget.messages("user").last.inner_text().endswith(first_choice.inner_text())


def test_readable_at_320_pixels_with_the_help_controls_in_view(sites, browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    widget = Widget(page).open(sites.widget + "/").greeted()
    widget.say("what is attachment?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    controls = [page.get_by_role("button", name=name) for name in ("Need help now?", "Quick exit", "Hide chat", "Send")]
    controls += [page.get_by_role("heading", name="Attachment & wellbeing guide"), page.locator("#awc-input")]
    for control in controls:
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0
        assert box["x"] + box["width"] <= 320 and box["y"] + box["height"] <= 640
    page.screenshot(path=str(LOGS / "widget-320px.png"))
    assert widget.accessibility_violations() == []
    context.close()


def test_embedded_in_another_site_the_conversation_survives_a_reload(sites, page):
    widget = Widget(page).open(sites.site + "/").greeted()
    assert "Secure Attachment" in widget.say("what is secure attachment?")
    shown = widget.messages().count()
    page.reload()
    widget.wait_for_bot_messages(shown)
    assert widget.messages().count() == shown
    # the server kept the conversation too: a follow-up refers to the topic asked before the reload
    assert "Secure" in widget.say("how does it show in adults?")


def test_quick_exit_leaves_for_a_neutral_page_and_forgets_the_conversation(sites, page):
    widget = Widget(page).open(sites.site + "/").greeted()
    widget.say("what is attachment?")
    assert page.evaluate("sessionStorage.getItem('attachment-chat')") is not None
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url(sites.site + "/neutral.html")
    assert page.evaluate("sessionStorage.getItem('attachment-chat')") is None
    page.goto(sites.site + "/")
    widget.greeted()
    assert widget.messages("user").count() == 0


def test_delete_conversation_asks_to_confirm_then_the_page_forgets_it_too(sites, page):
    widget = Widget(page).open(sites.site + "/").greeted()
    widget.say("what is attachment?")
    asked = widget.reply_to(page.get_by_role("button", name="Delete conversation").click)
    assert "delete this whole conversation" in asked
    page.get_by_role("button", name="Yes, delete it").click()
    page.locator(".msg.bot", has_text="has been deleted").wait_for()
    assert widget.messages("user").count() == 0 and widget.messages().count() == 1
    stored = page.evaluate("JSON.parse(sessionStorage.getItem('attachment-chat')).messages")
    assert [message["text"] for message in stored] == [widget.messages().first.inner_text().split("\n", 1)[1].strip()]


def test_an_unreachable_server_is_said_plainly_and_help_still_shows_the_lines(sites, page):
    widget = Widget(page).open(sites.site + "/down.html")
    widget.wait_for_status("can't be reached")
    page.fill("#awc-input", "hello?")
    page.press("#awc-input", "Enter")
    assert "was not sent" in widget.status()
    assert page.input_value("#awc-input") == "hello?"
    page.get_by_role("button", name="Need help now?").click()
    widget.wait_for_bot_messages(1)
    assert SAMARITANS in widget.messages().last.inner_text()


def test_a_site_outside_the_allowed_origins_cannot_connect(sites, page):
    widget = Widget(page).open(sites.foreign_site + "/")
    widget.wait_for_status("can't be reached")
    assert widget.messages().count() == 0


def test_a_server_that_stops_mid_conversation_is_said_plainly(page):
    widget_port, rasa_port = free_port(), free_port()
    widget, rasa = f"http://127.0.0.1:{widget_port}", f"http://127.0.0.1:{rasa_port}"
    args = ["run", "--model", str(require_model()), "--credentials", "credentials.yml"]
    args += ["--port", str(rasa_port), "--interface", "127.0.0.1"]
    with server(args, rasa + "/", LOGS / "widget-stopped-rasa.log", env={"CORS_ORIGINS": widget}) as rasa_process:
        with serving(make_server("127.0.0.1", widget_port, rasa)):
            chat = Widget(page).open(widget + "/").greeted()
            stop(rasa_process)
            # "The connection was lost", then "can't be reached" once a reconnection fails
            chat.wait_for_status("connection was lost|can't be reached")
            page.fill("#awc-input", "are you there?")
            page.press("#awc-input", "Enter")
            assert "was not sent" in chat.status()
            assert page.input_value("#awc-input") == "are you there?"
