"""Run the Rasa command line from tests, and start servers on free loopback ports."""

import subprocess
import sys
from pathlib import Path

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
    server,
    stop,
)

MODEL = ROOT / "models" / "attachment-bot.tar.gz"
__all__ = [
    "ROOT",
    "MODEL",
    "ENV",
    "RASA",
    "ActionServer",
    "action_server",
    "endpoints_with_actions_port",
    "free_port",
    "server",
    "stop",
]


def require_model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (or `make test`, which trains first)")
    return MODEL


def rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout)
