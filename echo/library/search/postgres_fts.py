"""PostgreSQL backend: tsvector + GIN; ts_rank_cd (cover density) ranks, ts_headline highlights."""
from __future__ import annotations

import numpy as np
from sqlalchemy import text

from echo.core.extensions import db
from echo.library.search.backend import EMPTY, Backend
from echo.library.search.query import HL_END, HL_START, WORD, Query, Term

# english with accents folded (migrations/versions/0007_search_unaccent.py): "sjogren" finds
# Sjögren, as SQLite's tokenizer does.
CONFIG = "library_fts_english"
DOC_TEXT = "concat_ws(' … ', d.title, d.presentation, d.questions, d.recommendations, d.summary, d.follow_ups)"
HEADLINE_OPTIONS = (f"StartSel={HL_START}, StopSel={HL_END}, MaxWords=30, MinWords=12, MaxFragments=2, "
                    "FragmentDelimiter=\" … \"")


def to_tsquery(query: Query) -> tuple[str, dict[str, str]]:
    """The query as a tsquery SQL expression; every word a bound parameter."""
    params: dict[str, str] = {}

    def term(t: Term) -> str:
        k = f"t{len(params)}"
        if t.prefix and WORD.fullmatch(t.text):
            params[k] = t.text + ":*"
            return f"to_tsquery('{CONFIG}', :{k})"
        params[k] = t.text
        if t.raw:  # "a/b" is one token to PostgreSQL's parser, two words to ours: either matches
            params[k + "r"] = t.raw
            return f"(phraseto_tsquery('{CONFIG}', :{k}) || phraseto_tsquery('{CONFIG}', :{k}r))"
        return f"phraseto_tsquery('{CONFIG}', :{k})"

    parts = ["(" + " || ".join(term(t) for t in clause) + ")" for clause in query.clauses]
    expr = " && ".join(parts)
    for t in query.exclude:
        expr = f"({expr}) && !!{term(t)}"
    return expr, params


class PostgresBackend(Backend):
    def count(self, query: Query) -> int:
        expr, params = to_tsquery(query)
        sql = f"SELECT count(*) FROM library_documents d WHERE d.library_fts_vector @@ ({expr})"
        return int(db.session.execute(text(sql), params).scalar_one())

    def match_ids(self, query: Query) -> np.ndarray:
        expr, params = to_tsquery(query)
        sql = f"SELECT array_agg(d.id) FROM library_documents d WHERE d.library_fts_vector @@ ({expr})"
        return np.array(db.session.execute(text(sql), params).scalar() or [], dtype=np.int64)

    def ranked_ids(self, query: Query, heavy_only: bool = False, limit: int | None = None) -> np.ndarray:
        if heavy_only:  # no cheap column restriction here: the caller falls back to newest first
            return EMPTY
        expr, params = to_tsquery(query)
        ids = db.session.execute(text(
            f"SELECT array_agg(id) FROM (SELECT d.id FROM library_documents d, (SELECT {expr} AS q) q "
            f"WHERE d.library_fts_vector @@ q.q ORDER BY ts_rank_cd(d.library_fts_vector, q.q, 1) DESC, d.id DESC LIMIT :k) t"),
            {**params, "k": limit}).scalar()  # LIMIT NULL is no limit
        return np.array(ids or [], dtype=np.int64)

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        expr, params = to_tsquery(query)
        rows = db.session.execute(
            text(f"SELECT d.id, ts_headline('{CONFIG}', {DOC_TEXT}, q.q, :opts) FROM library_documents d, "
                 f"(SELECT {expr} AS q) q WHERE d.id = ANY(:ids)"),
            {**params, "opts": HEADLINE_OPTIONS, "ids": list(ids)},
        ).tuples().all()
        return {int(r[0]): str(r[1]) for r in rows}
