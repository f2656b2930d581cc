"""The ops blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)

from echo.ops import routes  # noqa: E402,F401  (registers the routes on bp)


def init_app(app: Flask) -> None:
    from echo.ops.logs import init_request_ids
    from echo.ops.metrics import init_metrics

    app.config.setdefault("READY_TIMEOUT", 2.0)
    init_request_ids(app)
    init_metrics(app)
