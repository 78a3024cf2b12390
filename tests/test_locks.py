"""The Redis queue lock store, against a real Redis: one holder at a time per conversation,
in arrival order, across servers; other conversations never wait; a dead holder blocks only
until its ticket expires; nothing is left behind; an unreachable Redis is a LockError."""

import asyncio
import sys
import threading
import time

import pytest
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.locks import RedisQueueLockStore
from tests.rasa_cli import LOGS, ROOT, free_port

sys.path.insert(0, str(ROOT / "scripts"))
from prod_services import missing_packages, redis_server  # noqa: E402


@pytest.fixture(scope="module")
def redis_port():
    if "redis-server" in missing_packages():
        pytest.fail("redis-server is missing: run `make services`")
    port = free_port()
    LOGS.mkdir(exist_ok=True)
    with redis_server(port, LOGS / "locks-redis.log"):
        yield port


def lock_store(port: int, **settings) -> RedisQueueLockStore:
    """Built as Rasa builds it from endpoints.yml."""
    store = LockStore.create(EndpointConfig(url="127.0.0.1", type="bot.locks.RedisQueueLockStore", port=port, db=1,
                                            **settings))
    assert isinstance(store, RedisQueueLockStore)
    return store


async def hold(store, conversation, record, name, seconds=0.05):
    async with store.lock(conversation):
        record.append(("in", name))
        await asyncio.sleep(seconds)
        record.append(("out", name))


def test_messages_of_one_conversation_are_handled_one_at_a_time_in_arrival_order(redis_port):
    servers = [lock_store(redis_port), lock_store(redis_port)]
    record = []

    async def arrive():
        tasks = []
        for number in range(6):
            tasks.append(asyncio.create_task(hold(servers[number % 2], "in-order", record, number)))
            await asyncio.sleep(0.01)  # the messages arrive in this order
        await asyncio.gather(*tasks)

    asyncio.run(arrive())
    assert record == [(step, number) for number in range(6) for step in ("in", "out")]


def test_servers_in_separate_processes_never_hold_one_conversation_together(redis_port):
    """Threads with their own event loop and store stand for servers; each takes 15 turns of the
    same conversation at once."""
    holding, most, lock = [0], [0], threading.Lock()

    async def server():
        store = lock_store(redis_port)

        async def turn():
            async with store.lock("busy"):
                with lock:
                    holding[0] += 1
                    most[0] = max(most[0], holding[0])
                await asyncio.sleep(0.002)
                with lock:
                    holding[0] -= 1

        await asyncio.gather(*(turn() for _ in range(15)))

    threads = [threading.Thread(target=asyncio.run, args=(server(),)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert most[0] == 1 and holding[0] == 0
    assert not lock_store(redis_port).red.exists(lock_store(redis_port).queue_key("busy"))


def test_other_conversations_do_not_wait(redis_port):
    store = lock_store(redis_port)

    async def meanwhile():
        held = asyncio.create_task(hold(store, "long", [], "long", seconds=1.0))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        async with store.lock("other"):
            waited = time.monotonic() - started
        await held
        return waited

    assert asyncio.run(meanwhile()) < 0.2


def test_a_holder_that_died_blocks_its_conversation_only_until_its_ticket_expires(redis_port):
    store = lock_store(redis_port)
    key = store.queue_key("crashed")
    store._join(key, f"{time.time() + 0.5:.3f} dead-server", 0.5)  # joined, then never left

    async def next_message():
        started = time.monotonic()
        async with store.lock("crashed"):
            return time.monotonic() - started

    waited = asyncio.run(next_message())
    assert 0.4 <= waited < 2.0
    assert not store.red.exists(key)


def test_an_unreachable_redis_is_a_lock_error():
    store = lock_store(free_port(), socket_timeout=1)

    async def message():
        async with store.lock("nowhere"):
            pass

    with pytest.raises(LockError):
        asyncio.run(message())
