"""What a socket message may be: its size, an event name the board knows, numbers it can read
(docs/realtime.md, "Limits"). Each gets an error acknowledgement, so a client never waits for
an answer that does not come.

Two sizes are configured: SOCKET_MESSAGE_LIMIT, the documented per-message limit checked here,
and Engine.IO's max_http_buffer_size (set above it in create_app). Engine.IO closes the
connection on a message over its buffer size with nothing said to the client; a message between
the two is parsed, and refused here with an ack.
"""
from __future__ import annotations

import json

from flask import current_app, g
from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import refresh

from echo.core.errors import Invalid
from echo.core.ids import ID_MAX

# The default of SOCKET_MESSAGE_LIMIT (echo/core/config.py); a post's text is at most 4,000 characters.
MESSAGE_LIMIT = 64 * 1024


def _json_int(text: str) -> int:
    """A JSON integer as Python's int, except one of hundreds of digits: beyond every id and
    seq either way, and Python refuses to convert over 4,300 digits, which would leave the whole
    message undecoded and unanswered. It becomes the smallest number no id can be (p_int: not_found)."""
    if len(text) <= 100:
        return int(text)
    return -(ID_MAX + 1) if text.startswith("-") else ID_MAX + 1


class SocketJSON:
    """The JSON module of the Socket.IO packets (Flask-SocketIO's `json` option)."""

    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(s, **kwargs):
        return json.loads(s, parse_int=_json_int, **kwargs)


class TooLarge(Invalid):
    status = 413
    code = "too_large"


def check_size(payload: object) -> None:
    """Refuse a message whose payload, as compact JSON, is over SOCKET_MESSAGE_LIMIT characters."""
    limit = current_app.config.get("SOCKET_MESSAGE_LIMIT", MESSAGE_LIMIT)
    if payload is None or isinstance(payload, (bool, int, float)):
        return
    # Serialising is the one exact measure of what was received; a post's payload is a few
    # hundred characters, so this costs microseconds. default=str: binary attachments.
    size = len(json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=str))
    if size > limit:
        raise TooLarge(_("This message is too large (%(size)s characters; the limit is %(limit)s). Nothing was saved.",
                         size=format_number(size), limit=format_number(limit)))


def unknown_event(event: object, *args: object) -> dict:
    """Flask-SocketIO's catch-all handler ('*'): an event the board does not have."""
    name = event if isinstance(event, str) else ""
    # This socket's language, not one cached on `g` by another socket's event (socket_events.acked).
    g.pop("_login_user", None)
    refresh()
    return {"ok": False, "error": {"code": "unknown_event",
                                   "message": _("The live board has no event named '%(name)s'.", name=name[:40])}}
