"""Backups while the app runs: `flask backup` (or `make backup`), docs/deployment.md.

SQLite: sqlite3's online backup API, in one step, copies the database as of one moment
(a read transaction) while the app goes on reading and writing; a plain file copy of a
database in use (and its WAL) can catch it half-written. The copy is checked
(PRAGMA integrity_check) and only then moved to its final name.

PostgreSQL: pg_dump in its custom format (a consistent snapshot, restored with pg_restore);
the connection details reach it through PG* environment variables, not its command line,
so the password does not show in the process list.

The job queue's own file (echo-jobs.db) is not backed up: it holds mail waiting to be sent,
and a restored copy would send it a second time.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupFailed(Exception):
    pass


def default_target(instance_path: str, url: URL) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "db" if url.get_backend_name() == "sqlite" else "dump"
    return Path(instance_path) / "backups" / f"echo-{stamp}.{suffix}"


def backup(database_uri: str, target: Path) -> Path:
    url = make_url(database_uri)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupFailed("an in-memory database has nothing to back up")
        return backup_sqlite(Path(url.database), target)
    if url.get_backend_name() == "postgresql":
        return backup_postgres(url, target)
    raise BackupFailed(f"no backup method for {url.get_backend_name()}")


def backup_sqlite(source: Path, target: Path) -> Path:
    if not source.is_file():
        raise BackupFailed(f"no database at {source}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)  # pages=-1: the whole database in one step, i.e. one consistent moment
        ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if ok != "ok":
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"the copy failed its integrity check: {ok}")
    partial.chmod(0o600)  # it holds case text
    os.replace(partial, target)
    return target


def pg_environment(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in {"PGHOST": url.host, "PGPORT": url.port, "PGUSER": url.username,
                       "PGPASSWORD": url.password, "PGDATABASE": url.database}.items():
        if value is not None:
            env[key] = str(value)
    return env


def backup_postgres(url: URL, target: Path) -> Path:
    partial = target.with_name(target.name + ".partial")
    try:
        done = subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}"],
                              env=pg_environment(url), capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupFailed("pg_dump is not installed (Debian: postgresql-client)") from exc
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"pg_dump failed: {done.stderr.strip()[-500:]}")
    partial.chmod(0o600)
    os.replace(partial, target)
    return target
