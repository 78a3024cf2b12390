"""The production profile's services on loopback, from Debian's packages: PostgreSQL (tracker
store), Redis (lock store), nginx (in front of several Rasa servers and two action servers).

Used by `make serve-prod` (scripts/serve_prod.py) and by the tests, which start their own on
free ports in a scratch directory.
"""

import os
import secrets
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, NamedTuple, Optional

DEBIAN_PACKAGES = {"postgres": "postgresql", "redis-server": "redis-server", "nginx": "nginx"}
DATABASE = "rasa"
DATABASE_USER = "rasa"


def postgres_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise FileNotFoundError(f"{name} not found: install Debian's postgresql")
    return str(found[-1])


def missing_packages() -> List[str]:
    present = {
        "postgres": bool(list(Path("/usr/lib/postgresql").glob("*/bin/postgres"))),
        "redis-server": shutil.which("redis-server") is not None,
        "nginx": shutil.which("nginx") or Path("/usr/sbin/nginx").exists(),
    }
    return [DEBIAN_PACKAGES[name] for name, there in present.items() if not there]


def install_packages() -> None:
    """apt-get install what is missing (as root, or with sudo)."""
    missing = missing_packages()
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print(f"Installing Debian packages: {' '.join(missing)} ...", flush=True)
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *missing], check=True, env=env, stdout=subprocess.DEVNULL)


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not port_open(port):
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing answers on port {port} after {seconds}s")
        time.sleep(0.1)


def _as_postgres_user(command: List[str]) -> List[str]:
    """initdb and postgres refuse to run as root; as root they run as Debian's postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres(NamedTuple):
    port: int
    password: str
    data_dir: Path

    def url(self) -> str:
        return f"postgresql://{DATABASE_USER}:{self.password}@127.0.0.1:{self.port}/{DATABASE}"

    def psql(self, sql: str) -> str:
        command = [postgres_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", DATABASE_USER, "-d", DATABASE]
        env = {**os.environ, "PGPASSWORD": self.password}
        return subprocess.run([*command, "-tAc", sql], env=env, check=True, capture_output=True, text=True).stdout

    def pg_ctl(self, action: str, wait: bool = True) -> None:
        options = f"-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1"
        command = [postgres_bin("pg_ctl"), "-D", str(self.data_dir), "-l", str(self.data_dir / "server.log")]
        command += ["-o", options, "-m", "fast", action] + ([] if wait else ["-W"])
        subprocess.run(_as_postgres_user(command), check=True, stdout=subprocess.DEVNULL)


def init_postgres(data_dir: Path, port: int, password: Optional[str] = None) -> Postgres:
    """A PostgreSQL cluster in `data_dir` (created once) with a `rasa` database and role."""
    password = password or secrets.token_urlsafe(18)
    fresh = not (data_dir / "PG_VERSION").exists()
    if fresh:
        data_dir.mkdir(parents=True, exist_ok=True)
        data_dir.parent.chmod(data_dir.parent.stat().st_mode | 0o055)
        if os.geteuid() == 0:
            shutil.chown(data_dir, "postgres", "postgres")
        data_dir.chmod(0o700)
        subprocess.run(
            _as_postgres_user([postgres_bin("initdb"), "-D", str(data_dir), "-U", "postgres", "--auth-local=trust",
                               "--auth-host=scram-sha-256", "-E", "UTF8"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    postgres = Postgres(port, password, data_dir)
    postgres.pg_ctl("start")
    if fresh:
        admin = _as_postgres_user([postgres_bin("psql"), "-h", str(data_dir), "-p", str(port), "-U", "postgres", "-c"])
        subprocess.run([*admin, f"CREATE ROLE {DATABASE_USER} LOGIN PASSWORD '{password}'"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([*admin, f"CREATE DATABASE {DATABASE} OWNER {DATABASE_USER}"], check=True,
                       stdout=subprocess.DEVNULL)
    return postgres


@contextmanager
def postgres_server(data_dir: Path, port: int, password: Optional[str] = None) -> Iterator[Postgres]:
    postgres = init_postgres(data_dir, port, password)
    try:
        yield postgres
    finally:
        postgres.pg_ctl("stop")


@contextmanager
def redis_server(port: int, log_path: Path) -> Iterator[subprocess.Popen]:
    """Redis on loopback without persistence: it only holds the conversations' locks."""
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


NGINX_CONFIG = """\
# Generated by scripts/prod_services.py
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_max_body_size 2m;
    upstream rasa {{ {rasa_servers} keepalive 64; }}
    # socket.io keeps a connection on one server: the same client address always goes to the same one
    upstream rasa_sockets {{ ip_hash; {rasa_servers} }}
    upstream actions {{ {action_servers} keepalive 32; }}
    server {{
        listen 127.0.0.1:{rasa_port};
        add_header X-Served-By $upstream_addr always;
        location / {{
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_read_timeout 120s;
        }}
        location /socket.io/ {{
            proxy_pass http://rasa_sockets;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_read_timeout 120s;
        }}
    }}
    server {{
        listen 127.0.0.1:{actions_port};
        location / {{
            proxy_pass http://actions;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


@contextmanager
def nginx_server(prefix: Path, rasa_port: int, rasa_ports: List[int], actions_port: int, action_ports: List[int]):
    """nginx on `rasa_port` (round robin over `rasa_ports`, socket.io sticky by client address) and
    on `actions_port` (round robin over `action_ports`)."""
    prefix.mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(
        NGINX_CONFIG.format(
            prefix=prefix,
            rasa_port=rasa_port,
            actions_port=actions_port,
            rasa_servers=" ".join(f"server 127.0.0.1:{port};" for port in rasa_ports),
            action_servers=" ".join(f"server 127.0.0.1:{port};" for port in action_ports),
        )
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"])
    try:
        wait_for_port(rasa_port)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    install_packages()
