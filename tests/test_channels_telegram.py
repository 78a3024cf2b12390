"""Telegram: updates posted to the real server's webhook as Telegram posts them; the bot's
messages captured at a local stand-in of the Bot API (TELEGRAM_API_URL)."""

import asyncio
import itertools

from bot.channels.telegram import TelegramOutput
from tests.platform_standin import PlatformStandIn
from tests.platforms import SECRETS, as_json

SIGNED = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRETS["TELEGRAM_SECRET_TOKEN"]}
update_ids = itertools.count(1)
chat_ids = itertools.count(7001)


def message_update(chat_id: int, text: str) -> bytes:
    user = {"id": chat_id, "is_bot": False, "first_name": "Sam"}
    message = {"message_id": next(update_ids), "date": 0, "chat": {"id": chat_id, "type": "private"}, "from": user}
    return as_json({"update_id": next(update_ids), "message": {**message, "text": text}})


def button_update(chat_id: int, payload: str) -> bytes:
    user = {"id": chat_id, "is_bot": False, "first_name": "Sam"}
    message = {"message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"}, "text": "menu"}
    query = {"id": "cb1", "from": user, "message": message, "chat_instance": "1", "data": payload}
    return as_json({"update_id": next(update_ids), "callback_query": query})


def say(platforms, chat_id: int, body: bytes) -> list:
    before = len(platforms.standin.sent("telegram", "sendMessage"))
    reply = platforms.post("/webhooks/telegram/webhook", body, SIGNED)
    assert reply == (200, "success")
    sent = platforms.standin.sent("telegram", "sendMessage")[before:]
    return [message for message in sent if str(message["chat_id"]) == str(chat_id)]


def test_the_webhook_is_registered_with_its_secret_token(platforms):
    registered = platforms.standin.sent("telegram", "setWebhook")
    assert registered[0]["url"] == SECRETS["TELEGRAM_WEBHOOK_URL"]
    assert registered[0]["secret_token"] == SECRETS["TELEGRAM_SECRET_TOKEN"]


def test_start_greets_with_topic_buttons_one_per_row(platforms):
    chat = next(chat_ids)
    sent = say(platforms, chat, message_update(chat, "/start"))
    assert "automated" in sent[0]["text"]
    rows = sent[-1]["reply_markup"]["inline_keyboard"]
    assert len(rows) >= 3 and all(len(row) == 1 for row in rows)
    assert rows[0][0]["callback_data"].startswith("/ask_")


def test_a_topic_question_and_a_button_click_get_article_answers(platforms):
    chat = next(chat_ids)
    asked = say(platforms, chat, message_update(chat, "how does attachment change when people get older?"))
    assert any(message["text"].startswith("Attachment and Aging") for message in asked)
    clicked = say(platforms, chat, button_update(chat, "/ask_therapy_approaches"))
    assert any("Emotionally Focused Therapy" in message["text"] for message in clicked)


def test_a_crisis_message_gets_a_support_line(platforms):
    chat = next(chat_ids)
    sent = " ".join(m["text"] for m in say(platforms, chat, message_update(chat, "i want to end my life tonight")))
    assert "findahelpline.com" in sent and "safe" in sent and "automated assistant" in sent


def test_updates_without_the_secret_token_are_refused_and_answer_nothing(platforms):
    chat = next(chat_ids)
    before = len(platforms.standin.calls)
    forged = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "guess"}
    assert platforms.post("/webhooks/telegram/webhook", message_update(chat, "hi"), forged).status == 403
    unsigned = {"Content-Type": "application/json"}
    assert platforms.post("/webhooks/telegram/webhook", message_update(chat, "hi"), unsigned).status == 403
    assert len(platforms.standin.calls) == before


def test_a_payload_over_telegrams_64_bytes_is_listed_as_text_instead_of_failing():
    standin = PlatformStandIn()
    try:
        bot = TelegramOutput(SECRETS["TELEGRAM_ACCESS_TOKEN"], f"{standin.url}/telegram")
        buttons = [
            {"title": "Healing", "payload": "/ask_healing"},
            {"title": "Something long", "payload": "/ask_topic" + '{"aspect": "' + "x" * 60 + '"}'},
        ]
        asyncio.run(bot.send_text_with_buttons(42, "Pick one.", buttons))
    finally:
        standin.close()
    sent = standin.sent("telegram", "sendMessage")[-1]
    assert sent["text"] == "Pick one.\n• Something long"
    assert sent["reply_markup"]["inline_keyboard"] == [[{"text": "Healing", "callback_data": "/ask_healing"}]]
