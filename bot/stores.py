"""Tracker stores that delete a conversation when the person asks, and old ones on schedule.

When the latest message of a conversation is `/delete_conversation_confirmed` (the button
under `utter_confirm_delete`), saving the conversation deletes every stored event of its
sender id instead; the bot's "deleted" reply has been sent by then. `make retention` calls
`delete_older_than` (scripts/retention.py).

The SQL store also rides out a database outage: every read and write is retried for
`retry_seconds` (30 by default), so a PostgreSQL restart delays replies instead of losing
turns. Rasa wraps every tracker store in a fail-safe one that turns any Exception into a
silent fresh start in memory (the conversation restarted, its turns never stored); so
when the database stays away longer, `StoreUnavailable`, which is not an Exception, goes
past it, and the channel tells the person (bot/channels/guarded.py).

Speed, with Rasa's tables and results unchanged. Saving a turn, Rasa counts the
conversation's stored events to know which are new (9% of a loaded server's time). The
count is known already: this request read the conversation under its lock, so nothing was
stored since; the SQL store remembers it from `retrieve` and falls back to counting when it
does not know. Reading and saving a turn go through SQLAlchemy's ORM in Rasa (building the
query, loading whole rows as objects, the unit of work on commit: a third of a loaded
server's time); here the same query is built once and reads only the `data` column, and
the new events are inserted in one statement.

Configured in endpoints.yml (`tracker_store: type: bot.stores.ForgettingSQLTrackerStore`, or
`...ForgettingInMemoryTrackerStore`, the default).
"""

import asyncio
import itertools
import json
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

DELETE_CONFIRMED = "delete_conversation_confirmed"
DEFAULT_RETRY_SECONDS = 30.0
REMEMBERED_COUNTS = 10_000  # conversations read and not yet saved; beyond that, counting again
Result = TypeVar("Result")


class StoreUnavailable(BaseException):
    """The database stayed unreachable for the whole retry window (see the module's docstring)."""


def asked_to_be_forgotten(tracker: DialogueStateTracker) -> bool:
    return (tracker.latest_message.intent or {}).get("name") == DELETE_CONFIRMED


class ForgettingInMemoryTrackerStore(InMemoryTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        if asked_to_be_forgotten(tracker):
            self.store.pop(tracker.sender_id, None)
            logger.info("Deleted a conversation at its person's request.")
            return
        await super().save(tracker)


class ForgettingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, retry_seconds: float = DEFAULT_RETRY_SECONDS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_seconds = float(retry_seconds)
        self.stored_counts: Dict[str, int] = {}
        self.latest_session_query = latest_session_query(self.SQLEvent.__table__)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        if fetch_events_from_all_sessions:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.engine.connect() as connection:
            rows = connection.execute(self.latest_session_query, {"sender_id": sender_id}).fetchall()
        if not (self.domain and rows):
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(data) for (data,) in rows], self.domain.slots)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        sql_store = super()
        tracker = await self._retried(lambda: sql_store.retrieve(sender_id))
        if len(self.stored_counts) >= REMEMBERED_COUNTS:
            self.stored_counts.clear()
        self.stored_counts[sender_id] = len(tracker.events) if tracker else 0
        return tracker

    def _new_events(self, tracker: DialogueStateTracker) -> List[Event]:
        """The tracker's events not stored yet."""
        stored = self.stored_counts.pop(tracker.sender_id, None)
        if stored is None:
            with self.session_scope() as session:
                stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        return list(itertools.islice(tracker.events, stored, None))

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        sql_store = super()
        return await self._retried(lambda: sql_store.retrieve_full_tracker(conversation_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        if asked_to_be_forgotten(tracker):
            deleted = await self._retried(lambda: self._delete_now(tracker.sender_id))
            logger.info("Deleted a conversation (%d events) at its person's request.", deleted)
            return
        await self.stream_events(tracker)
        await self._retried(lambda: self._insert_new_events(tracker))

    async def _insert_new_events(self, tracker: DialogueStateTracker) -> None:
        rows = [event_row(tracker.sender_id, event) for event in self._new_events(tracker)]
        if rows:
            with self.engine.begin() as connection:
                connection.execute(self.SQLEvent.__table__.insert(), rows)
        # Rasa may save again within the same request (a new session's start, then the turn).
        self.stored_counts[tracker.sender_id] = len(tracker.events)

    async def _delete_now(self, sender_id: str) -> int:
        return self.delete_conversation(sender_id)

    async def _retried(self, attempt: Callable[[], Awaitable[Result]]) -> Result:
        deadline = time.monotonic() + self.retry_seconds
        pause = 0.1
        while True:
            try:
                return await attempt()
            except sa.exc.DBAPIError as error:
                if time.monotonic() + pause > deadline:
                    logger.error("The tracker store's database is unreachable; gave up after %ss.", self.retry_seconds)
                    raise StoreUnavailable(str(error)) from error
                logger.warning("The tracker store's database is unreachable (%s); retrying.", type(error).__name__)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)

    def delete_conversation(self, sender_id: str) -> int:
        """Every stored event of `sender_id`; the number deleted."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        return deleted

    def delete_older_than(self, cutoff_timestamp: float) -> int:
        """Every conversation whose newest event is older than `cutoff_timestamp`; the events deleted."""
        event = self.SQLEvent
        with self.session_scope() as session:
            stale = (
                session.query(event.sender_id)
                .group_by(event.sender_id)
                .having(sa.func.max(event.timestamp) < cutoff_timestamp)
                .subquery()
            )
            deleted = (
                session.query(event)
                .filter(event.sender_id.in_(sa.select(stale.c.sender_id)))
                .delete(synchronize_session=False)
            )
            session.commit()
        return deleted


def event_row(sender_id: str, event: Event) -> Dict[str, Any]:
    """The row Rasa's SQLTrackerStore stores for an event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def latest_session_query(events: sa.Table) -> sa.sql.Select:
    """The `data` of `sender_id`'s events since its latest session start (all of them if it
    has none), in the order stored: the rows Rasa's `SQLTrackerStore._event_query` reads."""
    sender_id = sa.bindparam("sender_id")
    session_start = (
        sa.select(sa.func.max(events.c.timestamp))
        .where(events.c.sender_id == sender_id, events.c.type_name == SessionStarted.type_name)
        .scalar_subquery()
    )
    return (
        sa.select(events.c.data)
        .where(events.c.sender_id == sender_id, sa.or_(events.c.timestamp >= session_start, session_start.is_(None)))
        .order_by(events.c.id)
    )
