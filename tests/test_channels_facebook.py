"""Messenger: the webhook verification handshake and signed messages posted to the real server;
the bot's messages captured at a local stand-in of the Graph API (FACEBOOK_GRAPH_URL)."""

import itertools
import urllib.parse

from tests.platforms import SECRETS, as_json, facebook_signature

senders = (str(n) for n in itertools.count(9001))


def message(sender: str, text: str) -> bytes:
    event = {"sender": {"id": sender}, "recipient": {"id": "PAGE"}, "message": {"mid": "m", "text": text}}
    return as_json({"object": "page", "entry": [{"id": "PAGE", "time": 0, "messaging": [event]}]})


def sent_to(platforms, sender: str):
    sent = platforms.standin.sent("facebook", "messages")
    return [m for m in sent if m["recipient"]["id"] == sender and "message" in m]


def text_of(sent: dict) -> str:
    message = sent["message"]
    return message.get("text") or message["attachment"]["payload"]["text"]


def post(platforms, body: bytes, signature: str):
    headers = {"Content-Type": "application/json", "X-Hub-Signature": signature}
    return platforms.post("/webhooks/facebook/webhook", body, headers)


def test_the_webhook_verification_answers_the_challenge_only_for_the_verify_token(platforms):
    query = {"hub.mode": "subscribe", "hub.challenge": "8675309"}
    right = urllib.parse.urlencode({**query, "hub.verify_token": SECRETS["FACEBOOK_VERIFY_TOKEN"]})
    wrong = urllib.parse.urlencode({**query, "hub.verify_token": "guess"})
    assert platforms.get(f"/webhooks/facebook/webhook?{right}").body == "8675309"
    assert platforms.get(f"/webhooks/facebook/webhook?{wrong}").status == 403


def test_a_signed_topic_question_gets_an_article_answer_and_a_crisis_a_support_line(platforms):
    sender = next(senders)
    body = message(sender, "how does attachment change when people get older?")
    assert post(platforms, body, facebook_signature(body)).body == "success"
    assert any(text_of(m).startswith("Attachment and Aging") for m in sent_to(platforms, sender))
    body = message(sender, "my dad hits me when he's drunk")
    assert post(platforms, body, facebook_signature(body)).body == "success"
    assert any("safe" in text_of(m) for m in sent_to(platforms, sender))


def test_more_than_three_buttons_become_quick_replies_with_short_titles(platforms):
    sender = next(senders)
    body = message(sender, "hello")
    post(platforms, body, facebook_signature(body))
    menu = next(m for m in sent_to(platforms, sender) if m["message"].get("quick_replies"))
    replies = menu["message"]["quick_replies"]
    assert len(replies) == 5 and all(len(r["title"]) <= 20 and r["payload"].startswith("/ask_") for r in replies)


def test_badly_signed_messages_are_not_processed(platforms):
    sender = next(senders)
    body = message(sender, "hello")
    assert post(platforms, body, facebook_signature(body, secret="guess")).status == 403
    assert post(platforms, body, "").status == 403
    assert sent_to(platforms, sender) == []
