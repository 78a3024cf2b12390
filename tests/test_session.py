import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from tests.conftest import make_tracker


def test_a_session_starts_with_the_disclaimer_then_listens():
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSessionStart().run(dispatcher, make_tracker("session_start"), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_disclaimer"]
    assert [e["event"] for e in events] == ["session_started", "action"]
    assert events[1]["name"] == "action_listen"
