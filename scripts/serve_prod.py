"""`make serve-prod`: the production profile on loopback, in the foreground until Ctrl-C.

    nginx :RASA_PORT (5005)  ->  RASA_SERVERS (2) Rasa servers, round robin (socket.io sticky)
    nginx :ACTIONS_PORT (5055) -> two action servers
    PostgreSQL :POSTGRES_PORT (5432)  conversations (tracker store)
    Redis :REDIS_PORT (6379)          conversation locks (lock store)
    widget page :WIDGET_PORT (8080)

PostgreSQL, Redis and nginx are installed from Debian's packages if missing, and started
unless something already answers on their port (an existing PostgreSQL needs
RASA_DB_PASSWORD for its `rasa` role and database). Logs and settings go to PROD_DIR
(default .rasa/prod); PostgreSQL's data to POSTGRES_DATA (default
/var/tmp/attachment-bot/postgres-<port>, where Debian's postgres user can reach it).
"""

import os
import secrets
import signal
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Optional

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from local_servers import ROOT, action_server, free_port, server  # noqa: E402
from prod_services import (  # noqa: E402
    Postgres,
    init_postgres,
    install_packages,
    nginx_server,
    port_open,
    redis_server,
)

MODEL = ROOT / "models" / "attachment-bot.tar.gz"


class Ports(NamedTuple):
    rasa: int  # nginx in front of the Rasa servers
    rasa_servers: List[int]
    actions: int  # nginx in front of the action servers
    action_servers: List[int]
    postgres: int
    redis: int


class Stack(NamedTuple):
    url: str  # what clients talk to (nginx)
    postgres: Postgres
    ports: Ports
    rasa_processes: list
    action_servers: list


def free_ports() -> Ports:
    """Free loopback ports for every part of the profile (tests, benchmark, outage drill)."""
    return Ports(free_port(), [free_port(), free_port()], free_port(), [free_port(), free_port()], free_port(),
                 free_port())


def ports_from_environment() -> Ports:
    rasa = int(os.environ.get("RASA_PORT", 5005))
    actions = int(os.environ.get("ACTIONS_PORT", 5055))
    servers = int(os.environ.get("RASA_SERVERS", 2))
    return Ports(
        rasa=rasa,
        rasa_servers=[rasa + 10 + n for n in range(servers)],
        actions=actions,
        action_servers=[actions + 10 + n for n in range(2)],
        postgres=int(os.environ.get("POSTGRES_PORT", 5432)),
        redis=int(os.environ.get("REDIS_PORT", 6379)),
    )


def production_endpoints(ports: Ports, path: Path, retry_seconds: Optional[float] = None) -> Path:
    """deploy/endpoints.prod.yml with these ports (the password stays ${RASA_DB_PASSWORD})."""
    endpoints = yaml.safe_load((ROOT / "deploy" / "endpoints.prod.yml").read_text())
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{ports.actions}/webhook"
    endpoints["tracker_store"]["port"] = ports.postgres
    endpoints["lock_store"]["port"] = ports.redis
    if retry_seconds is not None:
        endpoints["tracker_store"]["retry_seconds"] = retry_seconds
    path.write_text(yaml.safe_dump(endpoints))
    return path


def database_password(directory: Path) -> str:
    if os.environ.get("RASA_DB_PASSWORD"):
        return os.environ["RASA_DB_PASSWORD"]
    saved = directory / "db-password"
    if not saved.exists():
        saved.write_text(secrets.token_urlsafe(18))
        saved.chmod(0o600)
    return saved.read_text().strip()


@contextmanager
def production_stack(
    directory: Path,
    ports: Ports,
    postgres_data: Path,
    env: Optional[Dict[str, str]] = None,
    retry_seconds: Optional[float] = None,
    model: Path = MODEL,
) -> Iterator[Stack]:
    """Everything of the production profile, started in order and stopped in reverse. PostgreSQL
    keeps its data in `postgres_data`, which Debian's postgres user must be able to reach."""
    directory.mkdir(parents=True, exist_ok=True)
    logs = directory / "logs"
    logs.mkdir(exist_ok=True)
    password = database_password(directory)
    environment = {**(env or {}), "RASA_DB_PASSWORD": password}
    with ExitStack() as stack:
        if port_open(ports.postgres):
            postgres = Postgres(ports.postgres, password, None)
        else:
            postgres = init_postgres(postgres_data, ports.postgres, password)
            stack.callback(postgres.pg_ctl, "stop")
        if not port_open(ports.redis):
            stack.enter_context(redis_server(ports.redis, logs / "redis.log"))
        action_servers = [
            stack.enter_context(action_server(logs / f"actions-{port}.log", port=port)) for port in ports.action_servers
        ]
        endpoints = production_endpoints(ports, directory / "endpoints.yml", retry_seconds)
        processes = []
        for port in ports.rasa_servers:
            args = ["run", "--model", str(model), "--endpoints", str(endpoints), "--credentials", "credentials.yml"]
            args += ["--port", str(port), "--interface", "127.0.0.1"]
            cors = environment.get("CORS_ORIGINS") or os.environ.get("CORS_ORIGINS")
            args += ["--cors", *cors.replace(",", " ").split()] if cors else []
            rasa = server(args, f"http://127.0.0.1:{port}/", logs / f"rasa-{port}.log", env=environment)
            processes.append(stack.enter_context(rasa))
        stack.enter_context(nginx_server(directory / "nginx", ports.rasa, ports.rasa_servers, ports.actions,
                                         ports.action_servers))
        yield Stack(f"http://127.0.0.1:{ports.rasa}", postgres, ports, processes, action_servers)


def main() -> None:
    # Stopped by SIGTERM as by Ctrl-C: everything started is stopped again on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    install_packages()
    if not MODEL.exists():
        sys.exit(f"{MODEL} is missing: run `make train`")
    directory = Path(os.environ.get("PROD_DIR", ROOT / ".rasa" / "prod"))
    ports = ports_from_environment()
    widget_port = int(os.environ.get("WIDGET_PORT", 8080))
    os.environ.setdefault("CORS_ORIGINS", f"http://localhost:{widget_port} http://127.0.0.1:{widget_port}")
    postgres_data = Path(os.environ.get("POSTGRES_DATA", f"/var/tmp/attachment-bot/postgres-{ports.postgres}"))
    with production_stack(directory, ports, postgres_data) as stack:
        from bot.widget_server import make_server

        widget = make_server("127.0.0.1", widget_port, f"http://localhost:{ports.rasa}")
        print(f"Ready: REST {stack.url}/webhooks/rest/webhook, widget http://localhost:{widget_port}/", flush=True)
        print(f"Rasa servers {ports.rasa_servers}, action servers {ports.action_servers}, "
              f"PostgreSQL {ports.postgres}, Redis {ports.redis}; logs in {directory / 'logs'}", flush=True)
        try:
            widget.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
