"""The live blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint, Flask

from echo.core.extensions import socketio
from echo.live import realtime
from echo.live import socket_events as events

bp = Blueprint("live", __name__)


def init_app(app: Flask) -> None:
    realtime.init_app(app)
    # Registered per app: each create_app() makes a new Socket.IO server (tests make many).
    events.register(socketio, app)


from echo.live import nojs as forms  # noqa: F401  (the board's no-JavaScript forms)
from echo.live import views as routes  # noqa: F401  (the routes add themselves to bp)
