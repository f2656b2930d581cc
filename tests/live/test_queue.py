"""The Redis manager between server processes publishes a room's message before sending it to
its own sockets, so that other processes start their share at once (echo/live/queue.py)."""
from __future__ import annotations

import json
import time

import pytest
import redis
import socketio

from echo.live.queue import PublishFirstRedisManager, client_manager
from tests.helpers import REDIS_URL

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs ECHO_TEST_REDIS_URL (CI sets it)")


@pytest.fixture
def manager(monkeypatch):
    """A manager on the real Redis, with this process's sends to its own sockets recorded."""
    order: list[tuple] = []
    mgr = PublishFirstRedisManager(REDIS_URL, channel=f"echo-test-{time.monotonic_ns()}")
    mgr.set_server(socketio.Server())
    real_publish = mgr._publish

    def publish(message):
        real_publish(message)
        order.append(("published", message["event"]))

    monkeypatch.setattr(mgr, "_publish", publish)
    monkeypatch.setattr(socketio.Manager, "emit", lambda self, event, data, **kw: order.append(("sent here", event, data, kw.get("room"))))
    mgr.order = order
    return mgr


def test_a_room_message_is_published_before_it_is_sent_to_this_processs_sockets(manager):
    sub = redis.Redis.from_url(REDIS_URL).pubsub()
    sub.subscribe(manager.channel)
    sub.get_message(timeout=2)  # the subscription's confirmation
    manager.emit("event", {"seq": 7}, room="session-1", namespace="/")
    assert manager.order == [("published", "event"), ("sent here", "event", {"seq": 7}, "session-1")]
    # The other processes get the same message through Redis.
    got = sub.get_message(timeout=2)
    assert got is not None
    message = json.loads(got["data"])
    assert (message["event"], message["data"], message["room"], message["host_id"]) == ("event", [{"seq": 7}], "session-1", manager.host_id)
    sub.close()


def test_this_processs_sockets_get_the_message_even_when_redis_is_unreachable(manager, monkeypatch):
    def down(message):
        raise redis.ConnectionError("Redis is down")

    monkeypatch.setattr(manager, "_publish", down)
    with pytest.raises(redis.ConnectionError):
        manager.emit("event", {"seq": 8}, room="session-1", namespace="/")
    assert manager.order == [("sent here", "event", {"seq": 8}, "session-1")]


def test_messages_from_other_processes_are_sent_here_at_once(manager):
    """The listener's path (another process's message) is not held back."""
    manager._handle_emit({"method": "emit", "event": "event", "data": [{"seq": 9}], "namespace": "/", "room": "session-1",
                          "skip_sid": None, "callback": None, "host_id": "another-process"})
    assert manager.order == [("sent here", "event", {"seq": 9}, "session-1")]


def test_a_redis_message_queue_gets_the_publish_first_manager():
    assert isinstance(client_manager(REDIS_URL), PublishFirstRedisManager)
    assert client_manager(None) is None
    assert client_manager("amqp://guest@127.0.0.1//") is None  # Flask-SocketIO's own choice (Kombu)
