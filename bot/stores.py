"""Tracker stores that delete a conversation when the person asks, and old ones on schedule.

When the latest message of a conversation is `/delete_conversation_confirmed` (the button
under `utter_confirm_delete`), saving the conversation deletes every stored event of its
sender id instead; the bot's "deleted" reply has been sent by then. `make retention` calls
`delete_older_than` (scripts/retention.py).

Configured in endpoints.yml (`tracker_store: type: bot.stores.ForgettingSQLTrackerStore`, or
`...ForgettingInMemoryTrackerStore`, the default).
"""

import logging

import sqlalchemy as sa
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DELETE_CONFIRMED = "delete_conversation_confirmed"


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
    async def save(self, tracker: DialogueStateTracker) -> None:
        if asked_to_be_forgotten(tracker):
            deleted = self.delete_conversation(tracker.sender_id)
            logger.info("Deleted a conversation (%d events) at its person's request.", deleted)
            return
        await super().save(tracker)

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
