from typing import Dict, List, Optional

import pytest
from rasa_sdk import Tracker


def make_tracker(
    intent: str,
    text: str = "",
    entities: Optional[List[Dict]] = None,
    slots: Optional[Dict] = None,
    ranking: Optional[List[Dict]] = None,
    events: Optional[List[Dict]] = None,
) -> Tracker:
    """A real rasa_sdk Tracker whose latest message has this parse.

    Unless `events` are given, an earlier reply of the session has already said
    that the bot is automated, so actions do not add the disclaimer.
    """
    latest_message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
    }
    return Tracker(
        sender_id="test-user",
        slots=slots or {},
        latest_message=latest_message,
        events=[{"event": "bot", "text": "I'm an automated assistant."}] if events is None else events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def entity(name: str, value: str) -> Dict:
    return {"entity": name, "value": value}


@pytest.fixture
def tracker_for():
    return make_tracker


@pytest.fixture(scope="session")
def platforms(tmp_path_factory):
    """The real servers with Telegram, Slack, Messenger and Twilio on, their APIs at a local stand-in."""
    from tests.platforms import platform_servers

    with platform_servers(tmp_path_factory.mktemp("platforms")) as running:
        yield running
