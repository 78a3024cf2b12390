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

Saving a turn, Rasa counts the conversation's stored events to know which are new (9% of
a loaded server's time). The count is known already: this request read the conversation
under its lock, so nothing was stored since; the SQL store remembers it from `retrieve`
and falls back to counting when it does not know.

Configured in endpoints.yml (`tracker_store: type: bot.stores.ForgettingSQLTrackerStore`, or
`...ForgettingInMemoryTrackerStore`, the default).
"""

import asyncio
import itertools
import logging
import time
from typing import Any, Awaitable, Callable, Dict, Iterator, Optional, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

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

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        sql_store = super()
        tracker = await self._retried(lambda: sql_store.retrieve(sender_id))
        if len(self.stored_counts) >= REMEMBERED_COUNTS:
            self.stored_counts.clear()
        self.stored_counts[sender_id] = len(tracker.events) if tracker else 0
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = self.stored_counts.pop(tracker.sender_id, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        sql_store = super()
        return await self._retried(lambda: sql_store.retrieve_full_tracker(conversation_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        if asked_to_be_forgotten(tracker):
            deleted = await self._retried(lambda: self._delete_now(tracker.sender_id))
            logger.info("Deleted a conversation (%d events) at its person's request.", deleted)
            return
        sql_store = super()
        await self._retried(lambda: sql_store.save(tracker))

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
