"""A program's recurring schedule: RFC 5545 rules expanded in the program's own zone.

The rule is expanded on *wall-clock* times (naive local datetimes) and each occurrence is then
placed in the program's IANA zone and converted to UTC. That is what keeps a Tuesday 12:00
America/Denver clinic at 12:00 local on both sides of the March and November changes (its UTC
instant moves from 19:00 to 18:00 and back).

The rule's text (built from the form, checked, described): echo.programs.rrules.

Sessions are materialised as rows up to the schedule's end (at most three years ahead):
`do_apply_schedule(program)` adds missing future occurrences, moves or removes future
occurrences nobody touched when the rule changes, and never changes past sessions, one-off
sessions or occurrences a coordinator edited alone (is_modified). For programs without an end
date, echo/programs/upkeep.py moves that three-year window forward as time passes
(on read and daily in the server; no cron needed).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import MAXYEAR, UTC, date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.core.timefmt import is_zone
from echo.core.types import utcnow
from echo.programs.signals import session_has_dependants
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Program
from echo.programs.rrules import (
    MAX_OCCURRENCES,
    normalise_rrule,
    parse_choice,
    short_error,
)

MAX_YEARS_AHEAD = 3
# The earliest date of a schedule or a session: anything before is a typing mistake (0001-01-01
# expanded 741,000 daily sessions, and east of UTC it has no UTC instant at all). A fixed date,
# not "N years ago", so that a long-running program can still be edited.
EARLIEST_DATE = date(2000, 1, 1)

# --- validation of a whole schedule ---------------------------------------------------------

@dataclass
class Schedule:
    rrule: str
    timezone: str
    first_date: date | None
    start_time: time | None
    duration_minutes: int
    until_date: date | None


def horizon(today: date | None = None) -> date:
    today = today or utcnow().date()
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def check_timezone(name: str) -> None:
    if not is_zone(name or ""):
        raise Invalid(_("Choose a time zone from the list, for example America/Denver."), field="timezone")


def check_schedule(s: Schedule, today: date | None = None) -> None:
    """Validate a schedule; raises Invalid naming the field to show the message beside."""
    check_timezone(s.timezone)
    if not (5 <= (s.duration_minutes or 0) <= 12 * 60):
        raise Invalid(_("A session lasts between 5 minutes and 12 hours."), field="duration_minutes")
    for value, field in ((s.first_date, "first_date"), (s.until_date, "until_date")):
        if value is not None and value < EARLIEST_DATE:
            raise Invalid(_("Choose a date on or after %(date)s.", date=EARLIEST_DATE.isoformat()), field=field)
    if not s.rrule:
        return
    normalise_rrule(s.rrule)  # the same checks whichever way the rule arrived
    if s.first_date is None:
        raise Invalid(_("Enter the date of the first session."), field="first_date")
    if s.start_time is None:
        raise Invalid(_("Enter the start time (in the program's time zone)."), field="start_time")
    limit = horizon(today)
    if s.until_date is not None:
        if s.until_date < s.first_date:
            raise Invalid(_("The end date must be on or after the first session."), field="until_date")
        if s.until_date > limit:
            raise Invalid(_("Schedules reach at most %(num)d years ahead: choose an end date on or before %(date)s.",
                            num=MAX_YEARS_AHEAD, date=limit.isoformat()), field="until_date")
    if s.first_date > limit:
        raise Invalid(_("The first session must be within %(num)d years from today.", num=MAX_YEARS_AHEAD), field="first_date")
    try:
        occ = local_occurrences(s, today=today)
    except (ValueError, TypeError, OverflowError, IndexError) as exc:
        raise Invalid(_("This rule cannot be expanded (%(error)s).", error=short_error(exc)), field="custom_rrule")
    if not occ:
        raise Invalid(_("This rule gives no sessions between the first date and the end date. Check the weekday and the dates."),
                      field="custom_rrule" if parse_choice(s.rrule)["frequency"] == "custom" else "first_date")


# --- expansion ----------------------------------------------------------------------------

def schedule_of(program: Program) -> Schedule:
    return Schedule(program.rrule or "", program.timezone, program.first_date, program.start_time,
                    program.duration_minutes or 60, program.until_date)


def end_date(s: Schedule, today: date | None = None) -> date:
    """The last date to materialise: the chosen end date, capped at three years from today."""
    limit = horizon(today)
    return min(s.until_date, limit) if s.until_date else limit


# The Gregorian calendar repeats exactly every 400 years (146,097 days, which is 20,871 whole
# weeks and 4,800 months): a rule's dates shifted by 400 years are the shifted rule's dates.
_CYCLE_YEARS = 400


def _expand(s: Schedule, last: datetime) -> Iterator[datetime]:
    """The rule's wall-clock starts from the first date up to `last`, in order.

    Why the shift: dateutil looks for a rule's next date period by period (day by day for
    DAILY) and gives up only at the year 9999; UNTIL and COUNT stop it only once a date is
    found. A rule with no date left (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) would be searched
    for nearly 8,000 years, blocking the server meanwhile. Expanded 400*k years
    later, as close to 9999 as the cycle allows, the same search ends within 400 years; the
    dates are shifted back on the way out."""
    dtstart = datetime.combine(s.first_date, s.start_time.replace(second=0, microsecond=0))
    shift = (MAXYEAR - max(last.year, dtstart.year)) // _CYCLE_YEARS * _CYCLE_YEARS
    until = last.replace(year=last.year + shift)
    rule = rrulestr(_as_weekly(s.rrule), dtstart=dtstart.replace(year=dtstart.year + shift))
    if not isinstance(rule, rrule):
        raise ValueError("one RRULE only")
    if getattr(rule, "_count", None) is None:
        rule = rule.replace(until=until)
    try:
        for dt in rule:
            if dt > until:
                return
            yield dt.replace(year=dt.year - shift)
    except IndexError as exc:  # dateutil on an nth weekday a period cannot have
        raise ValueError("a weekday position that does not exist") from exc


def _as_weekly(text: str) -> str:
    """A DAILY rule (INTERVAL 1, no BYSETPOS) as the WEEKLY rule with the same dates: dateutil
    then looks a week at a time, 7 times fewer steps for a rule with no date left. Both ignore
    a BYDAY position for these frequencies, and a WEEKLY rule without BYDAY would mean the first
    date's weekday only, hence the explicit list of all seven."""
    parts = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
    if parts.get("FREQ") != "DAILY" or parts.get("INTERVAL", "1") != "1" or "BYSETPOS" in parts:
        return text
    parts["FREQ"] = "WEEKLY"
    parts.setdefault("BYDAY", "MO,TU,WE,TH,FR,SA,SU")
    return ";".join(f"{k}={v}" for k, v in parts.items())


def local_occurrences(s: Schedule, today: date | None = None) -> list[datetime]:
    """Naive wall-clock starts in the program's zone, from first_date to the end date."""
    if not s.rrule or s.first_date is None or s.start_time is None:
        return []
    last = datetime.combine(end_date(s, today), time(23, 59, 59))
    out = []
    ahead = 0
    since = today or utcnow().date()
    for dt in _expand(s, last):
        out.append(dt)
        if dt.date() >= since:
            ahead += 1  # only sessions still to come count towards the cap
        if ahead > MAX_OCCURRENCES:
            raise ValueError(f"more than {MAX_OCCURRENCES} sessions; choose a later end date or a less frequent rule")
    return out


def next_occurrence(s: Schedule, after_day: date, not_before: datetime, up_to: date) -> datetime | None:
    """The rule's first wall-clock start on a local date after `after_day` and on or before
    `up_to` (and the schedule's own end) that is not before the UTC instant `not_before`;
    None when there is none. Lets a caller ask "is anything missing?" without expanding and
    comparing the whole three years."""
    if not s.rrule or s.first_date is None or s.start_time is None:
        return None
    last_day = min(up_to, s.until_date) if s.until_date else up_to
    last = datetime.combine(last_day, time(23, 59, 59))
    for dt in _expand(s, last):
        if dt.date() > after_day and to_utc(dt, s.timezone) >= not_before:
            return dt
    return None


def to_utc(local_dt: datetime, zone: str) -> datetime:
    """A wall-clock time in `zone` as an aware UTC instant (DST-correct).

    A time inside the spring-forward gap (e.g. 2:30 in the night of the change) does not
    exist; zoneinfo (fold=0) places it with the offset before the change, i.e. one hour
    later on the clock. Clinics at such hours are not a real case.
    """
    return local_dt.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def occurrences_utc(s: Schedule, today: date | None = None) -> list[datetime]:
    return [to_utc(dt, s.timezone) for dt in local_occurrences(s, today=today)]


def local_date(dt_utc: datetime, zone: str) -> date:
    return dt_utc.astimezone(ZoneInfo(zone)).date()


# --- materialising sessions ---------------------------------------------------------------

@dataclass
class ApplyResult:
    added: int = 0
    updated: int = 0
    removed: int = 0
    cancelled: int = 0

    def __str__(self) -> str:
        """'3 added, 1 removed' in the current language (the number agrees with "sessions")."""
        bits = [ngettext("%(num)d added", "%(num)d added", self.added)] if self.added else []
        if self.updated:
            bits.append(ngettext("%(num)d changed", "%(num)d changed", self.updated))
        if self.removed:
            bits.append(ngettext("%(num)d removed", "%(num)d removed", self.removed))
        if self.cancelled:
            bits.append(ngettext("%(num)d cancelled (cases were on their agenda)", "%(num)d cancelled (cases were on their agenda)",
                                 self.cancelled))
        return ", ".join(bits) or _("no change")


def _has_dependants(session: ClinicSession) -> bool:
    """Whether another feature has something on this session (cases answer: echo/cases/agenda.py)."""
    return any(answer for _receiver, answer in session_has_dependants.send(session))


def do_apply_schedule(program: Program, now: datetime | None = None) -> ApplyResult:
    """Bring the program's future rule-made sessions in line with its rule (caller commits).

    - past sessions (starts_at < now), one-off sessions and occurrences edited alone
      (is_modified) are never touched;
    - a future untouched occurrence whose date the new rule still has is updated in place
      (new time, zone or duration; same id, so its agenda and calendar UID stay);
    - one the rule no longer has is deleted, or cancelled if cases are on its agenda;
    - missing occurrences are added.
    """
    now = now or utcnow()
    today = now.date()
    s = schedule_of(program)
    wanted = {}
    for occ in occurrences_utc(s, today=today):
        if occ >= now:
            wanted.setdefault(local_date(occ, s.timezone), occ)
    existing = db.session.scalars(select(ClinicSession).where(ClinicSession.program_id == program.id)).all() if program.id else []
    taken_starts = {x.occurrence_start for x in existing if x.occurrence_start is not None}
    taken_dates = set()  # dates held by occurrences the rule may not change
    movable = {}
    for x in existing:
        if x.is_one_off or x.occurrence_start is None:
            continue
        if x.starts_at < now or x.is_modified or x.status != SessionStatus.scheduled:
            taken_dates.add(local_date(x.occurrence_start, s.timezone))
        else:
            movable.setdefault(local_date(x.occurrence_start, s.timezone), []).append(x)
    result = ApplyResult()
    # First remove what goes (flushed first, so that a freed occurrence_start can be reused).
    keep = {}
    for day, xs in movable.items():
        first, *extra = xs
        gone = list(extra)
        if day in wanted and day not in taken_dates:
            keep[day] = first
        else:
            gone.append(first)
        for x in gone:
            if _has_dependants(x):
                x.status = SessionStatus.cancelled
                x.is_modified = True
                x.ical_sequence += 1
                result.cancelled += 1
                taken_dates.add(day)
            else:
                taken_starts.discard(x.occurrence_start)
                db.session.delete(x)
                result.removed += 1
    db.session.flush()
    for day, x in keep.items():
        occ = wanted[day]
        if x.occurrence_start != occ or x.starts_at != occ or x.duration_minutes != s.duration_minutes:
            taken_starts.discard(x.occurrence_start)
            x.occurrence_start = occ
            x.starts_at = occ
            x.duration_minutes = s.duration_minutes
            x.ical_sequence += 1
            taken_starts.add(occ)
            result.updated += 1
    db.session.flush()
    for day, occ in sorted(wanted.items()):
        if day in keep or day in taken_dates or occ in taken_starts:
            continue
        db.session.add(ClinicSession(program_id=program.id, starts_at=occ, occurrence_start=occ,
                               duration_minutes=s.duration_minutes, status=SessionStatus.scheduled))
        taken_starts.add(occ)
        result.added += 1
    db.session.flush()
    return result


def local_to_utc(d: date, t: time, zone: str) -> datetime:
    return to_utc(datetime.combine(d, t), zone)
