"""The terminal chat: numbered buttons picked by number, against a stand-in and the real server."""

import io

from bot.channels.terminal import UNREACHABLE, TerminalChat, post_to
from tests.test_channels_buttons import BUTTONS as MENU


def test_buttons_are_numbered_and_a_number_sends_that_buttons_payload():
    sent = []

    def send(sender, text):
        sent.append(text)
        return [{"text": "Hello!", "buttons": MENU}] if text == "/greet" else [{"text": "About healing"}]

    out = io.StringIO()
    TerminalChat(send, out).run(io.StringIO("2\n2\n/stop\n"))
    assert sent == ["/greet", "/ask_healing", "2"]  # after a reply without buttons, "2" is just text
    assert "Bot: Hello!\n1. What attachment is\n2. Healing\n" in out.getvalue()
    assert "/ask_" not in out.getvalue()


def test_an_unreachable_server_is_said_and_the_chat_goes_on():
    def send(sender, text):
        raise ConnectionRefusedError

    out = io.StringIO()
    TerminalChat(send, out).run(io.StringIO("hello\n"))
    assert out.getvalue().count(UNREACHABLE) == 2


def test_a_real_conversation_picks_a_topic_by_number(platforms):
    out = io.StringIO()
    chat = TerminalChat(post_to(platforms.base_url + "/webhooks/rest/webhook"), out)
    chat.run(io.StringIO("4\n/stop\n"))
    shown = out.getvalue()
    assert "automated" in shown and "4. Healing and creating security" in shown
    assert shown.split("4. Healing and creating security")[1].count("Bot: ") >= 1
    assert "Healing" in shown.split("You: ")[1]
