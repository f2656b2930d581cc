"""The daily schedule sweep inside a server process (no cron).

The program page and the calendar feeds already extend a program's window when they are
read (echo/programs/schedule_upkeep.py); this sweep covers programs nobody opens. Start it
once per server process, after create_app:

    from echo.programs.upkeep import start_schedule_upkeep
    start_schedule_upkeep(app)

It runs as a Socket.IO background task, i.e. a greenlet under gevent (`make run`,
echo.server.serve, gunicorn's gevent worker) and a thread otherwise. Several processes may each run
it: do_keep_window serialises them on the program's row, so a program is extended once.

Other features add their own daily work with add_daily_sweep(app, fn) (fn(now) -> anything,
idempotent, committing its own work): evaluations and case close-outs mail what is due.
"""
from __future__ import annotations

import logging
import random
from collections.abc import Callable

from flask import Flask

from echo.programs.schedule_upkeep import do_sweep
from echo.core.extensions import socketio

log = logging.getLogger("echo.programs")

EVERY_SECONDS = 24 * 3600
# The first run comes a few minutes after start, at a random moment, so that processes
# started together (and restarts in a loop) do not all sweep at once.
FIRST_RUN_SECONDS = (60, 600)


def add_daily_sweep(app: Flask, sweep: Callable[..., object]) -> None:
    """Run sweep(now) after the schedule's, once a day in each server process."""
    app.extensions.setdefault("echo_daily_sweeps", []).append(sweep)


def run_upkeep(app: Flask, now=None) -> dict:
    """One sweep in its own app context (its own database session). Never raises: a failed
    run is logged and the next day's run tries again; readers extend on their own meanwhile.
    Each feature's daily sweep runs too, each on its own, so one failing stops no other."""
    done: dict = {}
    try:
        with app.app_context():
            done = do_sweep(now)
    except Exception:  # noqa: BLE001 (a background loop must survive anything)
        log.exception("schedule upkeep failed")
    if done:
        log.info("schedule upkeep extended %d program(s)", len(done))
    for sweep in app.extensions.get("echo_daily_sweeps", []):
        try:
            with app.app_context():
                sweep(now)
        except Exception:  # noqa: BLE001 (as above)
            log.exception("daily sweep %s failed", getattr(sweep, "__module__", "?"))
    return done


def upkeep_loop(app: Flask, every: float = EVERY_SECONDS, sleep: Callable[[float], object] | None = None,
                rounds: int | None = None) -> None:
    """Sleep, sweep, repeat (forever, or `rounds` times: tests pass a sleep that returns at once)."""
    sleep = sleep or socketio.sleep
    delay = random.uniform(*FIRST_RUN_SECONDS)
    n = 0
    while rounds is None or n < rounds:
        sleep(delay)
        run_upkeep(app)
        n += 1
        delay = every


def start_schedule_upkeep(app: Flask, every: float = EVERY_SECONDS):
    """Start the daily sweep in this process; returns the background task."""
    return socketio.start_background_task(upkeep_loop, app, every)
