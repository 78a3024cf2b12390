"""Twilio (SMS/WhatsApp): signed form posts to the real server's webhook; the bot's messages
captured at a local stand-in of Twilio's REST API (TWILIO_API_URL)."""

import itertools

from tests.platforms import SECRETS, twilio_form

numbers = (f"+1555{n:07d}" for n in itertools.count(1))


def texts_to(platforms, number: str):
    return [m["Body"] for m in platforms.standin.sent("twilio", "Messages.json") if m["To"] == number]


def say(platforms, number: str, text: str, token: str = SECRETS["TWILIO_AUTH_TOKEN"]):
    body, headers = twilio_form({"From": number, "To": SECRETS["TWILIO_NUMBER"], "Body": text}, token)
    return platforms.post("/webhooks/twilio/webhook", body, headers)


def test_buttons_arrive_as_one_numbered_list_and_a_number_picks_one(platforms):
    number = next(numbers)
    assert say(platforms, number, "hello").status == 204
    menu = texts_to(platforms, number)[-1]
    assert menu.startswith("1. What attachment is\n2. The four attachment styles")
    assert "/ask_" not in menu
    say(platforms, number, "2")
    assert any(text.startswith("Attachment Styles") or "four" in text for text in texts_to(platforms, number)[1:])


def test_a_topic_question_and_a_crisis_message(platforms):
    number = next(numbers)
    say(platforms, number, "how does attachment change when people get older?")
    assert any(text.startswith("Attachment and Aging") for text in texts_to(platforms, number))
    say(platforms, number, "i want to kill myself")
    assert any("findahelpline.com" in text for text in texts_to(platforms, number))


def test_unsigned_or_forged_requests_are_refused_and_answer_nothing(platforms):
    number = next(numbers)
    assert say(platforms, number, "hello", token="guess").status == 403
    body, headers = twilio_form({"From": number, "Body": "hello"})
    del headers["X-Twilio-Signature"]
    assert platforms.post("/webhooks/twilio/webhook", body, headers).status == 403
    assert texts_to(platforms, number) == []
