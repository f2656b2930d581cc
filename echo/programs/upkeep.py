"""Keeping open-ended schedules three years ahead without cron: on read and in a daily sweep.

A program without an end date has its sessions materialised up to three years from the day
its rule was last applied (scheduling.do_apply_schedule). Nothing moved that window forward
except `flask programs extend-schedules` from cron, which a clinic running `make run` never
sets up, so after three years such a program silently ran out of sessions.

How the window now keeps itself up (two paths, one function, `do_keep_window`):

- On read (the robust path, chosen because it works however the app is served: `make run`,
  gunicorn, several processes, no scheduler at all): the program page and the calendar feeds
  call `do_keep_windows` first. Calendar apps poll a subscribed feed every few hours, so any
  program somebody follows is kept up by its readers. The check is one indexed query
  (max occurrence_start, served by the unique index on (program_id, occurrence_start)).
- Daily in the server process (belt and braces for programs nobody opens):
  `start_schedule_upkeep(app)`, called once per server process after create_app, sweeps every
  program once a day. It runs as a Socket.IO background task, i.e. a greenlet under gevent
  (`make run`, echo.server.serve, gunicorn's gevent worker) and a thread otherwise.

When: the window is extended once fewer than REFILL_MARGIN (about six months) of the three
years are left, i.e. when the materialised sessions reach less than ~2.5 years ahead; the
extension then materialises up to three years again. Extending in half-year steps rather
than daily keeps writes on the read path rare (about twice a year per program).

Transactions: `do_keep_window` commits on its own, unlike other do_* operations, because
holding the program's row lock must be as short as possible and the extension is independent
of whatever the reader then does; read paths call it before anything else.

Several processes: `do_keep_window` first takes a write lock on the program's row (a no-op
UPDATE; see _lock), then checks again whether the window is still short. A second process
arriving at the same moment waits on that lock and then finds the work done, so it adds
nothing. The unique constraint uq_clinic_sessions_occurrence (program_id, occurrence_start)
is the backstop: should two writers ever race past the lock, the database refuses the
duplicate, the loser rolls back, and the winner's rows stand.

Re-applying an unchanged rule is idempotent (do_apply_schedule): past sessions, one-off
sessions and occurrences edited alone (moved, retitled, cancelled: is_modified) are never
touched, and untouched future occurrences keep their row and calendar SEQUENCE.

Other features add their own daily work with add_daily_sweep(app, fn) (fn(now) -> anything,
idempotent, committing its own work): evaluations and case close-outs mail what is due.
"""
from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, cast

from flask import Flask
from sqlalchemy import CursorResult, func, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from echo.accounts.models import User
from echo.core.extensions import db, socketio
from echo.core.types import utcnow
from echo.programs import scheduling
from echo.programs.clinic_session import ClinicSession
from echo.programs.models import Membership, MembershipStatus, Program

log = logging.getLogger("echo.programs")

REFILL_MARGIN = timedelta(days=183)  # extend when less than ~2.5 of the 3 years are materialised


def refill_by(program: Program, today: date) -> date:
    """The local date the materialised sessions must reach; short of it, the window is due."""
    goal = scheduling.horizon(today) - REFILL_MARGIN
    return min(goal, program.until_date) if program.until_date else goal


def last_materialised(program: Program) -> datetime | None:
    """The latest rule occurrence that has a row (moved, cancelled or not); one-offs have none."""
    return db.session.scalar(select(func.max(ClinicSession.occurrence_start)).where(ClinicSession.program_id == program.id))


def window_due(program: Program, now: datetime | None = None) -> bool:
    """True when the program's rule has sessions to add within the refill date."""
    if program.id is None or not program.rrule or program.first_date is None or program.start_time is None:
        return False
    now = now or utcnow()
    today = now.date()
    goal = refill_by(program, today)
    if goal < today:
        return False  # the schedule has ended: there is nothing ahead to add
    last = last_materialised(program)
    last_day = scheduling.local_date(last, program.timezone) if last is not None else date.min
    if last_day >= goal:
        return False  # the common case: decided without expanding the rule
    # Short of the goal: either the window needs extending, or the rule itself stops earlier
    # (an end date, COUNT, a sparse custom rule). Only the rule can tell which.
    return scheduling.next_occurrence(scheduling.schedule_of(program), last_day, now, goal) is not None


def _lock(program: Program) -> bool:
    """Hold the program's row for the rest of the transaction; False if the program is gone.

    A no-op UPDATE rather than SELECT ... FOR UPDATE because it locks on both databases:
    PostgreSQL keeps the row locked until commit, SQLite takes its database-wide write lock
    (SQLAlchemy silently drops FOR UPDATE there). `rrule` is not a key column, so on
    PostgreSQL the lock does not block inserts that merely reference the program.
    """
    res = cast("CursorResult[Any]", db.session.execute(update(Program).where(Program.id == program.id).values(rrule=Program.rrule)
                                                       .execution_options(synchronize_session=False)))
    return res.rowcount == 1


def do_keep_window(program: Program, now: datetime | None = None, *, force: bool = False) -> scheduling.ApplyResult | None:
    """Extend the program's rule-made sessions to three years ahead when due; with force,
    re-apply the rule whether due or not (the cron command). Commits its own transaction, so
    call it before changing anything else in the request. Returns what changed, or None when
    nothing was due or another process did it first."""
    now = now or utcnow()
    if not force and not window_due(program, now):
        return None
    try:
        if not _lock(program):
            db.session.rollback()
            return None
        db.session.refresh(program)  # the rule as committed now that we hold the row
        if not force and not window_due(program, now):
            db.session.commit()  # another process extended it while we waited for the row
            return None
        result = scheduling.do_apply_schedule(program, now=now)
        db.session.commit()
    except IntegrityError:
        # The unique occurrence constraint caught a concurrent writer: its rows stand.
        db.session.rollback()
        log.info("program %s: schedule window extended concurrently elsewhere", program.id)
        return None
    log.info("program %s: schedule window kept three years ahead (%s)", program.id, result)
    return result


def do_keep_windows(programs: Iterable[Program], now: datetime | None = None) -> dict[int, scheduling.ApplyResult]:
    """do_keep_window for each program, for read paths and the daily sweep: a failure (the
    database busy, a rule that no longer expands) is logged and skipped, never shown to the
    reader, who still gets the sessions already there. Returns the programs that changed."""
    done = {}
    for program in programs:
        pid: int = sa_inspect(program).identity[0]  # without a query: a commit below expires the object
        try:
            result = do_keep_window(program, now)
        except (SQLAlchemyError, ValueError) as exc:
            db.session.rollback()
            log.warning("program %s: could not extend the schedule window (%s)", pid, type(exc).__name__)
            continue
        if result is not None:
            done[pid] = result
    return done


def programs_of(user: User) -> list[Program]:
    """The programs in the user's personal calendar feed (active memberships)."""
    return list(db.session.scalars(select(Program).join(Membership).where(
        Membership.user_id == user.id, Membership.status == MembershipStatus.active)))


def do_sweep(now: datetime | None = None) -> dict[int, scheduling.ApplyResult]:
    """Keep every program with a rule up to date (the server's daily run)."""
    ids = list(db.session.scalars(select(Program.id).where(Program.rrule != "").order_by(Program.id)))
    # One program at a time, each in its own transaction (do_keep_window commits).
    return do_keep_windows((p for pid in ids if (p := db.session.get(Program, pid)) is not None), now)


# --- the daily sweep in the server process -----------------------------------------------------

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
    except Exception:
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
    wait = sleep or cast("Callable[[float], object]", socketio.sleep)
    delay = random.uniform(*FIRST_RUN_SECONDS)
    n = 0
    while rounds is None or n < rounds:
        wait(delay)
        run_upkeep(app)
        n += 1
        delay = every


def start_schedule_upkeep(app: Flask, every: float = EVERY_SECONDS):
    """Start the daily sweep in this process; returns the background task."""
    return socketio.start_background_task(upkeep_loop, app, every)
