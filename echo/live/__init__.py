"""The live case conference (issue 4): board page, socket events, summary, attendance."""
from flask import Blueprint

bp = Blueprint("live", __name__)


def init_app(app) -> None:
    from ..extensions import socketio
    from . import events, realtime

    realtime.init_app(app)
    # Registered per app: each create_app() makes a new Socket.IO server (tests make many).
    events.register(socketio, app)


from . import routes  # noqa: E402,F401
