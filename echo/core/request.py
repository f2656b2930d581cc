"""Incoming text without NUL characters, whatever the database.

PostgreSQL refuses a NUL character (U+0000) in any text value ("PostgreSQL text fields cannot
contain NUL (0x00) bytes"), and in a JSON document cast to jsonb; SQLite stores it. A NUL
pasted into a case narrative was therefore a 500 on PostgreSQL, with what the user typed
lost, and a success on SQLite. No text of this app carries meaning in a NUL, so it is removed
where text comes in: form fields and query strings (this request class), JSON bodies
(get_json), and socket event payloads (echo.live.socket_events.acked).

Werkzeug has no setting for this; its documented way is a Request subclass (Flask.request_class).
"""
from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.utils import cached_property

NUL = "\x00"


def without_nul(value: Any) -> Any:
    """value with NUL removed from every string in it (str, list, dict: a parsed JSON document)."""
    if isinstance(value, str):
        return value.replace(NUL, "") if NUL in value else value
    if isinstance(value, list):
        return [without_nul(v) for v in value]
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    return value


def _clean(multi: MultiDict[str, Any]) -> MultiDict[str, Any]:
    if not any(NUL in k or NUL in v for k, v in multi.items(multi=True) if isinstance(v, str)):
        return multi
    return ImmutableMultiDict([(without_nul(k), without_nul(v)) for k, v in multi.items(multi=True)])


class EchoRequest(Request):
    def _load_form_data(self) -> None:
        loaded = "form" in self.__dict__
        super()._load_form_data()
        if not loaded:
            self.__dict__["form"] = _clean(self.__dict__["form"])

    @cached_property
    def args(self) -> MultiDict[str, str]:
        return _clean(super().args)

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        # Walks the document on each call; routes call it once.
        return without_nul(super().get_json(force=force, silent=silent, cache=cache))
