"""The ops blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from __future__ import annotations

from flask import Blueprint, Flask

from echo.ops.logs import init_request_ids
from echo.ops.metrics import init_metrics

bp = Blueprint("ops", __name__)

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.ops.routes",)


def init_app(app: Flask) -> None:
    app.config.setdefault("READY_TIMEOUT", 2.0)
    init_request_ids(app)
    init_metrics(app)
