"""A Redis lock store that lets one server at a time handle a conversation, in arrival order.

Rasa's RedisLockStore keeps each conversation's queue of tickets as one JSON value and
changes it by reading it, editing it and writing it back: seven Redis round trips per
message (10% of a loaded server's time), and two servers that take a ticket at the same
moment can both overwrite the other's, so both handle the same conversation at once. Here
each conversation's queue is a Redis list: a message joins it with one atomic script (RPUSH), is
served when its ticket is at the head, and leaves it with LREM (two round trips when
nobody waits). A ticket carries its expiry time: a server that died holding it blocks the
conversation for at most `lock_lifetime` seconds (TICKET_LOCK_LIFETIME, 60 by default),
then the next in line removes it. Waiting messages look again every 50 ms (Rasa: 1 s).

Configured in deploy/endpoints.prod.yml (`lock_store: type: bot.locks.RedisQueueLockStore`,
with Rasa's Redis settings: url, port, db, password, use_ssl, key_prefix, ...).
"""

import asyncio
import time
import uuid
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable, Optional

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

POLL_SECONDS = 0.05
# One round trip: join the queue, keep it for a lifetime after its newest ticket, see its head.
JOIN_SCRIPT = """
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('LINDEX', KEYS[1], 0)
"""


class RedisQueueLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **settings: object) -> None:
        if endpoint_config is not None:
            settings = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **settings}
        super().__init__(**settings)
        self._join_script: Optional[Callable[..., Optional[bytes]]] = None

    def queue_key(self, conversation_id: str) -> str:
        return f"{self.key_prefix}queue:{conversation_id}"

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncIterator[TicketLock]:
        key = self.queue_key(conversation_id)
        ticket = f"{time.time() + lock_lifetime:.3f} {uuid.uuid4().hex}"
        try:
            head = self._join(key, ticket, lock_lifetime)
        except redis.RedisError as error:
            raise LockError(f"Could not queue for conversation '{conversation_id}': {error}") from error
        try:
            while head != ticket:
                if head is None:  # the whole queue expired: our ticket with it
                    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                if expired(head):
                    self.red.lrem(key, 1, head)
                else:
                    await asyncio.sleep(min(wait_time_in_seconds, POLL_SECONDS))
                head = self._head(key)
            yield TicketLock(conversation_id)
        finally:
            self.red.lrem(key, 1, ticket)

    def _join(self, key: str, ticket: str, lock_lifetime: float) -> Optional[str]:
        """Our ticket at the end of the queue; the ticket at its head."""
        if self._join_script is None:
            self._join_script = self.red.register_script(JOIN_SCRIPT)
        return decoded(self._join_script(keys=[key], args=[ticket, int(lock_lifetime * 1000) + 1000]))

    def _head(self, key: str) -> Optional[str]:
        return decoded(self.red.lindex(key, 0))


def expired(ticket: str) -> bool:
    return float(ticket.split(" ", 1)[0]) < time.time()


def decoded(value: Optional[bytes]) -> Optional[str]:
    return value.decode() if value is not None else None
