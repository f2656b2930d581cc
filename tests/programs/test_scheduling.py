"""The schedule: RFC 5545 rules expanded in the program's zone, DST-correct, materialised as rows."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.programs import rrules as R
from echo.programs import scheduling as S
from echo.programs.clinic_session import ClinicSession, SessionStatus
from tests.factories import make_case, make_program, make_user

TODAY = date(2026, 1, 1)


def sched(rule="FREQ=WEEKLY;BYDAY=TU", zone="America/Denver", first=date(2026, 3, 3), start=time(12, 0), until=date(2026, 11, 24), dur=60):
    return S.Schedule(rule, zone, first, start, dur, until)


# --- pure functions ------------------------------------------------------------------------

def test_denver_tuesday_noon_stays_noon_across_march_and_november():
    occ = S.occurrences_utc(sched(), today=TODAY)
    by_day = {o.astimezone(UTC).date(): o for o in occ}
    # Before the March change (MST, UTC-7) noon is 19:00 UTC; after it (MDT, UTC-6) 18:00 UTC.
    assert by_day[date(2026, 3, 3)] == datetime(2026, 3, 3, 19, 0, tzinfo=UTC)
    assert by_day[date(2026, 3, 10)] == datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
    # Before the November change (1 Nov 2026) 18:00 UTC; after it 19:00 UTC again.
    assert by_day[date(2026, 10, 27)] == datetime(2026, 10, 27, 18, 0, tzinfo=UTC)
    assert by_day[date(2026, 11, 3)] == datetime(2026, 11, 3, 19, 0, tzinfo=UTC)
    from zoneinfo import ZoneInfo

    assert {o.astimezone(ZoneInfo("America/Denver")).time() for o in occ} == {time(12, 0)}
    assert all(o.astimezone(ZoneInfo("America/Denver")).weekday() == 1 for o in occ)


def test_phoenix_has_no_dst():
    occ = S.occurrences_utc(sched(zone="America/Phoenix"), today=TODAY)
    assert {o.time() for o in occ} == {time(19, 0)}


@pytest.mark.parametrize("choice, rule, first_dates", [
    (("weekly", "TU", ""), "FREQ=WEEKLY;BYDAY=TU", [date(2026, 3, 3), date(2026, 3, 10)]),
    (("biweekly", "TH", ""), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", [date(2026, 3, 5), date(2026, 3, 19)]),
    (("triweekly", "WE", ""), "FREQ=WEEKLY;INTERVAL=3;BYDAY=WE", [date(2026, 3, 4), date(2026, 3, 25)]),
    (("monthly", "TH", "1"), "FREQ=MONTHLY;BYDAY=1TH", [date(2026, 3, 5), date(2026, 4, 2), date(2026, 5, 7)]),
    (("monthly", "FR", "-1"), "FREQ=MONTHLY;BYDAY=-1FR", [date(2026, 3, 27), date(2026, 4, 24)]),
])
def test_presets_build_rules_and_expand(choice, rule, first_dates):
    assert R.build_rrule(*choice) == rule
    assert R.parse_choice(rule)["frequency"] == choice[0]
    local = S.local_occurrences(sched(rule=rule, first=date(2026, 3, 2)), today=TODAY)
    assert [d.date() for d in local[:len(first_dates)]] == first_dates


def test_describe_rule():
    assert R.describe_rule("FREQ=WEEKLY;BYDAY=TU") == "Every Tuesday"
    assert R.describe_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH") == "Every 2 weeks on Thursday"
    assert R.describe_rule("FREQ=MONTHLY;BYDAY=1TH") == "Monthly on the first Thursday"
    assert R.describe_rule("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1").startswith("Custom rule")


def test_custom_rule_accepted_and_normalised():
    assert R.normalise_rrule("rrule:freq=monthly;byday=tu;bysetpos=-1") == "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1"
    assert R.build_rrule("custom", custom="FREQ=WEEKLY;INTERVAL=4;BYDAY=MO") == "FREQ=WEEKLY;INTERVAL=4;BYDAY=MO"


@pytest.mark.parametrize("text", [
    "", "garbage", "FREQ=HOURLY", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;DTSTART=20260101T000000",
    "FREQ=DAILY;BYHOUR=9", "FREQ=WEEKLY;UNTIL=20270101T000000Z", "FREQ=WEEKLY;INTERVAL=abc",
])
def test_invalid_custom_rules_rejected(text):
    with pytest.raises(Invalid) as e:
        R.normalise_rrule(text)
    assert e.value.field == "custom_rrule"


def test_preset_without_weekday_rejected():
    with pytest.raises(Invalid) as e:
        R.build_rrule("weekly", "")
    assert e.value.field == "weekday"
    with pytest.raises(Invalid) as e:
        R.build_rrule("monthly", "TH", "9")
    assert e.value.field == "nth"


@pytest.mark.parametrize("kw, field", [
    ({"zone": "Mars/Olympus"}, "timezone"),
    ({"first": None}, "first_date"),
    ({"start": None}, "start_time"),
    ({"until": date(2026, 1, 1)}, "until_date"),                # before the first date
    ({"until": date(2030, 1, 1)}, "until_date"),                # more than 3 years ahead
    ({"dur": 0}, "duration_minutes"),
    ({"rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "custom_rrule"),  # never happens
    ({"rule": "FREQ=DAILY", "until": date(2028, 12, 31)}, "custom_rrule"),  # too many sessions? (1035: fine)
])
def test_check_schedule_errors(kw, field):
    s = sched(**kw)
    if kw.get("rule") == "FREQ=DAILY":
        S.check_schedule(s, today=TODAY)  # three years of a daily rule is allowed
        return
    with pytest.raises(Invalid) as e:
        S.check_schedule(s, today=TODAY)
    assert e.value.field == field


def test_end_date_defaults_to_three_years():
    s = sched(until=None)
    assert S.end_date(s, today=TODAY) == date(2029, 1, 1)
    occ = S.local_occurrences(s, today=TODAY)
    assert occ[-1].date() <= date(2029, 1, 1) and len(occ) > 140


# --- materialising --------------------------------------------------------------------------

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _program(**kw):
    defaults = {"rrule": "FREQ=WEEKLY;BYDAY=TU", "first_date": date(2026, 2, 3), "start_time": time(12, 0), "until_date": date(2026, 4, 28)}
    defaults.update(kw)
    return make_program(make_user(), **defaults)


def _sessions(program):
    return db.session.scalars(select(ClinicSession).where(ClinicSession.program_id == program.id).order_by(ClinicSession.starts_at)).all()


def test_apply_creates_future_occurrences_only(app):
    p = _program()
    result = S.do_apply_schedule(p, now=NOW)
    db.session.commit()
    rows = _sessions(p)
    assert result.added == len(rows) == 9  # 3 Mar .. 28 Apr
    assert rows[0].starts_at == datetime(2026, 3, 3, 19, 0, tzinfo=UTC)
    assert rows[1].starts_at == datetime(2026, 3, 10, 18, 0, tzinfo=UTC)  # after the DST change
    assert all(r.occurrence_start == r.starts_at and not r.is_modified and not r.is_one_off for r in rows)
    # Applying again changes nothing.
    again = S.do_apply_schedule(p, now=NOW)
    assert (again.added, again.updated, again.removed) == (0, 0, 0)


def test_rule_change_keeps_past_and_modified_sessions(app):
    p = _program()
    S.do_apply_schedule(p, now=datetime(2026, 2, 1, tzinfo=UTC))
    db.session.commit()
    rows = _sessions(p)
    past = rows[0]  # 3 Feb: before NOW
    past.status = SessionStatus.ended
    moved = rows[6]  # 17 Mar, moved to Wednesday by a coordinator
    moved.starts_at += timedelta(days=1)
    moved.is_modified = True
    titled = rows[7]  # 24 Mar, its own didactic
    titled.didactic_title = "Lithium monitoring"
    titled.is_modified = True
    db.session.commit()
    past_id, past_start = past.id, past.starts_at
    # New rule: Thursdays at 13:00.
    p.rrule, p.start_time = "FREQ=WEEKLY;BYDAY=TH", time(13, 0)
    result = S.do_apply_schedule(p, now=NOW)
    db.session.commit()
    rows = _sessions(p)
    ids = {r.id for r in rows}
    assert past_id in ids and db.session.get(ClinicSession, past_id).starts_at == past_start
    assert moved.id in ids and titled.id in ids
    assert db.session.get(ClinicSession, titled.id).didactic_title == "Lithium monitoring"
    future_rule = [r for r in rows if r.starts_at >= NOW and not r.is_modified]
    from zoneinfo import ZoneInfo

    assert future_rule and all(r.starts_at.astimezone(ZoneInfo("America/Denver")).weekday() == 3 for r in future_rule)
    assert all(r.starts_at.astimezone(ZoneInfo("America/Denver")).time() == time(13, 0) for r in future_rule)
    assert result.removed >= 1 and result.added >= 1


def test_time_change_updates_in_place_and_bumps_sequence(app):
    p = _program()
    S.do_apply_schedule(p, now=NOW)
    db.session.commit()
    before = {r.id: r.ical_sequence for r in _sessions(p)}
    p.start_time = time(12, 30)
    p.duration_minutes = 90
    result = S.do_apply_schedule(p, now=NOW)
    db.session.commit()
    rows = _sessions(p)
    assert {r.id for r in rows} == set(before)  # same rows: agendas and calendar UIDs survive
    assert result.updated == len(rows)
    assert rows[0].starts_at == datetime(2026, 3, 3, 19, 30, tzinfo=UTC) and rows[0].duration_minutes == 90
    assert all(r.ical_sequence == before[r.id] + 1 for r in rows)


def test_shorter_end_date_removes_future_sessions_but_cancels_ones_with_cases(app):
    p = _program()
    S.do_apply_schedule(p, now=NOW)
    db.session.commit()
    rows = _sessions(p)
    with_case = rows[-1]
    make_case(p, make_user(), session=with_case)
    p.until_date = date(2026, 3, 20)
    result = S.do_apply_schedule(p, now=NOW)
    db.session.commit()
    left = _sessions(p)
    assert [r.starts_at.date() for r in left if r.status == SessionStatus.scheduled] == [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17)]
    kept = db.session.get(ClinicSession, with_case.id)
    assert kept.status == SessionStatus.cancelled and result.cancelled == 1


def test_one_off_sessions_untouched_and_no_rule_removes_rule_sessions(app):
    p = _program()
    S.do_apply_schedule(p, now=NOW)
    one = ClinicSession(program_id=p.id, starts_at=datetime(2026, 3, 5, 18, tzinfo=UTC), duration_minutes=60, is_one_off=True)
    db.session.add(one)
    db.session.commit()
    p.rrule = ""
    S.do_apply_schedule(p, now=NOW)
    db.session.commit()
    assert [r.id for r in _sessions(p)] == [one.id]


def test_timezone_change_keeps_local_wall_time(app):
    p = _program()
    S.do_apply_schedule(p, now=NOW)
    db.session.commit()
    p.timezone = "America/New_York"
    S.do_apply_schedule(p, now=NOW)
    db.session.commit()
    assert _sessions(p)[0].starts_at == datetime(2026, 3, 3, 17, 0, tzinfo=UTC)


def test_old_first_date_counts_only_future_sessions_towards_the_cap():
    s = sched(rule="FREQ=DAILY", first=date(2020, 1, 1), until=date(2027, 1, 1))
    S.check_schedule(s, today=TODAY)  # 6 past years of daily sessions are not materialised anyway
    with pytest.raises(Invalid):
        S.check_schedule(sched(rule="FREQ=DAILY;INTERVAL=1;BYHOUR=9"), today=TODAY)


def test_wall_time_inside_the_spring_gap_is_placed_after_it():
    # 02:30 on 8 March 2026 does not exist in Denver; it lands at 03:30 MDT (09:30 UTC).
    occ = S.occurrences_utc(sched(rule="FREQ=WEEKLY;BYDAY=SU", first=date(2026, 3, 1), start=time(2, 30), until=date(2026, 3, 15)), today=TODAY)
    assert occ == [datetime(2026, 3, 1, 9, 30, tzinfo=UTC), datetime(2026, 3, 8, 9, 30, tzinfo=UTC), datetime(2026, 3, 15, 8, 30, tzinfo=UTC)]
