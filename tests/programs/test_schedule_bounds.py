"""Every schedule is bounded before it is expanded: dates in a sane range (from 2000 on), INTERVAL and COUNT
bounded, nth weekdays that exist, and a rule with no date left found out without scanning to
the year 9999. Bad input is a form error beside its field, never a 500."""
from __future__ import annotations

from datetime import date, time

import dateutil.rrule
import pytest
from sqlalchemy import func, select

from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.programs import rrules as R
from echo.programs import scheduling as S
from echo.programs.clinic_session import ClinicSession
from echo.programs.models import Program
from tests.factories import make_user
from tests.programs.conftest import program_form

TODAY = date(2026, 1, 1)


def sched(rule="FREQ=WEEKLY;BYDAY=TU", zone="America/Denver", first=date(2026, 3, 3), until=None):
    return S.Schedule(rule, zone, first, time(12, 0), 60, until)


@pytest.fixture
def months_looked_at(monkeypatch):
    """How many months (or years) dateutil's expansion looked at: a measure of its work that
    does not depend on the machine's speed. dateutil rebuilds its per-period tables through
    this one method whenever the year or month changes."""
    seen = [0]
    rebuild = dateutil.rrule._iterinfo.rebuild

    def counting(self, year, month):
        seen[0] += 1
        return rebuild(self, year, month)

    monkeypatch.setattr(dateutil.rrule._iterinfo, "rebuild", counting)
    return seen


@pytest.mark.parametrize("rule", [
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=DAILY;INTERVAL=7;BYDAY=MO",  # every 7th day from a Tuesday is never a Monday
])
def test_a_rule_with_no_date_left_is_refused_within_400_years_of_looking(rule, months_looked_at):
    with pytest.raises(Invalid) as e:
        S.check_schedule(sched(rule), today=TODAY)
    assert e.value.field == "custom_rrule" and "gives no sessions" in e.value.message
    # Unshifted, dateutil looks at every month up to the year 9999 (over 95,000 for the first rule).
    assert months_looked_at[0] <= 400 * 12 + 12


def test_a_rule_with_count_still_gives_its_dates():
    occ = S.local_occurrences(sched("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=2", first=date(2026, 1, 1), until=date(2029, 1, 1)),
                              today=TODAY)
    assert [d.date() for d in occ] == [date(2028, 2, 29)]
    occ = S.local_occurrences(sched("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", first=date(2026, 1, 1)), today=TODAY)
    assert [d.date() for d in occ] == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)]
    daily = S.local_occurrences(sched("FREQ=DAILY;BYDAY=MO,WE;COUNT=4", first=date(2026, 3, 3)), today=TODAY)
    assert [d.date() for d in daily] == [date(2026, 3, 4), date(2026, 3, 9), date(2026, 3, 11), date(2026, 3, 16)]
    assert [d.date() for d in S.local_occurrences(sched("FREQ=DAILY;COUNT=3", first=date(2026, 3, 3)), today=TODAY)] == [
        date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)]


@pytest.mark.parametrize("rule, message", [
    ("FREQ=MONTHLY;BYDAY=+53MO", "at most 5"),
    ("FREQ=YEARLY;BYMONTH=3;BYDAY=6TU", "at most 5"),
    ("FREQ=YEARLY;BYDAY=+54MO", "at most 53"),
    ("FREQ=MONTHLY;BYDAY=0MO", "at most 5"),
    ("FREQ=WEEKLY;INTERVAL=0;BYDAY=TU", "INTERVAL must be"),
    ("FREQ=WEEKLY;INTERVAL=1000000;BYDAY=TU", "INTERVAL must be"),
    ("FREQ=WEEKLY;COUNT=99999999;BYDAY=TU", "COUNT must be"),
    ("FREQ=WEEKLY;COUNT=x;BYDAY=TU", "COUNT must be"),
    ("FREQ=YEARLY;BYEASTER=0", "not part of RFC 5545"),
])
def test_rule_parts_out_of_range_are_refused(rule, message):
    with pytest.raises(Invalid) as e:
        R.normalise_rrule(rule)
    assert e.value.field == "custom_rrule" and message in e.value.message


@pytest.mark.parametrize("first, until, field", [
    (date(1, 1, 1), None, "first_date"),
    (date(1999, 12, 31), None, "first_date"),
    (date(2026, 3, 3), date(1, 1, 2), "until_date"),
])
@pytest.mark.parametrize("zone", ["America/Denver", "Asia/Tokyo", "Pacific/Kiritimati"])
def test_dates_outside_a_sane_range_are_refused(first, until, field, zone):
    with pytest.raises(Invalid) as e:
        S.check_schedule(sched(first=first, until=until, zone=zone), today=TODAY)
    assert e.value.field == field and e.value.message == "Choose a date on or after 2000-01-01."


def test_a_schedule_from_2000_is_allowed():
    S.check_schedule(sched(first=date(2000, 1, 4), until=date(2000, 3, 1)), today=TODAY)


# --- through the pages ------------------------------------------------------------------------

@pytest.mark.parametrize("over, field, message", [
    ({"frequency": "custom", "custom_rrule": "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5"}, "custom_rrule", "gives no sessions"),
    ({"frequency": "custom", "custom_rrule": "FREQ=MONTHLY;BYDAY=+53MO"}, "custom_rrule", "at most 5"),
    ({"first_date": "0001-01-01", "timezone": "Asia/Tokyo"}, "first_date", "on or after 2000-01-01"),
    ({"first_date": "0001-01-01", "until_date": "0001-03-01", "timezone": "Asia/Tokyo"}, "first_date", "on or after 2000-01-01"),
])
def test_the_program_form_shows_the_error_beside_the_field(app, login_as, over, field, message):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    c = login_as(make_user(can_create_programs=True))
    r = c.post("/programs/new", data=program_form(**over))
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert db.session.scalar(select(func.count(Program.id))) == 0


@pytest.mark.parametrize("day", ["0001-01-01", "1900-06-01"])
def test_a_one_off_session_in_year_one_east_of_utc_is_a_form_error(app, login_as, day):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    from tests.factories import make_program

    coordinator = make_user()
    program = make_program(coordinator, tz="Asia/Tokyo")
    c = login_as(coordinator)
    r = c.post(f"/programs/{program.id}/sessions/new", data={"date": day, "start_time": "00:30", "duration_minutes": "60"})
    assert r.status_code == 400
    assert "on or after 2000-01-01" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ClinicSession.id)).where(ClinicSession.program_id == program.id)) == 0
