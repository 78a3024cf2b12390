"""Say what the bot is before its first answer in a session, unless it has already.

Rasa's own `action_session_start` starts sessions, so that a conversation starts
cleanly even when this action server is down (crisis replies must never depend on
it). The replies sent by rules (greeting, help, crisis, clinical boundaries) say in
their own words that the bot is automated; the actions that answer from the article
call `disclaim_once` first, which sends `utter_disclaimer` if no message of this
session has said it yet.
"""

from typing import Any, Dict, Iterable, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

# Every reply that tells the person what the bot is uses this word (tests/test_disclaimer.py).
SAYS_WHAT_THE_BOT_IS = "automated"


def session_events(events: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    current: List[Dict[str, Any]] = []
    for event in events:
        if event.get("event") == "session_started":
            current = []
        current.append(event)
    return current


def disclaimer_given(tracker: Tracker) -> bool:
    return any(
        event.get("event") == "bot" and SAYS_WHAT_THE_BOT_IS in (event.get("text") or "")
        for event in session_events(tracker.events)
    )


def disclaim_once(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    if not disclaimer_given(tracker):
        dispatcher.utter_message(response="utter_disclaimer")
