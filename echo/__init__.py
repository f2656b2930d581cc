"""ECHO case conference: the application factory."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from echo.core.request import EchoRequest

    app.request_class = EchoRequest  # text arrives without NUL characters (PostgreSQL refuses them)
    from echo.core.ids import register_id_converter

    register_id_converter(app)  # <int:...> ids above what a row can have: 404, not a 500
    from echo.core.config import load_config

    app.config.update(load_config(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    from echo.ops.logs import configure_logging

    configure_logging(app.config["LOG_FORMAT"])  # text or JSON lines with request ids; tokens redacted

    from echo.server.blueprints import import_models

    import_models()  # every feature's tables on the metadata, before the database is bound
    from echo.core.extensions import csrf, db, login_manager, migrate, socketio

    db.init_app(app)
    with app.app_context():
        from echo.core.dbpool import PING_AFTER_IDLE, ping_when_idle

        ping_when_idle(db.engine, app.config.get("DATABASE_PING_AFTER_IDLE", PING_AFTER_IDLE))
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    from echo.live.limits import SocketJSON
    from echo.live.queue import client_manager

    queue = client_manager(app.config["MESSAGE_QUEUE"])
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        **({"client_manager": queue} if queue is not None else {}),
        # The live board rides on the login session cookie; no cross-origin clients.
        # (None: same origin only; the stubs omit None)
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

    from echo.core.ratelimit import init_rate_limits

    init_rate_limits(app)

    from echo.accounts.login_sessions import init_logins

    init_logins(app)

    from echo.core.web import register_web

    register_web(app)
    from echo.core.compression import init_compression
    from echo.core.static_files import init_static

    init_static(app)  # content-hashed static URLs, cached for a year
    init_compression(app)

    from echo.server.blueprints import register_blueprints

    register_blueprints(app)

    from echo.server.cli import register_cli

    register_cli(app)
    return app
