"""PostgreSQL backend: tsvector + GIN; ts_rank_cd (cover density) ranks, ts_headline highlights.

Two weighted vectors, both generated columns of library_documents with a GIN index each
(migrations 0005, 0007, 0012 and 0014): `library_fts_vector` holds every field (title and tags A,
questions and summary B, recommendations C, the rest D) and decides what matches;
`library_fts_heavy` holds only title, tags, questions and summary, inline in the row.

Matches are found through the GIN index only (`library_fts_match_ids`), which reads no
vector. ts_rank_cd has to read a match's whole vector, and the full one is several kilobytes
stored out of line, so a query with more than `rank_limit` matches ranks only the cases
matching in the heavy fields, from the small vector, and shows the other matches after them,
newest first (as SQLite does above its own, higher limit). Plain PostgreSQL, no extension.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from sqlalchemy import text

from echo.core.extensions import db
from echo.library.search.backend import Backend
from echo.library.search.query import HL_END, HL_START, WORD, Query, Term

# Each language's configuration folds accents before stemming (migrations 0007 and
# 0014_search_languages): "sjogren" finds Sjögren, as SQLite's tokenizer does. An entry is
# indexed in its program's language; a query is stemmed in all three and ORed, so it finds
# "insulinas" in a Spanish entry and "treatments" in an English one with one tsquery (the
# GIN index answers it; an English entry's rank only sees its own lexemes).
CONFIGS = ("library_fts_english", "library_fts_spanish", "library_fts_french")
# The configuration an entry was indexed with, for ts_headline (a page of rows at a time).
DOC_CONFIG = ("(CASE d.language WHEN 'es' THEN 'library_fts_spanish'::regconfig "
              "WHEN 'fr' THEN 'library_fts_french'::regconfig ELSE 'library_fts_english'::regconfig END)")
DOC_TEXT = "concat_ws(' … ', d.title, d.presentation, d.questions, d.recommendations, d.summary, d.follow_ups)"
HEADLINE_OPTIONS = (f"StartSel={HL_START}, StopSel={HL_END}, MaxWords=30, MinWords=12, MaxFragments=2, "
                    "FragmentDelimiter=\" … \"")


def _every_language(fn: str, param: str) -> str:
    return "(" + " || ".join(f"{fn}('{c}', :{param})" for c in CONFIGS) + ")"


def to_tsquery(query: Query) -> tuple[str, dict[str, str]]:
    """The query as a tsquery SQL expression; every word a bound parameter."""
    params: dict[str, str] = {}

    def term(t: Term) -> str:
        k = f"t{len(params)}"
        if t.prefix and WORD.fullmatch(t.text):
            params[k] = t.text + ":*"
            return _every_language("to_tsquery", k)
        params[k] = t.text
        if t.raw:  # "a/b" is one token to PostgreSQL's parser, two words to ours: either matches
            params[k + "r"] = t.raw
            return f"({_every_language('phraseto_tsquery', k)} || {_every_language('phraseto_tsquery', k + 'r')})"
        return _every_language("phraseto_tsquery", k)

    parts = ["(" + " || ".join(term(t) for t in clause) + ")" for clause in query.clauses]
    expr = " && ".join(parts)
    for t in query.exclude:
        expr = f"({expr}) && !!{term(t)}"
    return expr, params


def _ids(sql: str, params: Mapping[str, object]) -> np.ndarray:
    """Ids from one comma-separated string_agg row, parsed by numpy in C."""
    s = db.session.execute(text(sql), params).scalar()
    return np.fromstring(s, dtype=np.int64, sep=",") if s else np.zeros(0, dtype=np.int64)


class PostgresBackend(Backend):
    # ts_rank_cd reads the whole vector from TOAST: about 10 µs a match on a quiet machine.
    rank_limit = 1_000

    def count(self, query: Query) -> int:
        expr, params = to_tsquery(query)
        sql = f"SELECT count(*) FROM library_documents d WHERE d.library_fts_vector @@ ({expr})"
        return int(db.session.execute(text(sql), params).scalar_one())

    def match_ids(self, query: Query) -> np.ndarray:
        expr, params = to_tsquery(query)
        return _ids(f"SELECT library_fts_match_ids({expr})", params)

    def ranked_ids(self, query: Query, heavy_only: bool = False, limit: int | None = None) -> np.ndarray:
        expr, params = to_tsquery(query)
        vector = "library_fts_heavy" if heavy_only else "library_fts_vector"
        return _ids(
            f"SELECT string_agg(id::text, ',') FROM (SELECT d.id FROM library_documents d, (SELECT {expr} AS q) q "
            f"WHERE d.{vector} @@ q.q ORDER BY ts_rank_cd(d.{vector}, q.q, 1) DESC, d.id DESC LIMIT :k) t",
            {**params, "k": limit})  # LIMIT NULL is no limit

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        expr, params = to_tsquery(query)
        rows = db.session.execute(
            text(f"SELECT d.id, ts_headline({DOC_CONFIG}, {DOC_TEXT}, q.q, :opts) FROM library_documents d, "
                 f"(SELECT {expr} AS q) q WHERE d.id = ANY(:ids)"),
            {**params, "opts": HEADLINE_OPTIONS, "ids": list(ids)},
        ).tuples().all()
        return {int(r[0]): str(r[1]) for r in rows}
