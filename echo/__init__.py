"""ECHO case conference: the application factory."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
# A source checkout (`make run`, an editable install) has templates/, static/ and migrations/
# at its top level. An installed wheel carries the same folders inside the package (echo/
# templates, ...: setup.py maps them there), and has no checkout to keep instance/ in.
SOURCE_CHECKOUT = (ROOT / "pyproject.toml").is_file() and (ROOT / "templates").is_dir()


def resource_dir(name: str) -> Path:
    """templates, static or migrations: the checkout's top-level folder, else the installed one."""
    return ROOT / name if SOURCE_CHECKOUT else Path(__file__).resolve().parent / name


def _instance_path() -> str | None:
    """ECHO_INSTANCE_PATH, else the checkout's instance/, else Flask's own choice for an
    installed package (<prefix>/var/echo-instance)."""
    if os.environ.get("ECHO_INSTANCE_PATH"):
        return os.environ["ECHO_INSTANCE_PATH"]
    return str(ROOT / "instance") if SOURCE_CHECKOUT else None


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    # Imported when an app is built, not when the package is: importing any module of echo runs
    # this file first, and it must not pull in every feature (nor their import order) with it.
    from echo.accounts.login_sessions import init_logins
    from echo.core.compression import init_compression
    from echo.core.config import load_config
    from echo.core.dbpool import PING_AFTER_IDLE, ping_when_idle
    from echo.core.extensions import csrf, db, login_manager, migrate, socketio
    from echo.core.i18n import init_i18n
    from echo.core.ids import register_id_converter
    from echo.core.jobs import init_jobs
    from echo.core.ratelimit import init_rate_limits
    from echo.core.request import EchoRequest
    from echo.core.static_files import init_static
    from echo.core.web import register_web
    from echo.live.limits import SocketJSON
    from echo.ops.logs import configure_logging
    from echo.server.blueprints import JOBS, import_models, register_blueprints
    from echo.server.cli import register_cli

    app = Flask(
        __name__,
        instance_path=_instance_path(),
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    app.request_class = EchoRequest  # text arrives without NUL characters (PostgreSQL refuses them)
    register_id_converter(app)  # <int:...> ids above what a row can have: 404, not a 500
    app.config.update(load_config(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    configure_logging(app.config["LOG_FORMAT"])  # text or JSON lines with request ids; tokens redacted

    import_models()  # every feature's tables on the metadata, before the database is bound
    db.init_app(app)
    with app.app_context():
        ping_when_idle(db.engine, app.config.get("DATABASE_PING_AFTER_IDLE", PING_AFTER_IDLE))
    migrate.init_app(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)
    login_manager.init_app(app)
    init_i18n(app)  # the request's language: the user's setting, else the switcher's, else the browser's
    csrf.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        # The live board rides on the login session cookie; no cross-origin clients.
        cors_allowed_origins=app.config.get("SOCKETIO_CORS", None),  # type: ignore[arg-type]
        # Above the per-message limit, so an oversize message is refused with an ack rather
        # than by closing the connection (echo/live/limits.py).
        max_http_buffer_size=app.config["SOCKET_TRANSPORT_LIMIT"],
        json=SocketJSON,
        manage_session=False,
        logger=False,
        engineio_logger=False,
    )

    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # The client's address and scheme as the trusted proxies saw them, for the socket
        # handshake too (outside the Socket.IO middleware) (docs/deployment.md).
        n = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]

    init_rate_limits(app)

    init_logins(app)

    register_web(app)
    init_static(app)  # content-hashed static URLs, cached for a year
    init_compression(app)

    register_blueprints(app)

    init_jobs(app, JOBS)  # mail and reminders run in the job consumer, not in the request

    register_cli(app)
    return app
