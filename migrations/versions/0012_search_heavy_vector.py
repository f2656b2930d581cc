"""Library search on PostgreSQL: a narrow table for matching, a small vector for ranking

Revision ID: 0012_search_heavy_vector
Revises: 0011_evaluations

Two costs made a search for a common word slow on PostgreSQL. Finding the matches visited
every matching row of library_documents, about 1.6 kB each with the case text inline; and
ts_rank_cd reads each match's whole weighted vector (several kilobytes, stored out of line).

- `toast_tuple_target = 256` keeps the heap narrow: the long text of a case (and the full
  vector) moves to the table's TOAST storage, so the rows a GIN bitmap scan visits fit in a
  fifth of the pages. Reading one entry's text costs a TOAST fetch; the library reads it a
  page of results at a time.
- `library_fts_heavy`: a generated tsvector of the fields that weigh most (title and tags
  A, questions and summary B: the columns SQLite's FTS5 ranks first for such queries), kept
  inline (storage MAIN, as are the short columns the facets read) and with its own GIN index. A query with many matches ranks only
  the cases matching in these fields, from this small vector, and shows the other matches
  after them, newest first (echo/library/search/postgres_fts.py).
- `library_fts_match_ids(tsquery)`: the ids of the matches as one text row, always through
  the GIN index. The planner prices the @@ filter of a sequential scan as cheap and chooses
  it for common words, but each row's filter then reads its vector from TOAST (seconds at
  100,000 cases); through the index no vector is read at all.

Plain PostgreSQL, no extension. Names keep to the library_fts* prefix that the
model/migration comparison leaves alone. The ALTER TABLE rewrites the table once.
"""
from alembic import op

revision = "0012_search_heavy_vector"
down_revision = "0011_evaluations"
branch_labels = None
depends_on = None

HEAVY_WEIGHTS = {"title": "A", "tags": "A", "questions": "B", "summary": "B"}
INLINE_COLUMNS = ("title", "topic", "tags", "categories", "instruments")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    parts = " || ".join(
        f"setweight(to_tsvector('library_fts_english'::regconfig, coalesce({c}, '')), '{w}')" for c, w in HEAVY_WEIGHTS.items()
    )
    # One statement, one rewrite: the storage settings apply to the rows it writes. The short
    # columns that the facet bitmaps and a result list read for many entries stay inline too.
    inline = ", ".join(f"ALTER COLUMN {c} SET STORAGE MAIN" for c in ("library_fts_heavy", *INLINE_COLUMNS))
    op.execute(
        "ALTER TABLE library_documents SET (toast_tuple_target = 256), "
        f"ADD COLUMN library_fts_heavy tsvector GENERATED ALWAYS AS ({parts}) STORED, {inline}"
    )
    op.execute("CREATE INDEX library_fts_heavy_idx ON library_documents USING GIN (library_fts_heavy)")
    op.execute(
        "CREATE FUNCTION library_fts_match_ids(q tsquery) RETURNS text LANGUAGE sql STABLE "
        "SET enable_seqscan = off AS "
        "$$ SELECT string_agg(id::text, ',') FROM library_documents WHERE library_fts_vector @@ q $$"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS library_fts_match_ids(tsquery)")
    op.execute("DROP INDEX IF EXISTS library_fts_heavy_idx")
    extended = ", ".join(f"ALTER COLUMN {c} SET STORAGE EXTENDED" for c in INLINE_COLUMNS)
    op.execute(f"ALTER TABLE library_documents DROP COLUMN IF EXISTS library_fts_heavy, RESET (toast_tuple_target), {extended}")
