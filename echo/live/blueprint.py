"""The live blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint, Flask

from echo.accounts.signals import logins_ended
from echo.core.extensions import socketio
from echo.live import realtime
from echo.live import socket_events as events
from echo.live.categories import category_label
from echo.live.realtime import notify_access_changed
from echo.live.socket_logins import notify_logins_ended
from echo.programs.signals import access_changed

bp = Blueprint("live", __name__)

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.live.nojs", "echo.live.views")


def _close_ended_logins(_app: object, login_ids: list[int]) -> None:
    notify_logins_ended(login_ids)


def _reload_changed_access(_app: object, user_id: int, program_id: int | None) -> None:
    notify_access_changed(user_id, program_id)


def init_app(app: Flask) -> None:
    realtime.init_app(app)
    app.jinja_env.filters["category_label"] = category_label
    # Accounts and programs announce what ends a login or changes a role; the board acts on it.
    logins_ended.connect(_close_ended_logins)
    access_changed.connect(_reload_changed_access)
    # Registered per app: each create_app() makes a new Socket.IO server (tests make many).
    events.register(socketio, app)
