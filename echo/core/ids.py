"""Ids as they come in (URLs, forms, JSON, socket payloads): a number no row can have is "not
found", on either database.

Every primary key is an INTEGER column: PostgreSQL refuses a parameter above 2^31 - 1 for it
("integer out of range"), and SQLite's driver refuses one above 2^63 - 1 (OverflowError) before
the query runs: a mistyped or tampered link must be "not found", not a server error.
Rather than a check in each route, the app's "int" converter is replaced by a bounded one,
and form/JSON/socket values go through parse_id.
"""
from __future__ import annotations

from typing import TypeGuard

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

# The largest value of the INTEGER columns holding ids (PostgreSQL's int4; SQLite's is larger).
ID_MAX = 2**31 - 1
ID_DIGITS = len(str(ID_MAX))


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every route: a number above ID_MAX is 404.

    NotFound rather than Werkzeug's ValidationError (what `max=` raises): with a rule that
    does not match, a POST to a path that also has a GET rule would be answered 405."""

    def to_python(self, value: str) -> int:
        # Length first: Python refuses to convert a string of over 4,300 digits at all.
        if len(value) > ID_DIGITS:
            raise NotFound()
        number: int = super().to_python(value)
        if number > ID_MAX:
            raise NotFound()
        return number


def register_id_converter(app: Flask) -> None:
    """Call before any blueprint is registered (rules are compiled with the converter they name)."""
    app.url_map.converters["int"] = BoundedIntConverter


def is_id(value: object) -> TypeGuard[int]:
    """An int (not a bool) that a row's id could be."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= ID_MAX


def parse_id(value: object) -> int | None:
    """An id from a form field, query string or JSON value: the int, or None when it is not a
    number or no row can have it (the caller answers "not found" or "choose one")."""
    if isinstance(value, str):
        text = value.strip()
        # isdecimal() also accepts other scripts' digits; ids are ASCII.
        if not (text.isascii() and text.isdigit()) or len(text) > ID_DIGITS:
            return None
        value = int(text)
    return value if is_id(value) else None
