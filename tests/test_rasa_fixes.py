"""The fixes to Rasa: action responses checked with a validator built once (same verdicts), and
no waiting minutes for a hung action server."""

import json
import socket
import time
import urllib.error
import urllib.request

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import bot  # noqa: F401 - importing the package installs the fix
from bot.rasa_fixes import _validate_action_result
from tests.rasa_cli import endpoints_with_actions_port, rasa_server


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


def test_a_hung_action_server_is_given_up_after_the_timeout_and_the_person_is_told(tmp_path):
    """An action server that accepts connections and never answers: the reply comes after the
    timeout (2 s here), saying the answers can't be reached, with a 503."""
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(16)
    endpoints = endpoints_with_actions_port(hung.getsockname()[1], tmp_path / "endpoints.yml")
    try:
        with rasa_server(endpoints, "hung-actions-rasa.log", {"ACTION_TIMEOUT_SECONDS": "2"}) as url:
            body = json.dumps({"sender": "hung", "message": "what is secure attachment?"}).encode()
            request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
            started = time.monotonic()
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=60)
            waited = time.monotonic() - started
            assert refused.value.code == 503
            assert "I can't reach my answers right now" in json.load(refused.value)[-1]["text"]
            assert 2 <= waited < 10
    finally:
        hung.close()


def test_stored_events_resolve_to_the_same_classes_as_rasas_own_lookup():
    from rasa.shared.core.events import Event, UserUttered
    from rasa.shared.utils.common import all_subclasses

    for event_class in all_subclasses(Event):
        rasas_choice = next(c for c in all_subclasses(Event) if c.type_name == event_class.type_name)
        assert Event.resolve_by_type(event_class.type_name) is rasas_choice
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no such event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError):
        Event.resolve_by_type("no such event")
