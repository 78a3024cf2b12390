"""`make outage-drill`: the production profile under load while its stores and action servers fail.

Starts the whole production profile on free ports (as `make serve-prod` does), has
CONVERSATIONS (50) people talk for SECONDS (60), each sending the next question as soon as
the last was answered, and meanwhile stops PostgreSQL and, 3 s later, both action servers,
for OUTAGE (10) seconds each, starting them again after. Then it counts every
conversation's turns stored in PostgreSQL and prints what was sent, answered (200), told
"I can't reach my answers right now" (503), stored and lost, and any reply that was neither
(silence). Exit 1 if a turn was lost or a reply was silent.

    python scripts/outage_drill.py [--conversations 50] [--seconds 60] [--outage 10]
"""

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from local_servers import ROOT, action_server, stop  # noqa: E402
from serve_prod import Stack, free_ports, production_stack  # noqa: E402

CANT_REACH = "I can't reach my answers right now"


def say(stack: Stack, sender: str, text: str) -> Tuple[List[str], int, str]:
    """The replies' texts, the HTTP status and which Rasa server answered."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(stack.url + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=90) as response:
            return [m.get("text", "") for m in json.load(response)], response.status, response.headers["X-Served-By"]
    except urllib.error.HTTPError as error:
        return [m.get("text", "") for m in json.load(error)], error.code, error.headers["X-Served-By"]


class Conversations:
    """People talking at once, each sending the next question when the last was answered, until
    `stop()`. Per person: turns sent and answered (200); overall: statuses, and replies that were
    neither an answer nor the plain "can't reach" message (silent)."""

    QUESTIONS = ["what is secure attachment?", "what causes it?", "and in adults?", "what about avoidant?"]

    def __init__(self, stack: Stack, senders: List[str]) -> None:
        self.stack, self.senders = stack, senders
        self.sent: Counter = Counter()
        self.answered: Counter = Counter()
        self.statuses: Counter = Counter()
        self.silent = 0
        self.finished = threading.Event()
        self.threads = [threading.Thread(target=self._talk, args=(sender,)) for sender in senders]
        for thread in self.threads:
            thread.start()

    def _talk(self, sender: str) -> None:
        turn = 0
        while not self.finished.is_set():
            replies, status, _ = say(self.stack, sender, self.QUESTIONS[turn % len(self.QUESTIONS)])
            self.statuses[status] += 1
            self.sent[sender] += 1
            self.answered[sender] += status == 200
            if not replies or (status != 200 and CANT_REACH not in replies[-1]):
                self.silent += 1
            turn += 1

    def stop(self) -> None:
        self.finished.set()
        for thread in self.threads:
            thread.join(timeout=120)


def stored_events(stack: Stack, sender: str, type_name: Optional[str] = None) -> int:
    """Events of `sender` in PostgreSQL (only of `type_name` if given)."""
    of_type = f" and type_name = '{type_name}'" if type_name else ""
    return int(stack.postgres.psql(f"select count(*) from events where sender_id = '{sender}'{of_type}"))


def stored_user_turns(stack: Stack, sender: str) -> int:
    return stored_events(stack, sender, "user")


class DrillResult(NamedTuple):
    sent: int
    answered: int
    statuses: Dict[int, int]
    stored: int
    lost: int
    silent: int
    recovered: bool  # a new conversation was answered after the drill

    def report(self) -> str:
        return (f"{self.sent} turns sent, {self.answered} answered (200), {self.statuses.get(503, 0)} told "
                f"\"{CANT_REACH}\" (503), statuses {self.statuses}; {self.stored} stored in PostgreSQL, "
                f"{self.lost} lost; {self.silent} silent; answering again afterwards: {self.recovered}")


def drill(stack: Stack, conversations: int, seconds: float, outage: float, logs: Path) -> DrillResult:
    """`conversations` people for `seconds`; PostgreSQL down from a sixth of the way in (at
    least 4 s) for `outage` seconds, both action servers from 3 s later for as long."""
    people = Conversations(stack, [f"drill-{n}-{uuid.uuid4().hex[:8]}" for n in range(conversations)])
    started = time.monotonic()

    def at(second: float) -> None:
        time.sleep(max(0.0, started + second - time.monotonic()))

    begin = max(4.0, seconds / 6)
    with ExitStack() as restarted:
        at(begin)
        stack.postgres.pg_ctl("stop")
        at(begin + 3)
        for server in stack.action_servers:
            stop(server.process)
        at(begin + outage)
        stack.postgres.pg_ctl("start")
        at(begin + 3 + outage)
        for server in stack.action_servers:
            restarted.enter_context(action_server(logs / f"actions-again-{server.port}.log", port=server.port))
        at(seconds)
        people.stop()
        stored = {sender: stored_user_turns(stack, sender) for sender in people.senders}
        recovered = say(stack, f"after-{uuid.uuid4().hex}", "what is anxious attachment?")[1] == 200
    sent = sum(people.sent.values())
    return DrillResult(sent, sum(people.answered.values()), dict(people.statuses), sum(stored.values()),
                       sum(people.sent[s] - stored[s] for s in people.senders), people.silent, recovered)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--outage", type=float, default=10)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="attachment-bot-drill-"))
    scratch.chmod(0o755)  # Debian's postgres user keeps its data in here
    ports = free_ports()
    try:
        with production_stack(scratch / "prod", ports, scratch / "postgres") as stack:
            print(f"{args.conversations} conversations for {args.seconds:g} s; PostgreSQL and both action servers "
                  f"stopped for {args.outage:g} s each on the way ...", flush=True)
            result = drill(stack, args.conversations, args.seconds, args.outage, scratch / "prod" / "logs")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(result.report())
    return 0 if result.lost == 0 and result.silent == 0 and result.recovered else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
