"""The main blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from typing import Any

from flask import Blueprint, Flask

bp = Blueprint("main", __name__)

from echo.main import routes  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from flask_login import current_user
    from sqlalchemy import func, select

    from echo.accounts.models import Notification
    from echo.core.extensions import db

    @app.context_processor
    def unread_count() -> dict[str, Any]:
        if not current_user.is_authenticated:
            return {"unread_count": 0}
        n = db.session.scalar(
            select(func.count(Notification.id)).where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        )
        return {"unread_count": n or 0}
