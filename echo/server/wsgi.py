"""WSGI entry point for gunicorn's gevent worker (production).

    gunicorn -c python:echo.server.gunicorn_conf -b 127.0.0.1:8001 --access-logfile - echo.server.wsgi:app

(echo.server.gunicorn_conf: the gevent worker, and secret tokens cut out of the access log.)

One worker per gunicorn process: Socket.IO's long-polling needs every request of a client to
reach the same process, so run several processes on several ports behind a proxy with sticky
sessions, all with ECHO_MESSAGE_QUEUE pointing at the same Redis (docs/deployment.md).
"""
import os

os.environ.setdefault("ECHO_ASYNC_MODE", "gevent")

from echo import create_app
from echo.core.jobs import start_embedded_consumer
from echo.live.beat import start_beat
from echo.programs.upkeep import start_schedule_upkeep
from echo.server.runtime import freeze_startup_objects, tune_sqlite

app = create_app()
tune_sqlite(app)
start_schedule_upkeep(app)  # the daily sweep of open-ended schedules (docs/programs.md)
if os.environ.get("ECHO_JOBS_CONSUMER") == "embedded":  # else `python -m echo.server.consumer`
    start_embedded_consumer(app)
start_beat(app)  # boards learn of events whose publish was lost (echo.live.beat)
freeze_startup_objects()
