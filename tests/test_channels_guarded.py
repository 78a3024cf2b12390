"""No silent failures: a message that got no reply is answered with a plain "can't reach my
answers" and a support line, on every channel; REST says so with 503."""

import asyncio
import json
import urllib.error
import urllib.request
import uuid

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.guarded import guarded
from tests.rasa_cli import LOGS, action_server, rest_servers, stop

CANT_REACH = "I can't reach my answers right now"


def handled(on_new_message, metadata=None):
    collector = CollectingOutputChannel()
    answered = asyncio.run(guarded(on_new_message)(UserMessage("hello", collector, "someone", metadata=metadata)))
    return answered, [message["text"] for message in collector.messages]


def test_a_reply_counts_as_an_answer():
    async def replies(message):
        await message.output_channel.send_response(message.sender_id, {"text": "Hi!"})

    assert handled(replies) == (True, ["Hi!"])


def test_a_channel_shared_by_all_messages_is_counted_per_message_and_left_unchanged():
    shared = CollectingOutputChannel()
    original = shared.send_response

    async def replies_once(message):
        await message.output_channel.send_response(message.sender_id, {"text": "Hi!"})

    async def silent(message):
        pass

    handle_replying, handle_silent = guarded(replies_once), guarded(silent)
    assert asyncio.run(handle_replying(UserMessage("hello", shared, "a"))) is True
    assert asyncio.run(handle_silent(UserMessage("hello", shared, "b"))) is False
    assert shared.send_response == original
    assert [m["recipient_id"] for m in shared.messages] == ["a", "b"]


@pytest.mark.parametrize("failure", ["silence", "exception"])
def test_silence_or_a_failure_gets_the_cant_reach_message_with_the_regions_line(failure):
    async def fails(message):
        if failure == "exception":
            raise RuntimeError("action server timed out")

    answered, texts = handled(fails, metadata={"locale": "en-GB"})
    assert answered is False and len(texts) == 1
    assert texts[0].startswith(CANT_REACH) and "Samaritans" in texts[0] and "999" in texts[0]


def post(url: str, sender: str, text: str):
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, [m.get("text", "") for m in json.load(response)]
    except urllib.error.HTTPError as error:
        return error.code, [m.get("text", "") for m in json.load(error)]


def test_the_action_server_down_is_said_plainly_crisis_still_works_and_recovery_is_automatic(tmp_path):
    with rest_servers(tmp_path, "guarded") as (url, actions):
        sender = f"guarded-{uuid.uuid4().hex}"
        assert post(url, sender, "what is secure attachment?")[0] == 200

        stop(actions.process)
        status, texts = post(url, sender, "what is anxious attachment?")
        assert status == 503 and texts[-1].startswith(CANT_REACH) and "findahelpline.com" in texts[-1]
        status, texts = post(url, sender, "i want to kill myself")
        assert status == 200 and any("findahelpline.com" in text for text in texts)

        with action_server(LOGS / "guarded-actions-again.log", port=actions.port):
            status, texts = post(url, sender, "what is avoidant attachment?")
            assert status == 200 and texts[-1].startswith("Avoidant/Dismissive Attachment")
