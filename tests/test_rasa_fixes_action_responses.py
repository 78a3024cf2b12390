"""Action server responses checked by validators built once, each event against its own type's
schema: the same verdicts as Rasa's full schema, on real events and on damaged ones."""

import copy
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    EntitiesAdded,
    FollowupAction,
    ReminderCancelled,
    ReminderScheduled,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)

import bot  # noqa: F401 - importing the package installs the fixes
from bot.rasa_fixes.action_responses import passes_by_event_type, validate_action_result, validators

EVENTS = [
    SlotSet("current_topic", "ask_healing"),
    SlotSet("region", None),
    BotUttered("Healing takes time.", {"buttons": [{"title": "More", "payload": "/ask_healing"}]}),
    UserUttered("hi", {"name": "greet", "confidence": 1.0},
                [{"entity": "style", "value": "secure", "start": 0, "end": 2}]),
    ActionExecuted("action_listen"),
    SessionStarted(),
    Restarted(),
    FollowupAction("action_answer_topic"),
    ActiveLoop("a_form"),
    AllSlotsReset(),
    ReminderScheduled("ask_healing", datetime(2026, 1, 1)),
    ReminderCancelled(name="a_reminder"),
    ActionExecutionRejected("action_answer_topic"),
    EntitiesAdded([{"entity": "style", "value": "anxious"}]),
]
EXAMPLES = [event.as_dict() for event in EVENTS]
RESPONSES = [
    {"text": "Healing takes time."},
    {"text": "Pick one", "buttons": [{"title": "More", "payload": "/ask_healing"}]},
    {"response": "utter_disclaimer"},
]
EVENT_NAMES = sorted(validators().by_event_name) + ["no_such_event"]
ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(EVENT_NAMES),
)


@st.composite
def damaged(draw, examples):
    """A copy of one example with up to two keys removed or given another value."""
    data = copy.deepcopy(draw(st.sampled_from(examples)))
    for _ in range(draw(st.integers(0, 2))):
        key = draw(st.sampled_from(sorted(data) + ["event", "name", "text", "value", "buttons"]))
        if draw(st.booleans()):
            data.pop(key, None)
        else:
            data[key] = draw(ANY_VALUE)
    return data


responses = st.fixed_dictionaries(
    {},
    optional={
        "events": st.one_of(st.lists(damaged(EXAMPLES), max_size=4), ANY_VALUE),
        "responses": st.one_of(st.lists(damaged(RESPONSES), max_size=3), ANY_VALUE),
    },
)


def test_the_fix_is_installed_when_the_package_is_imported():
    assert RemoteAction._validate_action_result is validate_action_result


def test_real_responses_pass_without_the_full_schema():
    result = {"events": EXAMPLES, "responses": RESPONSES}
    assert passes_by_event_type(result)
    assert RemoteAction("action_answer_topic", None)._validate_action_result(result) is True


@settings(max_examples=400, deadline=None)
@given(responses)
def test_the_verdict_is_the_full_schemas(result):
    accepted_by_rasa = validators().full.is_valid(result)
    if passes_by_event_type(result):
        assert accepted_by_rasa
    if accepted_by_rasa:
        assert validate_action_result(None, result) is True
    else:
        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            validate_action_result(None, result)


@pytest.mark.parametrize("result", [
    {"events": "not a list"},
    {"events": [{"no_event_key": 1}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "name": 3}]},
    {"responses": {}},
])
def test_an_invalid_response_is_refused_with_rasas_explanation(result):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_answer_topic", None)._validate_action_result(result)
