"""`python -m echo.server.consumer`: the job consumer for production (docs/deployment.md).

Runs the queued jobs (mail) and the periodic ones (session reminders) with the same
configuration as the app processes (ECHO_DATABASE_URL, ECHO_JOBS_URL or ECHO_MESSAGE_QUEUE,
SMTP). Start one or more beside the app processes; `make run` needs none (its server runs
the consumer inside itself). Ctrl-C or SIGTERM stops it after the job in hand.
"""
from __future__ import annotations

import argparse
import logging

from echo import create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run ECHO's background jobs.")
    parser.add_argument("--workers", type=int, default=2, help="jobs run at the same time (threads)")
    args = parser.parse_args(argv)
    app = create_app()
    huey = app.extensions["huey"]
    if huey.immediate:
        raise SystemExit("ECHO_JOBS_URL=immediate runs jobs in the app itself: there is nothing to consume")
    logging.getLogger("huey").setLevel(logging.INFO)
    consumer = huey.create_consumer(workers=args.workers, worker_type="thread", periodic=True)
    consumer.run()


if __name__ == "__main__":
    main()
