"""No waiting minutes for a hung action server: the person is told after ACTION_TIMEOUT_SECONDS."""

import json
import socket
import time
import urllib.error
import urllib.request

import pytest

from tests.rasa_cli import endpoints_with_actions_port, rasa_server


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
