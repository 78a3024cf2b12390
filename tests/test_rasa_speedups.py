"""Rasa's check of action server responses, with the validator built once: same verdicts."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import bot  # noqa: F401 - importing the package installs the fix
from bot.rasa_speedups import _validate_action_result


def test_the_fix_is_installed_when_the_package_is_imported():
    assert RemoteAction._validate_action_result is _validate_action_result


def test_a_valid_response_passes():
    action = RemoteAction("action_answer_topic", None)
    result = {"events": [{"event": "slot", "name": "current_topic", "value": "ask_healing"}],
              "responses": [{"text": "Healing", "buttons": [{"title": "More", "payload": "/ask_healing"}]}]}
    assert action._validate_action_result(result) is True


@pytest.mark.parametrize("result", [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": {}}])
def test_an_invalid_response_is_refused_with_rasas_explanation(result):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_answer_topic", None)._validate_action_result(result)
