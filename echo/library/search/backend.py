"""What a full-text backend answers, and the raw DBAPI access the hot path uses.

A backend finds the matches of a parsed `Query` (all their ids: facet counts need every
match), ranks them (only the top k when that is enough) and highlights them. Two exist:
`sqlite_fts` (FTS5) and `postgres_fts` (tsvector + GIN); `engine.backend()` picks one by
the database's dialect.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import numpy as np
import psycopg
from sqlalchemy.exc import DBAPIError

from echo.core.extensions import db
from echo.library.search.query import Query

EMPTY = np.zeros(0, dtype=np.int64)

# psycopg raises its own errors when called outside SQLAlchemy's wrappers (the raw cursor).
ENGINE_ERRORS: tuple[type[BaseException], ...] = (DBAPIError, sqlite3.Error, psycopg.Error)


def raw_cursor() -> Any:
    """The DBAPI cursor of the session's connection: the hot path skips SQLAlchemy's row objects."""
    return db.session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def raw_all(sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    """A query on the DBAPI cursor, written with ? placeholders (turned into %s for psycopg)."""
    cur = raw_cursor()
    if db.engine.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    cur.execute(sql, tuple(params))
    rows: list[tuple[Any, ...]] = cur.fetchall()
    return rows


def parse_ids(s: str | None) -> np.ndarray:
    """Ids from one comma-separated string (SQLite's group_concat), parsed in C."""
    return np.fromstring(s, dtype=np.int64, sep=",") if s else EMPTY


class Backend:
    """The full-text engine's part of a search."""

    # A query with more matches than this is not ranked as a whole: the matches in the heavy
    # fields (title, tags, questions, summary) are ranked, the rest follow newest first.
    rank_limit = 20_000

    def count(self, query: Query) -> int:
        raise NotImplementedError

    def match_ids(self, query: Query) -> np.ndarray:
        """Every match, in no particular order."""
        raise NotImplementedError

    def ranked_ids(self, query: Query, heavy_only: bool = False, limit: int | None = None) -> np.ndarray:
        """Matches best first; `heavy_only` ranks only those matching in title, tags, questions or summary."""
        raise NotImplementedError

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        """Highlighted text per id, matches between HL_START and HL_END, not yet escaped."""
        raise NotImplementedError

    def ranked_page(self, query: Query, limit: int) -> tuple[np.ndarray, dict[int, str]]:
        """The top `limit` ids and, where the engine can do it in the same query, their snippets."""
        return self.ranked_ids(query, limit=limit), {}
