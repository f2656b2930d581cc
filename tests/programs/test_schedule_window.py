"""The rolling three-year window keeps itself up without cron (echo/programs/upkeep.py).

Time is moved forward by passing `now` to the domain functions (the rule applied "two years
ago", the window read "today"); the page and feed tests apply the rule two years before the
real clock instead, since routes read the clock themselves.
"""
from __future__ import annotations

import threading
import time as clock
from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs import operations as P
from echo.programs import scheduling as S
from echo.programs import upkeep as U
from echo.programs import upkeep as background
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Program
from tests.factories import add_member, make_program, make_user
from tests.helpers import feed_token

DENVER = ZoneInfo("America/Denver")
YEAR = timedelta(days=365)


def _open_ended(created: datetime, coordinator=None, **kw) -> Program:
    """A weekly Tuesday-noon Denver program, no end date unless given, its rule applied at `created`."""
    p = make_program(coordinator or make_user(), rrule="FREQ=WEEKLY;BYDAY=TU", first_date=created.date(),
                     start_time=time(12, 0), **kw)
    S.do_apply_schedule(p, now=created)
    db.session.commit()
    return p


def _rows(pid: int) -> list[ClinicSession]:
    db.session.expire_all()
    return list(db.session.scalars(select(ClinicSession).where(ClinicSession.program_id == pid).order_by(ClinicSession.starts_at)))


def _count(pid: int) -> int:
    return db.session.scalar(select(func.count(ClinicSession.id)).where(ClinicSession.program_id == pid))


def _snapshot(rows: list[ClinicSession]) -> dict:
    return {r.id: (r.starts_at, r.occurrence_start, r.status, r.is_modified, r.ical_sequence, r.didactic_title,
                   r.duration_minutes) for r in rows}


def _last_day(pid: int):
    return S.local_date(db.session.scalar(select(func.max(ClinicSession.occurrence_start)).where(ClinicSession.program_id == pid)), "America/Denver")


def _assert_one_row_per_occurrence(pid: int) -> None:
    rule_made = [r for r in _rows(pid) if r.occurrence_start is not None]
    assert len({r.occurrence_start for r in rule_made}) == len(rule_made)
    assert len({S.local_date(r.occurrence_start, "America/Denver") for r in rule_made}) == len(rule_made)


def _assert_weekly_without_gaps(pid: int) -> None:
    days = sorted(S.local_date(r.occurrence_start, "America/Denver") for r in _rows(pid) if r.occurrence_start)
    assert all(b - a == timedelta(days=7) for a, b in pairwise(days))


def _keep_in_own_session(app, pid: int, now: datetime, out: dict, key: str) -> None:
    """What another server process does: its own app context, session and connection."""
    try:
        with app.app_context():
            out[key] = U.do_keep_window(db.session.get(Program, pid), now)
    except Exception as exc:  # noqa: BLE001 (reported by the test)
        out[key] = exc


# --- the window moves forward -----------------------------------------------------------------

def test_open_ended_program_made_two_years_ago_is_extended_when_read(app):
    created = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    now = created + 2 * YEAR + timedelta(days=3)
    p = _open_ended(created)
    before = _snapshot(_rows(p.id))
    assert _last_day(p.id) <= S.horizon(created.date())
    assert _last_day(p.id) < now.date() + YEAR + timedelta(days=7)  # only about a year left: the old bug

    assert U.window_due(p, now)
    result = U.do_keep_window(p, now)

    assert result.added >= 100 and (result.updated, result.removed, result.cancelled) == (0, 0, 0)
    rows = _rows(p.id)
    assert len(rows) == len(before) + result.added
    # Three years ahead again, not beyond.
    assert S.horizon(now.date()) - timedelta(days=7) < _last_day(p.id) <= S.horizon(now.date())
    # Rows that existed are exactly as they were (same ids, times, calendar SEQUENCE).
    assert {k: v for k, v in _snapshot(rows).items() if k in before} == before
    assert all(r.starts_at.astimezone(DENVER).weekday() == 1 and r.starts_at.astimezone(DENVER).time() == time(12, 0) for r in rows)
    _assert_weekly_without_gaps(p.id)
    _assert_one_row_per_occurrence(p.id)
    assert not U.window_due(p, now)


def test_extended_once_less_than_two_and_a_half_years_remain(app):
    created = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    p = _open_ended(created)
    assert not U.window_due(p, created + timedelta(days=30))
    assert not U.window_due(p, created + timedelta(days=170))  # 2.5+ years still materialised
    assert U.window_due(p, created + timedelta(days=200))
    assert U.do_keep_window(p, created + timedelta(days=30)) is None  # not due: no write at all
    result = U.do_keep_window(p, created + timedelta(days=200))
    assert 28 <= result.added <= 29  # the 200 days since, one Tuesday a week
    assert _last_day(p.id) > S.horizon((created + timedelta(days=200)).date()) - timedelta(days=7)


def test_program_page_and_feeds_extend_the_window(app, client, login_as):
    created = utcnow() - 2 * YEAR
    today = utcnow().date()
    coordinator = make_user()
    page_p, feed_p, mine_p, other_p = (_open_ended(created, coordinator) for _ in range(4))
    subscriber = make_user()
    add_member(mine_p, subscriber, "participant")
    for p in (page_p, feed_p, mine_p, other_p):
        assert _last_day(p.id) < today + YEAR + timedelta(days=7)

    assert login_as(coordinator).get(f"/programs/{page_p.id}").status_code == 200
    assert client.get(f"/calendar/program/{feed_token(feed_p)}.ics").status_code == 200
    body = client.get(f"/calendar/me/{feed_token(subscriber)}.ics")
    assert body.status_code == 200

    for p in (page_p, feed_p, mine_p):
        assert _last_day(p.id) > S.horizon(today) - timedelta(days=7), p.id
        _assert_weekly_without_gaps(p.id)
    assert _last_day(other_p.id) < today + YEAR + timedelta(days=7)  # nobody read it
    # The personal feed shows the sessions it has just added.
    newest = _rows(mine_p.id)[-1]
    assert f"session-{newest.id}@echo".encode() in body.data.replace(b"\r\n ", b"")


def test_a_failed_extension_does_not_break_the_page(app, login_as, monkeypatch):
    coordinator = make_user()
    p = _open_ended(utcnow() - 2 * YEAR, coordinator)

    def locked(program, now=None, **kw):
        raise OperationalError("UPDATE programs", {}, Exception("database is locked"))

    monkeypatch.setattr(U, "do_keep_window", locked)
    r = login_as(coordinator).get(f"/programs/{p.id}")
    assert r.status_code == 200 and p.name.encode() in r.data


# --- idempotent, and safe with several processes ------------------------------------------------

def test_running_twice_adds_nothing_more(app):
    created = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    now = created + 2 * YEAR
    p = _open_ended(created)
    first = U.do_keep_window(p, now)
    n = _count(p.id)
    assert first.added > 0
    assert U.do_keep_window(p, now) is None
    again = U.do_keep_window(p, now, force=True)  # what the cron command does
    assert (again.added, again.updated, again.removed, again.cancelled) == (0, 0, 0, 0)
    assert U.do_sweep(now) == {}
    assert _count(p.id) == n
    _assert_one_row_per_occurrence(p.id)


def test_a_process_that_finds_the_work_done_behind_the_lock_adds_nothing(app, monkeypatch):
    """Both processes see a short window; the other one extends it between our check and our
    lock. Behind the lock we check again and add nothing (SQLite and PostgreSQL)."""
    created = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    now = created + 2 * YEAR
    p = _open_ended(created)
    pid, n = p.id, _count(p.id)
    out: dict = {}
    real_lock, interleaved = U._lock, []

    def other_process_first(program):
        if not interleaved:
            interleaved.append(True)
            t = threading.Thread(target=_keep_in_own_session, args=(app, pid, now, out, "other"))
            t.start()
            t.join(60)
        return real_lock(program)

    monkeypatch.setattr(U, "_lock", other_process_first)
    assert U.window_due(p, now)
    assert U.do_keep_window(p, now) is None
    other = out["other"]
    assert not isinstance(other, Exception), other
    assert other.added > 0
    assert _count(pid) == n + other.added
    _assert_one_row_per_occurrence(pid)
    _assert_weekly_without_gaps(pid)


def _wait_until_a_backend_waits_for_a_lock(app, timeout: float = 30.0) -> None:
    """Poll pg_stat_activity (a fresh connection each time: its view is per transaction)."""
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        with db.engine.connect() as conn:
            waiting = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).scalar()
        if waiting:
            return
        clock.sleep(0.02)
    raise AssertionError("the second process never waited for the program's row")


@pytest.mark.postgres_only
def test_two_processes_extending_at_once_on_postgresql(app, monkeypatch):
    """A holds the program's row while it applies the rule; B, arriving meanwhile, waits on
    the row, then finds the window extended and never applies the rule itself."""
    created = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    now = created + 2 * YEAR
    p = _open_ended(created)
    pid, n = p.id, _count(p.id)
    db.session.commit()
    applied, release, appliers = threading.Event(), threading.Event(), []
    real_apply = S.do_apply_schedule

    def slow_apply(program, now=None):
        appliers.append(threading.current_thread().name)
        result = real_apply(program, now=now)
        if not applied.is_set():
            applied.set()
            release.wait(60)  # hold the row (uncommitted) until B is queued behind it
        return result

    monkeypatch.setattr(S, "do_apply_schedule", slow_apply)
    out: dict = {}
    a = threading.Thread(target=_keep_in_own_session, args=(app, pid, now, out, "a"), name="a")
    b = threading.Thread(target=_keep_in_own_session, args=(app, pid, now, out, "b"), name="b")
    a.start()
    assert applied.wait(60)
    b.start()
    try:
        _wait_until_a_backend_waits_for_a_lock(app)
    finally:
        release.set()
        a.join(60)
        b.join(60)
    assert not isinstance(out["a"], Exception), out["a"]
    assert not isinstance(out["b"], Exception), out["b"]
    assert out["a"].added > 0 and out["b"] is None
    assert appliers == ["a"]  # B never expanded the rule (the unique constraint was not needed)
    assert _count(pid) == n + out["a"].added
    _assert_one_row_per_occurrence(pid)


def test_the_database_refuses_a_duplicate_occurrence(app):
    """The backstop the upkeep relies on if two writers ever got past the lock."""
    p = _open_ended(datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    first = _rows(p.id)[0]
    db.session.add(ClinicSession(program_id=p.id, starts_at=first.starts_at, occurrence_start=first.occurrence_start,
                           duration_minutes=60, status=SessionStatus.scheduled))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- what the extension must not touch ---------------------------------------------------------

def test_edited_and_cancelled_occurrences_are_untouched(app):
    coordinator = make_user()
    created = utcnow()
    now = created + 2 * YEAR + timedelta(days=10)
    p = _open_ended(created, coordinator)
    rows = _rows(p.id)
    early, moved, cancelled, last = rows[3], rows[-30], rows[-20], rows[-1]
    P.do_edit_session(coordinator, early, day=early.starts_at.astimezone(DENVER).date(), start=time(12, 0), duration=60,
                      didactic_title="Lithium monitoring")
    moved_to = moved.starts_at.astimezone(DENVER).date() + timedelta(days=1)
    P.do_edit_session(coordinator, moved, day=moved_to, start=time(15, 30), duration=90, didactic_title="Moved clinic")
    P.do_cancel_session(coordinator, cancelled)
    P.do_cancel_session(coordinator, last)  # the edge of the old window
    db.session.commit()  # as the request handler does
    rows = _rows(p.id)
    before = _snapshot(rows)
    edited_days = {S.local_date(r.occurrence_start, "America/Denver") for r in rows if r.is_modified}
    assert len(edited_days) == 4

    result = U.do_keep_window(p, now)

    assert result.added > 50 and (result.updated, result.removed, result.cancelled) == (0, 0, 0)
    after = _snapshot(_rows(p.id))
    assert {k: v for k, v in after.items() if k in before} == before
    new = [r for r in _rows(p.id) if r.id not in before]
    # Nothing re-created on the days of the edited occurrences; new ones start after the old window.
    assert not edited_days & {S.local_date(r.occurrence_start, "America/Denver") for r in new}
    assert min(r.starts_at for r in new) > max(r.occurrence_start for r in _rows(p.id) if r.id in before)
    assert all(r.status == SessionStatus.scheduled and not r.is_modified for r in new)
    _assert_one_row_per_occurrence(p.id)


def test_a_program_with_an_end_date_is_not_extended_beyond_it(app):
    created = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    until = created.date() + YEAR + timedelta(days=200)
    p = _open_ended(created, until_date=until)
    n, last = _count(p.id), _last_day(p.id)
    assert last <= until
    for later in (created + YEAR, created + 2 * YEAR, created + 3 * YEAR):
        assert not U.window_due(p, later)
        assert U.do_keep_window(p, later) is None
        assert U.do_sweep(later) == {}
    assert U.do_keep_window(p, created + YEAR, force=True).added == 0
    assert _count(p.id) == n and _last_day(p.id) == last


def test_an_end_date_beyond_the_window_is_reached_but_not_passed(app):
    """An end date further than three years from the day the rule was applied (imported data):
    later reads fill up to the end date and stop there."""
    created = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    until = created.date() + 4 * YEAR
    p = _open_ended(created, until_date=until)
    assert _last_day(p.id) <= S.horizon(created.date())
    now = created + 2 * YEAR
    assert U.window_due(p, now)
    assert U.do_keep_window(p, now).added > 0
    assert until - timedelta(days=7) < _last_day(p.id) <= until < S.horizon(now.date())
    assert not U.window_due(p, now + YEAR)
    _assert_weekly_without_gaps(p.id)


def test_programs_without_a_rule_are_left_alone(app):
    p = make_program(make_user())
    one_off = ClinicSession(program_id=p.id, starts_at=utcnow() + timedelta(days=3), duration_minutes=60, is_one_off=True,
                      is_modified=True)
    db.session.add(one_off)
    db.session.commit()
    assert not U.window_due(p)
    assert U.do_sweep(utcnow() + 2 * YEAR) == {}
    assert [r.id for r in _rows(p.id)] == [one_off.id]


# --- the daily sweep and the cron command --------------------------------------------------------

def test_daily_background_sweep_extends_and_repeats_harmlessly(app, monkeypatch):
    p = _open_ended(utcnow() - 2 * YEAR)
    q = _open_ended(utcnow() - 2 * YEAR, until_date=(utcnow() - YEAR).date())  # ended a year ago
    q_before = _snapshot(_rows(q.id))
    pauses = []
    background.upkeep_loop(app, every=86400, sleep=pauses.append, rounds=2)  # no real sleeping
    assert background.FIRST_RUN_SECONDS[0] <= pauses[0] <= background.FIRST_RUN_SECONDS[1] and pauses[1:] == [86400]
    assert _last_day(p.id) > S.horizon(utcnow().date()) - timedelta(days=7)
    _assert_one_row_per_occurrence(p.id)
    _assert_weekly_without_gaps(p.id)
    assert _snapshot(_rows(q.id)) == q_before
    assert background.run_upkeep(app) == {}  # a third run: nothing left to do

    started = []
    monkeypatch.setattr(background.socketio, "start_background_task", lambda target, *args: started.append((target, args)))
    background.start_schedule_upkeep(app)
    assert started == [(background.upkeep_loop, (app, background.EVERY_SECONDS))]


def test_a_failing_sweep_is_logged_and_the_loop_goes_on(app, monkeypatch, caplog):
    calls = []

    def broken(now=None):
        calls.append(now)
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(background, "do_sweep", broken)
    background.upkeep_loop(app, sleep=lambda s: None, rounds=2)
    assert len(calls) == 2 and "schedule upkeep failed" in caplog.text


def test_extend_schedules_command_still_works_and_is_idempotent(app, runner):
    p = _open_ended(utcnow() - 2 * YEAR)
    r = runner.invoke(args=["programs", "extend-schedules"])
    assert r.exit_code == 0, r.output
    assert f"program {p.id}: " in r.output and " added" in r.output
    n = _count(p.id)
    assert _last_day(p.id) > S.horizon(utcnow().date()) - timedelta(days=7)
    r = runner.invoke(args=["programs", "extend-schedules"])
    assert r.exit_code == 0 and f"program {p.id}: no change" in r.output
    assert _count(p.id) == n
