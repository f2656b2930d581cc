"""`python -m echo.server.serve`: the development and single-host server (gevent).

gevent holds a live room of 1,000 sockets where threading does not (docs/architecture.md),
so the server patches the standard library before anything else is imported.
"""
from gevent import monkey

monkey.patch_all()

import os  # noqa: E402

from psycopg import pq  # noqa: E402,F401  (imported after patching on purpose)

os.environ.setdefault("ECHO_ASYNC_MODE", "gevent")
# Links in mail and calendar feeds point at this server unless the deployment names its origin.
os.environ.setdefault("ECHO_BASE_URL", f"http://127.0.0.1:{os.environ.get('ECHO_PORT', '5000')}")

from gevent.pywsgi import WSGIHandler  # noqa: E402

from echo import create_app  # noqa: E402
from echo.core.extensions import socketio  # noqa: E402
from echo.core.jobs import start_embedded_consumer  # noqa: E402
from echo.demo import print_logins  # noqa: E402
from echo.live.beat import start_beat  # noqa: E402
from echo.ops.accesslog import redact  # noqa: E402
from echo.programs.upkeep import start_schedule_upkeep  # noqa: E402
from echo.server.runtime import freeze_startup_objects, tune_sqlite  # noqa: E402
from echo.server.sockets import ended_a_websocket, send_at_once  # noqa: E402


class ServerHandler(WSGIHandler):
    """gevent's handler, per accepted connection: frames leave at once (TCP_NODELAY), the
    connection ends with its WebSocket, and secret tokens are cut out of the access log line."""

    def handle(self) -> None:
        send_at_once(self.socket)
        super().handle()

    def handle_one_response(self) -> None:
        super().handle_one_response()
        if ended_a_websocket(self.environ):
            # gevent would otherwise keep the connection alive and parse the client's leftover
            # frame bytes (a late close frame) as the next request: "Invalid HTTP method", then
            # a traceback when its 400 meets the closed socket.
            self.close_connection = True

    def format_request(self) -> str:
        return redact(super().format_request())


def main() -> None:
    host = os.environ.get("ECHO_HOST", "127.0.0.1")
    port = int(os.environ.get("ECHO_PORT", "5000"))
    app = create_app()
    tune_sqlite(app)
    start_schedule_upkeep(app)  # the daily sweep of open-ended schedules: no cron needed
    if os.environ.get("ECHO_JOBS_CONSUMER", "embedded") == "embedded":
        # Mail and reminders run in this process (greenlets); production runs
        # `python -m echo.server.consumer` instead and sets ECHO_JOBS_CONSUMER=separate.
        start_embedded_consumer(app)
    start_beat(app)  # boards learn of events whose publish was lost (echo.live.beat)
    if os.environ.get("ECHO_PRINT_LOGINS", "1") == "1":
        with app.app_context():
            print_logins()
    print(f" * ECHO case conference on http://{host}:{port}", flush=True)
    freeze_startup_objects()
    socketio.run(app, host=host, port=port, log_output=os.environ.get("ECHO_ACCESS_LOG") == "1",
                 handler_class=ServerHandler, allow_unsafe_werkzeug=False)


if __name__ == "__main__":
    main()
