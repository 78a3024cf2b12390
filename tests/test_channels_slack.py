"""Slack: events and button clicks posted to the real server's webhook, signed as Slack signs
them; the bot's messages captured at a local stand-in of the Web API (SLACK_API_URL)."""

import itertools
import json
import time
import urllib.parse

import pytest

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
    return [m for m in platforms.standin.sent("slack", "chat.postMessage") if m["channel"] == f"D{user}"]


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
