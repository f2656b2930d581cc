"""Running in production: readiness (/readyz), Prometheus metrics (/metrics), request ids and
JSON logs (docs/deployment.md, "Operations"). The process-is-up check, /healthz, is main's."""
from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)

from . import routes  # noqa: E402,F401  (registers the routes on bp)


def init_app(app: Flask) -> None:
    from .logs import init_request_ids
    from .metrics import init_metrics

    app.config.setdefault("READY_TIMEOUT", 2.0)
    init_request_ids(app)
    init_metrics(app)
