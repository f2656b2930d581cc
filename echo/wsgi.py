"""WSGI entry point for gunicorn's gevent worker (production).

    ECHO_ASYNC_MODE=gevent gunicorn -k gevent -w 1 -b 127.0.0.1:8001 echo.wsgi:app

One worker per gunicorn process: Socket.IO's long-polling needs every request of a client to
reach the same process, so run several processes on several ports behind a proxy with sticky
sessions, all with ECHO_MESSAGE_QUEUE pointing at the same Redis (docs/deployment.md).
"""
import os

os.environ.setdefault("ECHO_ASYNC_MODE", "gevent")

from echo import create_app  # noqa: E402
from echo.programs.upkeep import start_schedule_upkeep  # noqa: E402
from echo.runtime import freeze_startup_objects, tune_sqlite  # noqa: E402

app = create_app()
tune_sqlite(app)
start_schedule_upkeep(app)  # the daily sweep of open-ended schedules (docs/programs.md)
freeze_startup_objects()
