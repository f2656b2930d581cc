"""Library search in English, Spanish and French: each entry stemmed in its program's language

Revision ID: 0014_search_languages
Revises: 0013_languages

- `library_documents.language`: the language of the entry's text, copied from its program's
  language when the case is published (echo/library/publish.py), "en" for older entries
  whose program has none.
- PostgreSQL: two configurations like `library_fts_english` (0007), `library_fts_spanish`
  and `library_fts_french`: unaccent, then the language's Snowball stemmer and stop words.
  Both generated vectors (`library_fts_vector`, `library_fts_heavy`, 0005/0012) choose their
  configuration by the row's language with a CASE over constants, which keeps them immutable
  expressions, and keep their weights and GIN indexes. A query is the OR of its tsquery in
  the three configurations (echo/library/search/postgres_fts.py): one tsquery, so the GIN
  index still answers it, and an English entry's lexemes are the same as before.
- SQLite: nothing changes. FTS5's porter tokenizer (after unicode61 folds case and accents)
  is English-only, but on Spanish and French words it removes the plural endings the same
  way on the text and on the query ("insulinas"/"insulina", "corazones"/"corazón",
  "hépatites"/"hepatite"); verbs and other inflections are not conflated.

Names keep to the library_fts* prefix that the model/migration comparison leaves alone.
The PostgreSQL part rewrites library_documents once.
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_search_languages"
down_revision = "0013_languages"
branch_labels = None
depends_on = None

FTS_COLUMNS = ["title", "presentation", "questions", "recommendations", "summary", "follow_ups", "tags", "topic"]
PG_WEIGHTS = {"title": "A", "tags": "A", "questions": "B", "summary": "B", "recommendations": "C",
              "presentation": "D", "follow_ups": "D", "topic": "D"}
HEAVY_COLUMNS = ("title", "tags", "questions", "summary")
CONFIGS = {"es": "library_fts_spanish", "fr": "library_fts_french"}


def _config(by_language: bool) -> str:
    if not by_language:
        return "'library_fts_english'::regconfig"
    whens = " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in CONFIGS.items())
    return f"(CASE language {whens} ELSE 'library_fts_english'::regconfig END)"


def _rebuild_vectors(by_language: bool) -> None:
    config = _config(by_language)

    def vector(columns) -> str:
        return " || ".join(f"setweight(to_tsvector({config}, coalesce({c}, '')), '{PG_WEIGHTS[c]}')" for c in columns)

    op.execute("DROP INDEX IF EXISTS library_fts_idx")
    op.execute("DROP INDEX IF EXISTS library_fts_heavy_idx")
    # One statement, one rewrite; the heavy vector stays inline (storage MAIN, see 0012).
    op.execute(
        "ALTER TABLE library_documents DROP COLUMN library_fts_vector, DROP COLUMN library_fts_heavy, "
        f"ADD COLUMN library_fts_vector tsvector GENERATED ALWAYS AS ({vector(FTS_COLUMNS)}) STORED, "
        f"ADD COLUMN library_fts_heavy tsvector GENERATED ALWAYS AS ({vector(HEAVY_COLUMNS)}) STORED, "
        "ALTER COLUMN library_fts_heavy SET STORAGE MAIN"
    )
    op.execute("CREATE INDEX library_fts_idx ON library_documents USING GIN (library_fts_vector)")
    op.execute("CREATE INDEX library_fts_heavy_idx ON library_documents USING GIN (library_fts_heavy)")
    # Results cached against the old index are stale.
    op.execute("UPDATE library_state SET token = md5(random()::text || clock_timestamp()::text)")


def upgrade() -> None:
    with op.batch_alter_table("library_documents") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=False, server_default="en"))
    op.execute("UPDATE library_documents SET language = coalesce((SELECT p.language FROM programs p "
               "WHERE p.id = library_documents.program_id), 'en')")
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, stem in (("library_fts_spanish", "spanish_stem"), ("library_fts_french", "french_stem")):
        source = name.removeprefix("library_fts_")
        op.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {source})")
        op.execute(f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stem}")
    _rebuild_vectors(by_language=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rebuild_vectors(by_language=False)
        for name in CONFIGS.values():
            op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
    # Not batch mode: a copied table would lose the FTS5 triggers on SQLite (3.35+ drops columns).
    op.execute("ALTER TABLE library_documents DROP COLUMN language")
