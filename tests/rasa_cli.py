"""Run the Rasa command line from tests, and start servers on free loopback ports."""

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from local_servers import (  # noqa: E402
    ENV,
    RASA,
    ActionServer,
    action_server,
    endpoints_with_actions_port,
    free_port,
    rss_mb,
    server,
    stop,
    wait_until_up,
)

MODEL = ROOT / "models" / "attachment-bot.tar.gz"
LOGS = ROOT / "tests" / "out"
__all__ = [
    "ROOT",
    "MODEL",
    "LOGS",
    "ENV",
    "RASA",
    "ActionServer",
    "action_server",
    "endpoints_with_actions_port",
    "free_port",
    "rss_mb",
    "server",
    "stop",
    "wait_until_up",
]


def require_model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (or `make test`, which trains first)")
    return MODEL


def rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout)


@contextmanager
def rasa_server(endpoints: Path, log_name: str, env: Optional[Dict[str, str]] = None) -> Iterator[str]:
    """The Rasa server with every channel of credentials.yml on a free port; yields the REST webhook URL."""
    port = free_port()
    args = ["run", "--model", str(require_model()), "--endpoints", str(endpoints), "--credentials", "credentials.yml"]
    args += ["--port", str(port), "--interface", "127.0.0.1"]
    with server(args, f"http://127.0.0.1:{port}/", LOGS / log_name, env=env):
        yield f"http://127.0.0.1:{port}/webhooks/rest/webhook"


@contextmanager
def rest_servers(
    scratch: Path, log_prefix: str, env: Optional[Dict[str, str]] = None, tracker_store: Optional[dict] = None
) -> Iterator[Tuple[str, ActionServer]]:
    """The action server and the Rasa server that calls it (with `tracker_store` if given, else
    endpoints.yml's); yields the REST webhook URL and the action server."""
    with action_server(LOGS / f"{log_prefix}-actions.log") as actions:
        endpoints = endpoints_with_actions_port(actions.port, scratch / "endpoints.yml", tracker_store)
        with rasa_server(endpoints, f"{log_prefix}-rasa.log", env) as url:
            yield url, actions
