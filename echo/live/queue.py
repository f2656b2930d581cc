"""The message queue between server processes: python-socketio's Redis manager, publishing first.

python-socketio's RedisManager.emit sends a message to this process's own sockets in the room
and only then publishes it for the other processes, so their share of the room waits for this
process's whole share. Publishing first lets every process send its share at once: with the
processes on separate cores a room split over k processes is served in about 1/k of the time,
and with processes sharing a core the round trip through Redis no longer sits idle between
the shares (docs/realtime.md, "Measuring"). Nothing else changes: the same message, the same
channel, and this process still ignores its own message when Redis echoes it back.
"""
from __future__ import annotations

import logging
import threading

import socketio


class PublishFirstRedisManager(socketio.RedisManager):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Per thread (per greenlet under gevent): the messages of the emit in progress there.
        self._held = threading.local()

    def emit(self, *args, **kwargs):
        if kwargs.get("ignore_queue"):
            return super().emit(*args, **kwargs)
        self._held.messages = []
        try:
            # Builds the message, hands it to _handle_emit (held, below), then publishes it.
            return super().emit(*args, **kwargs)
        finally:
            # Also when publishing failed: this process's own sockets still get the message.
            messages, self._held.messages = self._held.messages, None
            for message in messages:
                super()._handle_emit(message)

    def _handle_emit(self, message):
        held = getattr(self._held, "messages", None)
        if held is not None and message.get("host_id") == self.host_id:
            held.append(message)
            return
        super()._handle_emit(message)


def client_manager(url: str | None):
    """The manager for ECHO_MESSAGE_QUEUE, or None to let Flask-SocketIO choose (none, or Kombu...)."""
    if url and url.startswith(("redis://", "rediss://")):
        from echo.core.outage import REDIS_OUTAGE

        # Redis away: one line per 10 s instead of two per emit (echo.core.outage).
        if REDIS_OUTAGE not in logging.getLogger("socketio.server").filters:
            logging.getLogger("socketio.server").addFilter(REDIS_OUTAGE)
        return PublishFirstRedisManager(url, channel="flask-socketio")
    return None
