"""Start Rasa servers on free loopback ports for tests and evaluations, and stop them."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).parent / "rasa")
ENV = {
    **os.environ,
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def endpoints_with_actions_port(actions_port: int, path: Path, tracker_store: Optional[dict] = None) -> Path:
    """A copy of endpoints.yml (so its NLG setting is kept) whose action server is on `actions_port`,
    and whose tracker store is `tracker_store` when one is given."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
    if tracker_store:
        endpoints["tracker_store"] = tracker_store
    path.write_text(yaml.safe_dump(endpoints))
    return path


def rss_mb(pid: int) -> float:
    """The resident memory of process `pid`, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_until_up(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {seconds}s")


@contextmanager
def server(
    args: List[str], health_url: str, log_path: Path, seconds: float = 120, env: Optional[Dict[str, str]] = None
) -> Iterator[subprocess.Popen]:
    """Start `rasa <args>` (with `env` added to the environment), wait until `health_url` answers, stop it after."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        environment = {**ENV, **(env or {})}
        process = subprocess.Popen([RASA, *args], cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(health_url, process, seconds)
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class ActionServer(NamedTuple):
    port: int
    process: subprocess.Popen


@contextmanager
def action_server(log_path: Path, port: Optional[int] = None) -> Iterator[ActionServer]:
    """The action server on `port` (default: a free one); yields its port and process (to stop it early)."""
    port = port or free_port()
    with server(["run", "actions", "--port", str(port)], f"http://127.0.0.1:{port}/health", log_path) as process:
        yield ActionServer(port, process)
