"""End to end: the real Rasa server and action server, talked to over the REST channel."""

import json
import urllib.request
import uuid
from typing import Optional

import pytest

from tests.rasa_cli import rest_servers


@pytest.fixture(scope="module")
def webhook(tmp_path_factory):
    with rest_servers(tmp_path_factory.mktemp("e2e"), "e2e") as (url, _):
        yield url


class Conversation:
    def __init__(self, url: str) -> None:
        self.url = url
        self.sender = f"e2e-{uuid.uuid4().hex}"

    def say(self, text: str, metadata: Optional[dict] = None) -> list:
        payload = {"sender": self.sender, "message": text, **({"metadata": metadata} if metadata else {})}
        request = urllib.request.Request(self.url, json.dumps(payload).encode(), {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            return json.load(response)


def texts(replies):
    return [reply.get("text", "") for reply in replies]


def test_the_first_reply_says_once_that_the_bot_is_automated_and_not_clinical(webhook):
    chat = Conversation(webhook)
    first = chat.say("hi")
    assert "automated" in first[0]["text"] and "clinic" in first[0]["text"]  # "clinician" or "non-clinical"
    assert "what attachment is and how it forms" in first[0]["text"]
    assert len(first[0]["buttons"]) >= 3
    assert not any("automated" in text for text in texts(chat.say("what is attachment?")))


def test_a_topic_question_and_its_follow_ups_over_rest(webhook):
    chat = Conversation(webhook)
    causes = chat.say("what makes someone avoidant as a kid?")[-1]
    assert causes["text"].startswith("Avoidant/Dismissive Attachment")
    assert "Childhood experiences that foster avoidant attachment:" in causes["text"]
    assert 2 <= len(causes["buttons"]) <= 3

    adults = chat.say("and in adults?")[-1]
    assert "How avoidant attachment appears in adulthood:" in adults["text"]

    anxious = chat.say("what about anxious?")[-1]
    assert "How anxious attachment appears in adulthood:" in anxious["text"]

    more = [chat.say("tell me more")[-1]["text"] for _ in range(3)]
    assert len({anxious["text"], *more}) == 4


def test_a_first_message_can_be_a_topic_question(webhook):
    replies = Conversation(webhook).say("how does attachment change when people get older?")
    assert "automated assistant" in replies[0]["text"]
    assert replies[-1]["text"].startswith("Attachment and Aging")


def test_button_payloads_answer_their_topic(webhook):
    replies = Conversation(webhook).say("/ask_therapy_approaches")
    assert "Emotionally Focused Therapy" in replies[-1]["text"]


def test_off_topic_gets_a_short_kind_redirect(webhook):
    reply = Conversation(webhook).say("can you write me a python script that sorts a list")[-1]
    assert "attachment" in reply["text"].lower()
    assert "can't help" in reply["text"] or "outside what I can help with" in reply["text"]
    assert reply["buttons"]


@pytest.mark.parametrize(
    "request_text, expected",
    [
        ("just tell me what my attachment style is", "can't tell you which attachment style you have"),
        ("should i stop taking my antidepressants?", "can't give advice about medication"),
        ("i want you to be my therapist", "can't be your therapist"),
    ],
)
def test_clinical_requests_get_a_warm_boundary(webhook, request_text, expected):
    reply = Conversation(webhook).say(request_text)[-1]
    assert expected in reply["text"]
    assert reply["buttons"]
