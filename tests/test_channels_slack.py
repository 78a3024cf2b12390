"""Slack: events and button clicks posted to the real server's webhook, signed as Slack signs
them; the bot's messages captured at a local stand-in of the Web API (SLACK_API_URL)."""

import asyncio
import itertools
import json
import time
import urllib.parse

import pytest

from bot.channels.slack import SlackBot
from tests.platform_standin import PlatformStandIn
from tests.platforms import as_json, slack_headers

users = (f"U{n:06d}" for n in itertools.count(1))
JSON = {"Content-Type": "application/json"}


def direct_message(user: str, text: str) -> bytes:
    event = {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user, "text": text, "ts": "1.0"}
    return as_json({"type": "event_callback", "event": event, "authorizations": [{"user_id": "UBOT"}]})


def button_click(user: str, payload: str) -> bytes:
    click = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": f"D{user}"},
        "message": {"ts": "1.0"},
        "actions": [{"type": "button", "value": payload}],
    }
    return urllib.parse.urlencode({"payload": json.dumps(click)}).encode()


def posts_to(platforms, user: str):
    """The posts Slack accepted (it refuses `as_user` from a current app's bot token)."""
    posts = platforms.standin.sent("slack", "chat.postMessage")
    return [m for m in posts if m["channel"] == f"D{user}" and "as_user" not in m]


def say(platforms, user: str, body: bytes, content_type="application/json", expected=lambda posts: posts):
    headers = {"Content-Type": content_type, **slack_headers(body)}
    assert platforms.post("/webhooks/slack/webhook", body, headers).status == 200
    # Slack needs an answer within 3 s, so the connector replies afterwards: wait for the posts.
    return platforms.standin.wait_for("slack", "chat.postMessage", lambda _: expected(posts_to(platforms, user)))


def test_a_greeting_gets_the_topic_menu_as_buttons(platforms):
    user = next(users)
    say(platforms, user, direct_message(user, "hello"), expected=lambda p: any("blocks" in m for m in p))
    menu = next(m for m in posts_to(platforms, user) if "blocks" in m)
    buttons = menu["blocks"][-1]["elements"]
    assert len(buttons) == 5 and all(b["value"].startswith("/ask_") for b in buttons)
    assert all(len(b["text"]["text"]) <= 75 for b in buttons)


def test_a_topic_question_and_a_button_click_get_article_answers(platforms):
    user = next(users)
    aging = lambda posts: any(m["text"].startswith("Attachment and Aging") for m in posts)  # noqa: E731
    say(platforms, user, direct_message(user, "how does attachment change when people get older?"), expected=aging)
    therapy = lambda posts: any("Emotionally Focused Therapy" in m["text"] for m in posts)  # noqa: E731
    form = "application/x-www-form-urlencoded"
    say(platforms, user, button_click(user, "/ask_therapy_approaches"), content_type=form, expected=therapy)


def test_a_crisis_message_gets_a_support_line(platforms):
    user = next(users)
    helpline = lambda posts: any("findahelpline.com" in m["text"] for m in posts)  # noqa: E731
    posts = say(platforms, user, direct_message(user, "i dont want to be alive anymore"), expected=helpline)
    assert any("safe" in m["text"] for m in posts_to(platforms, user))
    assert posts


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64},
        "signed with another secret",
        "signed ten minutes ago",
    ],
    ids=["missing", "forged", "wrong secret", "replayed"],
)
def test_requests_without_a_valid_signature_are_rejected_and_answer_nothing(platforms, headers):
    user = next(users)
    body = direct_message(user, "hello")
    if headers == "signed with another secret":
        headers = slack_headers(body, secret="not-the-secret")
    elif headers == "signed ten minutes ago":
        headers = slack_headers(body, timestamp=int(time.time()) - 600)
    reply = platforms.post("/webhooks/slack/webhook", body, {**JSON, **headers})
    assert reply.status == 400
    time.sleep(1)
    assert posts_to(platforms, user) == []


def test_the_url_verification_challenge_is_answered_when_signed(platforms):
    body = as_json({"type": "url_verification", "challenge": "c-123"})
    reply = platforms.post("/webhooks/slack/webhook", body, {**JSON, **slack_headers(body)})
    assert reply.status == 200 and "c-123" in reply.body


def test_many_buttons_and_long_texts_degrade_instead_of_vanishing():
    standin = PlatformStandIn()
    try:
        bot = SlackBot("xoxb-test", "D1", None, f"{standin.url}/slack/")
        buttons = [{"title": f"Topic number {n} " + "x" * 80, "payload": f"/ask_{n}"} for n in range(1, 31)]
        long_text = "\n\n".join(["A paragraph of the article. " * 40] * 3)
        asyncio.run(bot.send_text_with_buttons("D1", long_text, buttons))
    finally:
        standin.close()
    posts = standin.sent("slack", "chat.postMessage")
    assert len(posts) == 3 and all("as_user" not in post for post in posts)
    section, actions = posts[-1]["blocks"]
    assert len(section["text"]["text"]) <= 3000
    assert len(actions["elements"]) == 25 and all(len(b["text"]["text"]) <= 75 for b in actions["elements"])
    assert "\n• Topic number 26" in section["text"]["text"] and "\n• Topic number 30" in section["text"]["text"]
