"""Background jobs: work that must not hold up a request (mail) or that runs on a clock
(reminders), with retries.

Why huey: one small, well-kept library that runs the same job code on every deployment we
have. `make run` keeps its queue in a SQLite file next to the database and runs the consumer
inside the server process (no extra service to install); production keeps the queue in the
Redis it already runs for Socket.IO and runs `python -m echo.server.consumer` beside the app
processes; tests run jobs at once (immediate mode). It has retries with a delay and
cron-like periodic jobs. Celery would need a broker even on a laptop; RQ has no SQLite
backend and no periodic jobs without another package.

Where the queue lives (ECHO_JOBS_URL, see docs/deployment.md):
- "redis://...": RedisHuey (several app and consumer processes, several hosts);
- unset: the Redis of ECHO_MESSAGE_QUEUE if that is one, else a SQLite file beside the
  SQLite database (instance/echo-jobs.db for instance/echo.db; instance/jobs.db otherwise);
- "immediate": every job runs when enqueued, in the caller's thread (the tests).

A feature declares a job at import time with `@job(...)` or `@periodic_job(...)`; each app
(create_app) registers every declared job with its own huey instance, wrapped so that the
job runs inside that app's context. Callers enqueue with `some_job.enqueue(args...)`.
Arguments are pickled into the queue: pass ids and short strings, never objects.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer

log = logging.getLogger("echo.core.jobs")

QUEUE_NAME = "echo-jobs"


@dataclass
class Job:
    """A job declared by a feature: its function, and how often to try it again."""

    name: str
    func: Callable[..., Any]
    retries: int = 0
    retry_delay: int = 0  # seconds before the first retry; doubled for each later one
    schedule: Callable[..., Any] | None = None  # a huey crontab for periodic jobs

    def enqueue(self, *args: Any, **kwargs: Any) -> None:
        """Queue one run (in immediate mode: run it now). Needs an app context."""
        current_app.extensions["jobs"][self.name](*args, **kwargs)


_DECLARED: dict[str, Job] = {}


def job(name: str, *, retries: int = 0, retry_delay: int = 0) -> Callable[[Callable[..., Any]], Job]:
    def declare(func: Callable[..., Any]) -> Job:
        j = Job(name, func, retries, retry_delay)
        _DECLARED[name] = j
        return j

    return declare


def periodic_job(name: str, schedule: Callable[..., Any]) -> Callable[[Callable[..., Any]], Job]:
    """A job the consumer starts on a clock (schedule: huey.crontab(...)). Several consumers
    each start it: the job itself must be idempotent."""

    def declare(func: Callable[..., Any]) -> Job:
        j = Job(name, func, schedule=schedule)
        _DECLARED[name] = j
        return j

    return declare


def every_minutes(n: int) -> Callable[..., Any]:
    schedule: Callable[..., Any] = crontab(minute=f"*/{n}")
    return schedule


def _default_sqlite_file(app: Flask) -> Path:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and uri != "sqlite:///:memory:":
        db_file = Path(uri[len("sqlite:///"):])
        return db_file.with_name(db_file.stem + "-jobs.db")
    return Path(app.instance_path) / "jobs.db"


def make_huey(app: Flask) -> Huey:
    url = app.config.get("JOBS_URL") or ""
    if url == "immediate":
        return MemoryHuey(QUEUE_NAME, immediate=True, utc=True)
    if not url and (app.config.get("MESSAGE_QUEUE") or "").startswith(("redis://", "rediss://")):
        url = app.config["MESSAGE_QUEUE"]
    if url.startswith(("redis://", "rediss://", "unix://")):
        # results=False: nobody waits on a job's return value, so none is kept in Redis.
        return RedisHuey(QUEUE_NAME, url=url, results=False, utc=True)
    path = Path(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else _default_sqlite_file(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=str(path), results=False, utc=True)


def _in_app(app: Flask, func: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        # An app context of its own: its own database session, also in immediate mode.
        with app.app_context():
            return func(*args, **kwargs)

    run.__name__ = func.__name__
    run.__module__ = func.__module__
    return run


def init_jobs(app: Flask, modules: list[str]) -> Huey:
    """Create this app's queue and register every job declared in `modules` with it."""
    import importlib

    for name in modules:
        importlib.import_module(name)
    huey = make_huey(app)
    registered = {}
    for j in _DECLARED.values():
        runner = _in_app(app, j.func)
        if j.schedule is not None:
            registered[j.name] = huey.periodic_task(j.schedule, name=j.name)(runner)
        else:
            registered[j.name] = huey.task(retries=j.retries, retry_delay=j.retry_delay, retry_backoff=2,
                                           name=j.name)(runner)
    app.extensions["huey"] = huey
    app.extensions["jobs"] = registered
    return huey


class EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """huey's consumer inside the web server process (`make run`): the server owns the
    process's signals (Ctrl-C), so the consumer installs no handlers of its own; its worker
    and scheduler threads are daemons and end with the server."""

    def _set_signal_handlers(self) -> None:
        pass


def start_embedded_consumer(app: Flask, workers: int = 1) -> Consumer | None:
    """Run the queue's consumer in this process (threads; greenlets under gevent)."""
    huey: Huey = app.extensions["huey"]
    if huey.immediate:
        return None
    consumer = EmbeddedConsumer(huey, workers=workers, worker_type="thread", periodic=True,
                                check_worker_health=False)
    consumer.start()
    # Its per-job INFO lines (every five minutes for the reminders) would crowd the server's
    # own; failures are logged at WARNING and above, and still show.
    logging.getLogger("huey").setLevel(logging.WARNING)
    log.info("job consumer running in this process (%s)", type(huey.storage).__name__)
    return consumer
