"""Deleting conversations: on request, and after the retention period (SQLite here; the same
SQL runs on PostgreSQL)."""

import asyncio
import sqlite3
import sys
import time

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores import DELETE_CONFIRMED, ForgettingInMemoryTrackerStore, ForgettingSQLTrackerStore
from tests.rasa_cli import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from retention import delete_old_conversations  # noqa: E402

DOMAIN = Domain.empty()


def conversation(sender: str, *intents: str, at: float = None) -> DialogueStateTracker:
    events = []
    for intent in intents:
        events += [
            UserUttered(f"text for {intent}", {"name": intent, "confidence": 1.0}, timestamp=at),
            BotUttered("a reply", timestamp=at),
            ActionExecuted("action_listen", timestamp=at),
        ]
    return DialogueStateTracker.from_events(sender, events)


def rows(db, sender=None) -> int:
    with sqlite3.connect(db) as connection:
        if sender is None:
            return connection.execute("select count(*) from events").fetchone()[0]
        return connection.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()[0]


def test_a_confirmed_request_deletes_every_event_of_that_person_only(tmp_path):
    db = tmp_path / "conversations.db"
    store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    asyncio.run(store.save(conversation("alice", "greet", "ask_healing")))
    asyncio.run(store.save(conversation("bob", "greet")))
    assert rows(db, "alice") > 0

    asyncio.run(store.save(conversation("alice", "greet", "ask_healing", "delete_conversation", DELETE_CONFIRMED)))
    assert rows(db, "alice") == 0 and rows(db, "bob") > 0
    assert asyncio.run(store.retrieve("alice")) is None


def test_the_in_memory_store_forgets_too():
    store = ForgettingInMemoryTrackerStore(DOMAIN)
    asyncio.run(store.save(conversation("alice", "greet")))
    asyncio.run(store.save(conversation("alice", "greet", DELETE_CONFIRMED)))
    assert asyncio.run(store.retrieve("alice")) is None


def test_retention_deletes_conversations_whose_newest_message_is_older_than_the_limit(tmp_path):
    db = tmp_path / "conversations.db"
    endpoints = tmp_path / "endpoints.yml"
    store_type = "bot.stores.ForgettingSQLTrackerStore"
    endpoints.write_text(f"tracker_store:\n  type: {store_type}\n  dialect: sqlite\n  db: {db}\n")
    store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    day = 86400
    asyncio.run(store.save(conversation("old", "greet", at=time.time() - 40 * day)))
    asyncio.run(store.save(conversation("recent", "greet", at=time.time() - 2 * day)))
    asyncio.run(store.save(conversation("old-but-active", "greet", at=time.time() - 40 * day)))
    asyncio.run(store.save(conversation("old-but-active", "greet", "ask_healing", at=time.time() - 1 * day)))

    assert delete_old_conversations(endpoints, 30) == 3
    assert rows(db, "old") == 0 and rows(db, "recent") > 0 and rows(db, "old-but-active") > 0
    assert delete_old_conversations(endpoints, 1.5) == 3
    assert rows(db, "recent") == 0 and rows(db) == rows(db, "old-but-active") == 6


def test_a_turn_saved_after_reading_the_conversation_stores_exactly_its_new_events(tmp_path):
    db = tmp_path / "conversations.db"
    store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    asyncio.run(store.save(conversation("alice", "greet")))
    assert rows(db, "alice") == 3

    tracker = asyncio.run(store.retrieve("alice"))  # as Rasa does at each turn, under the conversation's lock
    for event in conversation("alice", "ask_healing").events:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    assert rows(db, "alice") == 6

    asyncio.run(store.save(tracker))  # saved again without reading: counted, nothing doubled
    assert rows(db, "alice") == 6
    stored = asyncio.run(store.retrieve("alice"))
    assert [e.intent_name for e in stored.events if isinstance(e, UserUttered)] == ["greet", "ask_healing"]


def test_the_store_reads_and_writes_what_rasas_own_sql_store_reads_and_writes(tmp_path):
    """A conversation over two sessions saved turn by turn by ours and by Rasa's SQLTrackerStore
    into two databases: the same rows; each store reads the other's conversation back the same,
    from the latest session start."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted, SlotSet

    stores = {
        "ours": ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db")),
        "rasas": SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "rasas.db")),
    }
    turns = [
        [ActionExecuted("action_session_start", timestamp=1.0), SessionStarted(timestamp=1.0)],
        conversation("alice", "greet", at=2.0).events,
        [SlotSet("region", "uk", timestamp=3.0)],
        [ActionExecuted("action_session_start", timestamp=4.0), SessionStarted(timestamp=4.0)],
        conversation("alice", "ask_healing", at=5.0).events,
    ]
    for store in stores.values():
        for turn in turns:
            tracker = asyncio.run(store.retrieve("alice")) or DialogueStateTracker("alice", DOMAIN.slots)
            for event in turn:
                tracker.update(event)
            asyncio.run(store.save(tracker))

    def stored_rows(name):
        with sqlite3.connect(tmp_path / f"{name}.db") as connection:
            return connection.execute(
                "select sender_id, type_name, timestamp, intent_name, action_name, data from events order by id"
            ).fetchall()

    assert stored_rows("ours") == stored_rows("rasas")
    assert len(stored_rows("ours")) == 2 + 3 + 1 + 2 + 3
    ours_reading_rasas = asyncio.run(ForgettingSQLTrackerStore(
        DOMAIN, dialect="sqlite", db=str(tmp_path / "rasas.db")).retrieve("alice"))
    rasas_reading_ours = asyncio.run(SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db"))
                                     .retrieve("alice"))
    assert ours_reading_rasas.current_state() == rasas_reading_ours.current_state()
    assert [e.as_dict() for e in ours_reading_rasas.events] == [e.as_dict() for e in rasas_reading_ours.events]
    assert len(ours_reading_rasas.events) == 5  # the latest session only
