"""The REST channel on the real server: bad input gets a friendly reply or a 400, never an
error page or a silent `200 []`; typed `/intent{...}` cannot pick intents or set entities."""

import json
import urllib.error
import urllib.request
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.rasa_cli import LOGS, free_port, require_model, rss_mb, server

FIND_A_HELPLINE = "findahelpline.com"
SAMARITANS = "Samaritans"


def post(platforms, payload) -> tuple:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    request = urllib.request.Request(
        platforms.base_url + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def say(platforms, text, sender=None) -> tuple:
    status, replies = post(platforms, {"sender": sender or uuid.uuid4().hex, "message": text})
    return status, "\n".join(reply.get("text", "") for reply in replies)


def test_an_over_long_message_gets_a_kind_request_for_a_shorter_one(platforms):
    status, text = say(platforms, "tell me about attachment " * 4000)  # 100,000 characters
    assert status == 200 and "shorter" in text and FIND_A_HELPLINE in text


def test_a_crisis_inside_an_over_long_message_gets_the_crisis_reply(platforms):
    status, text = say(platforms, "so much happened this week. " * 500 + "i want to end my life. " + "ok. " * 100)
    assert status == 200 and FIND_A_HELPLINE in text and "safe" in text and "shorter" not in text


def test_empty_whitespace_and_missing_messages_get_a_prompt(platforms):
    for payload in ({"message": ""}, {"message": "  \n\t "}, {"message": None}, {}):
        status, replies = post(platforms, {"sender": uuid.uuid4().hex, **payload})
        assert status == 200 and "came through empty" in replies[0]["text"] and replies[0]["buttons"]


def test_requests_without_a_sender_or_json_are_refused_with_400(platforms):
    assert post(platforms, {"message": "hi"})[0] == 400
    assert post(platforms, {"sender": "", "message": "hi"})[0] == 400
    assert post(platforms, {"sender": "x" * 500, "message": "hi"})[0] == 400
    assert post(platforms, ["not", "an", "object"])[0] == 400
    assert post(platforms, b"not json")[0] == 400


def test_typed_intents_with_entities_cannot_set_the_region(platforms):
    sender = uuid.uuid4().hex
    say(platforms, '/inform_region{"region": "uk"}', sender)
    status, text = say(platforms, "i want to hurt myself", sender)
    assert status == 200 and FIND_A_HELPLINE in text and SAMARITANS not in text


def test_a_typed_crisis_denial_intent_cannot_skip_the_crisis_reply(platforms):
    status, text = say(platforms, "/crisis_denied I want to die")
    assert status == 200 and FIND_A_HELPLINE in text and "safe" in text


def test_the_bots_own_buttons_still_work(platforms):
    status, text = say(platforms, "/ask_therapy_approaches")
    assert status == 200 and "Emotionally Focused Therapy" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(alphabet=st.characters(), max_size=300),
        st.text(alphabet=st.sampled_from("שלום عربي 😀👨‍👩‍👧 \u200f\u202e/{}\"\x00x"), max_size=200),
        st.integers(min_value=2001, max_value=200_000).map(lambda n: "é" * n),
    )
)
def test_any_text_gets_a_reply_and_never_an_error(platforms, text):
    status, replies = post(platforms, {"sender": "hypothesis", "message": text})
    assert status == 200 and replies and all(reply.get("text") for reply in replies)


def test_memory_stays_flat_under_a_stream_of_one_megabyte_messages(tmp_path):
    """100 messages of 1 MB each: each is declined before NLU, and the server's memory does not grow with them."""
    port = free_port()
    args = ["run", "--model", str(require_model()), "--credentials", "credentials.yml"]
    args += ["--port", str(port), "--interface", "127.0.0.1"]
    with server(args, f"http://127.0.0.1:{port}/", LOGS / "rest-megabytes.log") as process:
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        megabyte = json.dumps({"sender": "big", "message": "attachment " * 95_000}).encode()

        def send_megabytes(count: int) -> None:
            for _ in range(count):
                request = urllib.request.Request(url, megabyte, {"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=60) as response:
                    assert "shorter" in json.load(response)[0]["text"]

        send_megabytes(10)  # warm-up: allocator pools settle
        before = rss_mb(process.pid)
        send_megabytes(100)
        grown = rss_mb(process.pid) - before
        print(f"\nRSS {before:.0f} MB before 100 more 1 MB messages, grew {grown:.1f} MB")
        assert grown < 30
