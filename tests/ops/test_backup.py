"""`flask backup`: a consistent copy taken while the app is in use, that restores with the data."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid

import pytest
import sqlalchemy as sa

from echo.accounts.models import User
from echo.core.extensions import db
from echo.programs.models import Program
from tests.factories import make_program, make_user


def _restored_names(url: str) -> tuple[set[str], set[str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            users = {r[0] for r in conn.execute(sa.text("SELECT email FROM users"))}
            programs = {r[0] for r in conn.execute(sa.text("SELECT name FROM programs"))}
    finally:
        engine.dispose()
    return users, programs


ON_SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@ON_SQLITE
def test_sqlite_backup_while_a_write_is_in_progress_restores_the_committed_data(app, runner, tmp_path):
    coordinator = make_user("Backed Up", email="kept@example.org")
    make_program(coordinator, name="Hepatitis C clinic")
    # Another connection of the running app is half-way through a write.
    writer = sqlite3.connect(db.engine.url.database, timeout=5)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE programs SET name = 'Not committed'")
    try:
        result = runner.invoke(args=["backup", "--to", str(tmp_path / "copy.db")])
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output
    # The live database changes afterwards; the backup is as of its moment.
    make_user("After", email="after@example.org")
    restored = tmp_path / "restored.db"
    shutil.copyfile(tmp_path / "copy.db", restored)
    users, programs = _restored_names(f"sqlite:///{restored}")
    assert "kept@example.org" in users and "after@example.org" not in users
    assert programs == {"Hepatitis C clinic"}
    assert (tmp_path / "copy.db").stat().st_mode & 0o777 == 0o600  # it holds case text


@ON_SQLITE
def test_the_restored_sqlite_backup_runs_the_app(app, runner, tmp_path):
    make_user("Restored Reader", email="reader@example.org")
    assert runner.invoke(args=["backup", "--to", str(tmp_path / "b.db")]).exit_code == 0
    from echo import create_app

    restored = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'b.db'}", "TESTING": True,
                           "JOBS_URL": "immediate"})
    with restored.app_context():
        assert db.session.scalar(sa.select(User.name).where(User.email == "reader@example.org")) == "Restored Reader"
        db.session.remove()
        db.engine.dispose()


@ON_SQLITE
def test_backup_refuses_a_missing_database_clearly(app, runner, tmp_path):
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'nothing-here.db'}"
    result = runner.invoke(args=["backup", "--to", str(tmp_path / "x.db")])
    assert result.exit_code != 0 and "no database at" in result.output
    assert not (tmp_path / "x.db").exists()


@pytest.mark.postgres_only
@pytest.mark.skipif(shutil.which("pg_restore") is None, reason="pg_dump/pg_restore not installed")
def test_postgres_backup_restores_with_pg_restore(app, runner, tmp_path):
    coordinator = make_user("Backed Up", email="kept@example.org")
    make_program(coordinator, name="Hepatitis C clinic")
    result = runner.invoke(args=["backup", "--to", str(tmp_path / "echo.dump")])
    assert result.exit_code == 0, result.output
    url = db.engine.url
    name = f"echo_restore_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        from echo.ops.backup import pg_environment

        done = subprocess.run(["pg_restore", "--no-owner", f"--dbname={name}", str(tmp_path / "echo.dump")],
                              env=pg_environment(url.set(database=name)), capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        users, programs = _restored_names(url.set(database=name).render_as_string(hide_password=False))
        assert "kept@example.org" in users and programs == {"Hepatitis C clinic"}
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    assert db.session.scalar(sa.select(Program.name)) == "Hepatitis C clinic"
