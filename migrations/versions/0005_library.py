"""Case library: published entries and the full-text search index (issue 5)

Revision ID: 0005_library
Revises: 0004_live

Normal tables (library_documents, library_state) are also models. The search index is raw,
dialect-specific SQL; every such object is named library_fts* so that the model/migration
comparison (migrations/env.py, tests/test_migrations.py) leaves it alone:

SQLite      library_fts            FTS5 external-content table over library_documents
            library_fts_ai/ad/au   triggers keeping it current
            rank                   bm25 with column weights, stored in the FTS5 config
PostgreSQL  library_fts_vector     generated, weighted tsvector column on library_documents
            library_fts_idx        GIN index on it
Both        library_fts_state_*    triggers that change library_state.token on every write
"""
from alembic import op
import sqlalchemy as sa

import echo.core.types

revision = "0005_library"
down_revision = "0004_live"
branch_labels = None
depends_on = None

# Searched columns, in FTS column order, with their bm25 weights (title and tags count most).
FTS_COLUMNS = ["title", "presentation", "questions", "recommendations", "summary", "follow_ups", "tags", "topic"]
BM25_WEIGHTS = "10.0, 1.0, 2.0, 1.5, 2.0, 1.0, 5.0, 1.0"
PG_WEIGHTS = {"title": "A", "tags": "A", "questions": "B", "summary": "B", "recommendations": "C",
              "presentation": "D", "follow_ups": "D", "topic": "D"}


def upgrade():
    op.create_table(
        "library_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("presentation", sa.Text(), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("follow_ups", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("age_band", sa.String(length=20), nullable=False),
        sa.Column("sex", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("instruments", sa.String(length=100), nullable=False),
        sa.Column("categories", sa.String(length=200), nullable=False),
        sa.Column("presenter_name", sa.String(length=120), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("published_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.Column("indexed_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_library_documents_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_library_documents_program_id_programs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_documents")),
        sa.UniqueConstraint("case_id", name=op.f("uq_library_documents_case_id")),
    )
    with op.batch_alter_table("library_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_documents_program_id"), ["program_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_library_documents_published_at"), ["published_at"], unique=False)

    op.create_table(
        "library_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_state")),
    )

    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def _upgrade_sqlite():
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    # unicode61 folds case and diacritics for every script; porter stems English words.
    op.execute(
        f"CREATE VIRTUAL TABLE library_fts USING fts5({cols}, content='library_documents', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(f"INSERT INTO library_fts(library_fts, rank) VALUES ('rank', 'bm25({BM25_WEIGHTS})')")
    op.execute(f"CREATE TRIGGER library_fts_ai AFTER INSERT ON library_documents BEGIN "
               f"INSERT INTO library_fts(rowid, {cols}) VALUES (new.id, {new}); END")
    op.execute(f"CREATE TRIGGER library_fts_ad AFTER DELETE ON library_documents BEGIN "
               f"INSERT INTO library_fts(library_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END")
    op.execute(f"CREATE TRIGGER library_fts_au AFTER UPDATE ON library_documents BEGIN "
               f"INSERT INTO library_fts(library_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
               f"INSERT INTO library_fts(rowid, {cols}) VALUES (new.id, {new}); END")
    bump = "INSERT OR REPLACE INTO library_state(id, token) VALUES (1, lower(hex(randomblob(16))))"
    for name, event in (("ai", "INSERT"), ("ad", "DELETE"), ("au", "UPDATE")):
        op.execute(f"CREATE TRIGGER library_fts_state_{name} AFTER {event} ON library_documents BEGIN {bump}; END")


def _upgrade_postgresql():
    parts = " || ".join(
        f"setweight(to_tsvector('english'::regconfig, coalesce({c}, '')), '{PG_WEIGHTS[c]}')" for c in FTS_COLUMNS
    )
    op.execute(f"ALTER TABLE library_documents ADD COLUMN library_fts_vector tsvector GENERATED ALWAYS AS ({parts}) STORED")
    op.execute("CREATE INDEX library_fts_idx ON library_documents USING GIN (library_fts_vector)")
    op.execute(
        "CREATE FUNCTION library_fts_state_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO library_state(id, token) VALUES (1, md5(random()::text || clock_timestamp()::text)) "
        "ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER library_fts_state_trg AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON library_documents "
        "FOR EACH STATEMENT EXECUTE FUNCTION library_fts_state_bump()"
    )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS library_fts_state_trg ON library_documents")
        op.execute("DROP FUNCTION IF EXISTS library_fts_state_bump()")
        op.execute("DROP INDEX IF EXISTS library_fts_idx")
    else:
        for name in ("ai", "ad", "au", "state_ai", "state_ad", "state_au"):
            op.execute(f"DROP TRIGGER IF EXISTS library_fts_{name}")
        op.execute("DROP TABLE IF EXISTS library_fts")
    op.drop_table("library_state")
    with op.batch_alter_table("library_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_documents_published_at"))
        batch_op.drop_index(batch_op.f("ix_library_documents_program_id"))
    op.drop_table("library_documents")
