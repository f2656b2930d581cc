"""SQLite FTS5 backend: bm25 with the column weights stored as the table's `rank`; snippet() for highlights.

`migrations/versions/0005_library.py` creates `library_fts`, an external-content FTS5 table
over library_documents kept current by triggers.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from echo.library.search.backend import Backend, parse_ids, raw_cursor
from echo.library.search.query import HL_END, HL_START, Query, Term

# bm25 column weights, as stored in the FTS5 table's rank setting by migration 0005 (title,
# presentation, questions, recommendations, summary, follow_ups, tags, topic).
BM25_WEIGHTS = "10.0, 1.0, 2.0, 1.5, 2.0, 1.0, 5.0, 1.0"
# Searching within these columns first when a query matches too many cases to rank them all.
HEAVY_COLUMNS = ("title", "tags", "questions", "summary")


def _fts5_string(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def to_fts5(query: Query) -> str:
    """The query as an FTS5 expression: every word a quoted string, only our own operators."""
    def term(t: Term) -> str:
        return _fts5_string(t.text) + (" *" if t.prefix else "")

    parts = []
    for clause in query.clauses:
        alts = [term(t) for t in clause]
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    expr = " AND ".join(parts)
    for t in query.exclude:
        expr += " NOT " + term(t)
    return expr


class SQLiteBackend(Backend):
    # bm25 costs about 2 µs per match: rank up to this many as a whole.
    rank_limit = 20_000

    def _one(self, sql: str, params: tuple[object, ...]) -> Any:
        cur = raw_cursor()
        cur.execute(sql, params)
        return cur.fetchone()[0]

    def count(self, query: Query) -> int:
        return int(self._one("SELECT count(*) FROM library_fts WHERE library_fts MATCH ?", (to_fts5(query),)))

    def match_ids(self, query: Query) -> np.ndarray:
        # One row holding every id: SQLite builds the list in C, numpy parses it in C.
        return parse_ids(self._one("SELECT group_concat(rowid) FROM library_fts WHERE library_fts MATCH ?", (to_fts5(query),)))

    def ranked_ids(self, query: Query, heavy_only: bool = False, limit: int | None = None) -> np.ndarray:
        expr = to_fts5(query)
        if heavy_only:
            expr = "{" + " ".join(HEAVY_COLUMNS) + "} : (" + expr + ")"
        # bm25() (the same weights as `rank`) with LIMIT lets SQLite keep only the top rows in
        # a heap; FTS5's own ORDER BY rank sorts every match. rowid breaks ties the same way always.
        sql = (f"SELECT group_concat(rowid) FROM (SELECT rowid FROM library_fts WHERE library_fts MATCH ? "
               f"ORDER BY bm25(library_fts, {BM25_WEIGHTS}), rowid LIMIT ?)")
        return parse_ids(self._one(sql, (expr, -1 if limit is None else int(limit))))

    def ranked_page(self, query: Query, limit: int) -> tuple[np.ndarray, dict[int, str]]:
        cur = raw_cursor()
        cur.execute(
            f"SELECT rowid, snippet(library_fts, -1, ?, ?, '…', 24) FROM library_fts WHERE library_fts MATCH ? "
            f"ORDER BY bm25(library_fts, {BM25_WEIGHTS}), rowid LIMIT ?",
            (HL_START, HL_END, to_fts5(query), int(limit)),
        )
        rows = cur.fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64), dict(rows)

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        cur = raw_cursor()
        cur.execute(
            "SELECT rowid, snippet(library_fts, -1, ?, ?, '…', 24) FROM library_fts WHERE library_fts MATCH ? "
            f"AND rowid IN ({','.join('?' * len(ids))})",
            (HL_START, HL_END, to_fts5(query), *ids),
        )
        return dict(cur.fetchall())
