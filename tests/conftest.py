"""Shared fixtures: the app on a real SQLite file and (when configured) a real PostgreSQL,
the Flask and Socket.IO test clients, logged-in users, a live server process and a browser.

Every test that asks for `app` runs once per database: SQLite always, PostgreSQL when
ECHO_TEST_POSTGRES_URL is set (CI sets it).
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests import tests.factories and tests.helpers
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.pop("ECHO_DATABASE_URL", None)
os.environ.pop("ECHO_MESSAGE_QUEUE", None)
# Mail "sent" without SMTP is kept in a Maildir: the test run's own, not the project's instance/.
os.environ["ECHO_MAIL_DIR"] = tempfile.mkdtemp(prefix="echo-test-mail-")
atexit.register(shutil.rmtree, os.environ["ECHO_MAIL_DIR"], True)

# After the environment above: the helpers import the app's modules.
from tests.helpers import PG_URL, free_port, login  # noqa: E402

DATABASES = ["sqlite"] + (["postgres"] if PG_URL else [])


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres_only (several server processes sharing one database) are not
    collected for SQLite at all, rather than reported as skipped."""
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_sqlite = callspec is not None and callspec.params.get("db_url") == "sqlite"
        (drop if on_sqlite and item.get_closest_marker("postgres_only") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    from echo import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "JOBS_URL": "immediate"})
    with app.app_context():
        upgrade()
        from echo.core.extensions import db

        db.engine.dispose()


def _pg_admin_url() -> str:
    return PG_URL.replace("postgresql://", "postgresql+psycopg://", 1) if PG_URL.startswith("postgresql://") else PG_URL


def _pg_database_url(name: str) -> str:
    parts = urlsplit(_pg_admin_url())
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once keeps the suite fast)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database():
    """A throw-away PostgreSQL database for this test run, migrated once.

    A database of its own per run lets two runs (two developers, CI) share one server.
    """
    if not PG_URL:
        pytest.skip("ECHO_TEST_POSTGRES_URL not set")
    import sqlalchemy as sa

    name = f"echo_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = _pg_database_url(name)
    _migrate(url)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=DATABASES)
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "echo.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_database")
        yield url
        _truncate_pg(url)


def _truncate_pg(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        tables = [r[0] for r in conn.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))]
        if tables:
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app(db_url):
    from echo import create_app
    from echo.core.extensions import db

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": db_url,
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SERVER_NAME": None,
        # Jobs (mail) run when queued, so a test sees their effect at once (tests/core/test_jobs.py
        # runs a real queue on SQLite and Redis).
        "JOBS_URL": "immediate",
    })
    # The fixture keeps one app context pushed for the whole test, so requests share its `g`,
    # where Flask-Login caches the current user: forget it before each request so that two
    # clients logged in as different people are served as themselves.
    from flask import g

    def forget_cached_user() -> None:
        g.pop("_login_user", None)

    app.before_request_funcs.setdefault(None, []).insert(0, forget_cached_user)
    ctx = app.app_context()
    ctx.push()
    yield app
    db.session.remove()
    db.engine.dispose()
    ctx.pop()


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    """scrypt (production's choice) costs ~70 ms per factory user; tests do not need its strength."""
    from functools import partial

    from werkzeug.security import generate_password_hash

    import echo.accounts.models as user_module

    monkeypatch.setattr(user_module, "generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1000"))


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(app):
    """login_as(user) -> a test client logged in as that user."""

    def _login(user):
        c = app.test_client()
        login(c, user)
        return c

    return _login


@pytest.fixture
def socket_client(app):
    """socket_client(user) -> a Flask-SocketIO test client sharing that user's login session."""
    from echo.core.extensions import socketio

    made = []

    def _make(user, **kw):
        flask_client = app.test_client()
        if user is not None:
            login(flask_client, user)
        sc = socketio.test_client(app, flask_test_client=flask_client, **kw)
        made.append(sc)
        return sc

    yield _make
    for sc in made:
        if sc.is_connected():
            sc.disconnect()


@pytest.fixture
def people(app):
    from tests.factories import program_with_roles

    return program_with_roles()


# --- real server processes -------------------------------------------------------------


class ServerProcess:
    """`python -m echo.server.serve` (gevent), or another server command given its port, in its own
    process against the test's database."""

    def __init__(self, db_url: str, env: dict | None = None, command=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = dict(os.environ)
        full_env.update({
            "ECHO_DATABASE_URL": db_url.replace("postgresql+psycopg://", "postgresql://", 1),
            "ECHO_PORT": str(self.port),
            "ECHO_HOST": "127.0.0.1",
            "ECHO_PRINT_LOGINS": "0",
            "SECRET_KEY": "test-secret-key-not-for-production",
            "PYTHONUNBUFFERED": "1",
        })
        full_env.update(env or {})
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"echo-server-{self.port}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 (the server writes to it until stop())
        argv = command(self.port) if command else [sys.executable, "-m", "echo.server.serve"]
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=full_env, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self, timeout: float = 30) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited early:\n" + self.log_path.read_text()[-3000:])
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start:\n" + self.log_path.read_text()[-3000:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._log.close()


@pytest.fixture
def live_server(app, db_url):
    """start(command=None, **env) -> a running server process on the test's database; all
    stopped afterwards. command(port) -> argv, for a server other than echo.server.serve."""
    from echo.core.extensions import db

    servers = []

    def start(command=None, **env):
        db.session.commit()
        s = ServerProcess(db_url, env, command)
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.stop()


# --- the browser --------------------------------------------------------------------------

CHROMIUM = os.environ.get("ECHO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    """new_page(**context_options) -> a page in a fresh browser context (own cookies)."""
    contexts = []

    def _new(**opts):
        ctx = browser.new_context(**opts)
        ctx.set_default_timeout(15000)
        contexts.append(ctx)
        return ctx.new_page()

    yield _new
    for ctx in contexts:
        ctx.close()
