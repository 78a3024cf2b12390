"""The disclaimer: before the first article answer of a session, unless a reply already said it."""

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.disclaimer import SAYS_WHAT_THE_BOT_IS, disclaim_once
from tests.rasa_cli import ROOT

# Replies sent by rules that can open a conversation; each says what the bot is.
OPENING_RULE_RESPONSES = [
    "utter_greet",
    "utter_help",
    "utter_bot_challenge",
    "utter_out_of_scope",
    "utter_boundary_diagnosis",
    "utter_boundary_medication",
    "utter_boundary_therapist",
    "utter_crisis_check_in",
    "utter_crisis_resources",
]


def tracker_with(events):
    return Tracker("t", {}, {}, events, False, None, {}, "action_listen")


def responses_sent(events):
    dispatcher = CollectingDispatcher()
    disclaim_once(dispatcher, tracker_with(events))
    return [m["response"] for m in dispatcher.messages]


def test_the_first_answer_of_a_session_is_preceded_by_the_disclaimer():
    assert responses_sent([{"event": "session_started"}, {"event": "user", "text": "what is attachment"}]) == [
        "utter_disclaimer"
    ]


def test_no_disclaimer_when_a_reply_of_this_session_already_said_it():
    events = [{"event": "session_started"}, {"event": "bot", "text": "Hi! I'm an automated assistant, not a person."}]
    assert responses_sent(events) == []


def test_a_new_session_needs_it_again():
    events = [{"event": "bot", "text": "I'm an automated assistant."}, {"event": "session_started"}]
    assert responses_sent(events) == ["utter_disclaimer"]


def test_every_reply_that_can_open_a_conversation_says_what_the_bot_is():
    with open(ROOT / "domain.yml", encoding="utf-8") as handle:
        responses = yaml.safe_load(handle)["responses"]
    for name in [*OPENING_RULE_RESPONSES, "utter_disclaimer"] + [r for r in responses if r.startswith("utter_crisis_")]:
        for variation in responses[name]:
            assert SAYS_WHAT_THE_BOT_IS in variation["text"], name
