"""The main blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint, Flask
from flask_login import current_user
from sqlalchemy import func, select

from echo.accounts.models import Notification
from echo.core.extensions import db

bp = Blueprint("main", __name__)

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.main.routes",)


def init_app(app: Flask) -> None:
    @app.context_processor
    def unread_count() -> dict[str, int]:
        if not current_user.is_authenticated:
            return {"unread_count": 0}
        n = db.session.scalar(
            select(func.count(Notification.id)).where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        )
        return {"unread_count": n or 0}
