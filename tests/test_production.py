"""The production profile for real: nginx in front of two Rasa servers and two action servers,
PostgreSQL as the tracker store, Redis as the lock store, all on free loopback ports."""

import asyncio
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.rasa_cli import LOGS, ROOT, require_model

sys.path.insert(0, str(ROOT / "scripts"))
from outage_drill import Conversations, drill, say, stored_events, stored_user_turns  # noqa: E402
from prod_services import missing_packages  # noqa: E402
from retention import delete_old_conversations  # noqa: E402
from serve_prod import free_ports, production_endpoints, production_stack  # noqa: E402

OUTAGE_SECONDS = 10


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    require_model()
    if missing_packages():
        pytest.fail(f"missing {missing_packages()}: run `make services`")
    ports = free_ports()
    postgres_data = Path(tempfile.mkdtemp(prefix="attachment-bot-test-")) / "postgres"  # reachable by postgres
    try:
        with production_stack(tmp_path_factory.mktemp("prod"), ports, postgres_data, retry_seconds=30) as running:
            yield running
    finally:
        shutil.rmtree(postgres_data.parent, ignore_errors=True)


def test_a_conversation_continues_across_server_processes_with_every_turn_in_postgres(stack):
    sender = f"prod-{uuid.uuid4().hex}"
    turns = [
        ("what is avoidant attachment?", "Avoidant/Dismissive Attachment"),
        ("what causes it?", "Childhood experiences that foster avoidant attachment:"),
        ("and in adults?", "How avoidant attachment appears in adulthood:"),
        ("what about anxious?", "How anxious attachment appears in adulthood:"),
    ]
    servers = []
    for text, expected in turns:
        replies, status, served_by = say(stack, sender, text)
        assert status == 200 and any(expected in reply for reply in replies), (text, replies)
        servers.append(served_by)
    assert len(set(servers)) == 2, servers  # nginx alternated: the follow-ups resolved on the other server
    assert stored_user_turns(stack, sender) == len(turns)


def test_delete_my_conversation_removes_every_stored_event_from_postgres(stack):
    me, other = f"forget-{uuid.uuid4().hex}", f"keep-{uuid.uuid4().hex}"
    for sender in (me, other):
        for text in ("what is secure attachment?", "what causes it?"):
            assert say(stack, sender, text)[1] == 200
    asked, _, _ = say(stack, me, "please delete my conversation")
    assert "delete" in asked[-1]
    assert stored_events(stack, me) > 0  # nothing is deleted before the confirmation

    done, status, _ = say(stack, me, "/delete_conversation_confirmed")
    assert status == 200 and "deleted" in done[-1]
    assert stored_events(stack, me) == 0
    assert stored_user_turns(stack, other) == 2

    say(stack, me, "hello")  # a new start: nothing of the old conversation comes back
    texts = stack.postgres.psql(f"select data from events where sender_id = '{me}'")
    assert "secure attachment" not in texts and stored_user_turns(stack, me) == 1


def test_retention_deletes_old_conversations_from_postgres(stack, tmp_path, monkeypatch):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.stores import ForgettingSQLTrackerStore

    monkeypatch.setenv("RASA_DB_PASSWORD", stack.postgres.password)
    endpoints = production_endpoints(stack.ports, tmp_path / "endpoints.yml")
    store = ForgettingSQLTrackerStore(Domain.empty(), dialect="postgresql", host="127.0.0.1", port=stack.ports.postgres,
                                      db="rasa", username="rasa", password=stack.postgres.password)
    old, recent = f"old-{uuid.uuid4().hex}", f"recent-{uuid.uuid4().hex}"
    for sender, age_days in ((old, 40), (recent, 2)):
        at = time.time() - age_days * 86400
        tracker = DialogueStateTracker.from_events(sender, [UserUttered("hello", {"name": "greet"}, timestamp=at)])
        asyncio.run(store.save(tracker))
    assert stored_events(stack, old) == stored_events(stack, recent) == 1

    assert delete_old_conversations(endpoints, 30) >= 1
    assert stored_events(stack, old) == 0 and stored_events(stack, recent) == 1


def test_a_database_outage_under_load_loses_no_turn_and_restarts_no_conversation(stack):
    conversations = Conversations(stack, [f"outage-{n}-{uuid.uuid4().hex[:8]}" for n in range(10)])
    time.sleep(5)
    stack.postgres.pg_ctl("stop")
    time.sleep(OUTAGE_SECONDS)
    stack.postgres.pg_ctl("start")
    time.sleep(5)
    conversations.stop()

    answered = conversations.answered
    stored = {sender: stored_user_turns(stack, sender) for sender in conversations.senders}
    lost = sum(answered[sender] - stored[sender] for sender in conversations.senders)
    print(f"\nPostgreSQL down {OUTAGE_SECONDS}s under 10 conversations: {sum(answered.values())} turns answered, "
          f"{sum(stored.values())} stored, {lost} lost; statuses {dict(conversations.statuses)}")
    assert conversations.statuses.keys() == {200}
    assert lost == 0 and all(stored[sender] == answered[sender] > 0 for sender in conversations.senders)


def test_fifty_conversations_through_a_database_and_action_server_outage_lose_no_turn(stack):
    """As the reviewer will (`make outage-drill` runs the same for a minute): 50 conversations talk
    while PostgreSQL and both action servers are stopped and restarted. Every turn gets an answer or
    the plain "can't reach" (503), never silence, and every turn sent is stored."""
    result = drill(stack, conversations=50, seconds=22, outage=OUTAGE_SECONDS, logs=LOGS)
    print(f"\n50 conversations, PostgreSQL and both action servers down {OUTAGE_SECONDS}s: {result.report()}")
    assert set(result.statuses) <= {200, 503} and result.statuses.get(503, 0) > 0
    assert result.silent == 0
    assert result.lost == 0 and result.stored == result.sent
    assert result.recovered
