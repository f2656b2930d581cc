"""The models and the Alembic migrations describe the same schema, on every database."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from echo.core.extensions import db


def _include(obj, name, type_, reflected, compare_to):
    return not (name or "").startswith("library_fts")


def test_models_match_migrations(app):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _include})
        diff = compare_metadata(ctx, db.metadata)
    assert diff == [], f"models and migrations disagree; add a migration: {diff}"


def test_migrations_are_at_head(app):
    from alembic.script import ScriptDirectory
    from flask_migrate import Config

    from echo import ROOT

    cfg = Config(str(ROOT / "migrations" / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert len(heads) == 1, f"migrations have more than one head: {heads}"
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == tuple(heads)
