"""End to end over REST: crisis replies with their region's lines, and with the action server stopped."""

import pytest

from tests.rasa_cli import rest_servers, stop
from tests.test_e2e_rest import Conversation, texts

SAMARITANS = "Samaritans: call 116 123"
LIFELINE_AU = "Lifeline: call 13 11 14"
FIND_A_HELPLINE = "findahelpline.com"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """The Rasa server and the action server; yields the webhook URL and the action server process,
    which the last test stops."""
    with rest_servers(tmp_path_factory.mktemp("crisis"), "e2e-crisis") as (url, actions):
        yield url, actions.process


def joined(replies):
    return "\n".join(texts(replies))


def test_a_first_message_crisis_gets_the_international_line_and_a_question_about_safety(servers):
    url, _ = servers
    reply = joined(Conversation(url).say("i cant do this anymore i want to end it all"))
    assert FIND_A_HELPLINE in reply and "your local emergency number" in reply
    assert "safe" in reply and "automated assistant" in reply
    assert "which country you're in" in reply


def test_a_crisis_mid_conversation_uses_the_region_the_person_gave(servers):
    url, _ = servers
    chat = Conversation(url)
    assert chat.say("what is secure attachment?")[-1]["text"].startswith("Secure Attachment")
    assert SAMARITANS in joined(chat.say("btw I'm in the UK"))
    reply = joined(chat.say("and in adults? actually no. i keep thinking everyone would be better off without me"))
    assert SAMARITANS in reply and "999" in reply and FIND_A_HELPLINE not in reply


def test_after_a_crisis_the_next_question_is_answered_and_the_numbers_can_be_asked_again(servers):
    url, _ = servers
    chat = Conversation(url)
    assert FIND_A_HELPLINE in joined(chat.say("my boyfriend strangled me last night"))
    assert chat.say("how can I build security within myself?")[-1]["text"].startswith("Building Internal Security")
    again = joined(chat.say("can you show me those numbers again?"))
    assert FIND_A_HELPLINE in again and "emergency" in again


def test_the_channel_region_from_metadata_is_used_until_the_person_says_otherwise(servers):
    url, _ = servers
    chat = Conversation(url)
    assert LIFELINE_AU in joined(chat.say("i want to hurt myself", metadata={"locale": "en-AU"}))
    chat.say("i live in ireland", metadata={"locale": "en-AU"})
    assert "Samaritans: call 116 123 (free, 24/7), or text HELLO to 50808" in joined(
        chat.say("i want to hurt myself", metadata={"locale": "en-AU"})
    )


def test_an_idiom_gets_no_crisis_reply(servers):
    url, _ = servers
    for text in texts(Conversation(url).say("ugh this traffic is killing me")):
        assert FIND_A_HELPLINE not in text and "safe right now" not in text


def test_crisis_replies_still_arrive_when_the_action_server_is_down(servers):
    url, actions = servers
    chat = Conversation(url)
    assert chat.say("what is anxious attachment?")[-1]["text"].startswith("Anxious/Preoccupied Attachment")

    stop(actions)
    assert actions.poll() is not None
    mid = joined(chat.say("i took a whole packet of pills"))
    assert FIND_A_HELPLINE in mid and "safe" in mid
    first = joined(Conversation(url).say("my dad hits me"))
    assert "childhelplineinternational.org" in first and "safe" in first
    assert FIND_A_HELPLINE in joined(Conversation(url).say("show me the helpline numbers"))
