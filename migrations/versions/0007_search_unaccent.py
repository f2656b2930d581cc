"""Library search on PostgreSQL folds accents, as SQLite's FTS5 already does

Revision ID: 0007_search_unaccent
Revises: 0006_live_rate_index

A learner types "sjogren", "meniere" or "behcet" for Sjögren's syndrome, Ménière's disease or
Behçet's disease. SQLite's tokenizer removes diacritics; PostgreSQL's `english` configuration
does not. This adds the `unaccent` extension (shipped with PostgreSQL, trusted since version 13,
so the database's owner may create it) and a configuration `library_fts_english`: `english`
with unaccent before the stemmer. The generated search column is rebuilt with it, and queries
use it too (echo/library/search/engine.py), so both sides are folded the same way. The name keeps to
the library_fts* prefix that the model/migration comparison leaves alone.
"""
from alembic import op

revision = "0007_search_unaccent"
down_revision = "0006_live_rate_index"
branch_labels = None
depends_on = None

FTS_COLUMNS = ["title", "presentation", "questions", "recommendations", "summary", "follow_ups", "tags", "topic"]
PG_WEIGHTS = {"title": "A", "tags": "A", "questions": "B", "summary": "B", "recommendations": "C",
              "presentation": "D", "follow_ups": "D", "topic": "D"}


def _rebuild_vector(config: str) -> None:
    parts = " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, coalesce({c}, '')), '{PG_WEIGHTS[c]}')" for c in FTS_COLUMNS
    )
    op.execute("DROP INDEX IF EXISTS library_fts_idx")
    op.execute("ALTER TABLE library_documents DROP COLUMN library_fts_vector")
    op.execute(f"ALTER TABLE library_documents ADD COLUMN library_fts_vector tsvector GENERATED ALWAYS AS ({parts}) STORED")
    op.execute("CREATE INDEX library_fts_idx ON library_documents USING GIN (library_fts_vector)")
    # Results cached against the old index are stale.
    op.execute("UPDATE library_state SET token = md5(random()::text || clock_timestamp()::text)")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE TEXT SEARCH CONFIGURATION library_fts_english (COPY = english)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION library_fts_english "
               "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem")
    _rebuild_vector("library_fts_english")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild_vector("english")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS library_fts_english")
    # The extension stays: other objects of the database may use it.
