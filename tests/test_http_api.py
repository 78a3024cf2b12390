"""`make serve` (scripts/serve.sh) as a person starts it: Rasa's HTTP API only with a token,
CORS only for the configured origins, and the widget page beside the Rasa server."""

import os
import signal
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.rasa_cli import ENV, LOGS, ROOT, free_port, require_model, wait_until_up

TOKEN = "a-long-random-token"
ALLOWED = "https://allowed.example.org"


def request(url: str, method: str = "GET", headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method, headers=headers or {}), timeout=10) as r:
            return r.status, r.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


@pytest.fixture(scope="module")
def served():
    require_model()
    ports = {name: str(free_port()) for name in ("RASA_PORT", "ACTIONS_PORT", "WIDGET_PORT")}
    env = {**ENV, **ports, "RASA_AUTH_TOKEN": TOKEN, "CORS_ORIGINS": ALLOWED}
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / "serve.log", "w") as log:
        process = subprocess.Popen(
            ["scripts/serve.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            rasa = f"http://127.0.0.1:{ports['RASA_PORT']}"
            wait_until_up(rasa + "/", process, 120)
            wait_until_up(f"http://127.0.0.1:{ports['WIDGET_PORT']}/", process, 30)
            yield rasa, f"http://127.0.0.1:{ports['WIDGET_PORT']}"
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def test_the_http_api_answers_only_with_the_token(served):
    rasa, _ = served
    assert request(rasa + "/status")[0] == 401
    assert request(rasa + "/conversations/someone/tracker")[0] == 401
    assert request(rasa + "/status?token=wrong")[0] == 401
    assert request(rasa + f"/status?token={TOKEN}")[0] == 200


def test_without_a_token_the_http_api_is_off(platforms):
    assert request(platforms.base_url + "/status")[0] == 404
    assert request(platforms.base_url + "/conversations/someone/tracker")[0] == 404


def test_browsers_may_call_the_rest_channel_only_from_configured_origins(served):
    rasa, _ = served
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    _, allowed = request(rasa + "/webhooks/rest/webhook", "OPTIONS", {"Origin": ALLOWED, **preflight})
    assert allowed["Access-Control-Allow-Origin"] == ALLOWED
    _, refused = request(rasa + "/webhooks/rest/webhook", "OPTIONS", {"Origin": "https://evil.example", **preflight})
    assert refused.get("Access-Control-Allow-Origin") is None


def test_the_widget_page_is_served_beside_the_rasa_server(served):
    rasa, widget = served
    with urllib.request.urlopen(widget + "/", timeout=10) as page:
        assert f'data-server-url="http://localhost:{rasa.rsplit(":", 1)[1]}"' in page.read().decode()
