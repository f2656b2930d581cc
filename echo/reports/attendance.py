"""Who came: sessions held, attendances and minutes (from the attendance ledger), unique
participants by role, profession and region, and how many sessions each came to."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from echo.accounts.models import User
from echo.attendance.ledger import minutes_attended
from echo.core.extensions import db
from echo.programs.clinic_session import ClinicSession
from echo.programs.models import Membership, MembershipStatus
from echo.reports.figure import COUNT, SHARE, Figure, share
from echo.reports.scope import Scope, held_sessions

NO_ROLE = "none"
ROLE_LABELS = {"coordinator": _l("Coordinator"), "specialist": _l("Specialist (hub)"),
               "participant": _l("Participant (spoke)"), "learner": _l("Learner"),
               NO_ROLE: _l("Not a member (site admin or former member)")}
# Sessions attended per participant: (fewest, most or None) and the row's label.
RETENTION = [((1, 1), _l("1 session")), ((2, 2), _l("2 sessions")), ((3, 5), _l("3 to 5 sessions")),
             ((6, 10), _l("6 to 10 sessions")), ((11, None), _l("11 sessions or more"))]
CHUNK = 500   # ids per IN (...) list: well under every database's limit on bound parameters


@dataclass
class Attendance:
    """The period's held sessions and, for each, the ledger's minutes per person."""

    sessions: list[ClinicSession]
    minutes: dict[int, dict[int, int]] = field(default_factory=dict)   # session id -> user id -> minutes

    @cached_property
    def sessions_per_user(self) -> Counter[int]:
        return Counter(uid for per in self.minutes.values() for uid in per)

    @property
    def attendances(self) -> int:
        return sum(len(per) for per in self.minutes.values())

    @property
    def total_minutes(self) -> int:
        return sum(sum(per.values()) for per in self.minutes.values())

    def users_of(self, program_id: int) -> Counter[int]:
        """User id -> sessions attended, in one program's sessions."""
        return Counter(uid for s in self.sessions if s.program_id == program_id for uid in self.minutes.get(s.id, {}))


def attendance_in(scope: Scope) -> Attendance:
    sessions = held_sessions(scope)
    # The ledger answers per session (it is the one answer credit and certificates read, and
    # another feature owns it): one call per held session, never one per person.
    return Attendance(sessions, {s.id: minutes_attended(s) for s in sessions})


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def profiles(user_ids: set[int]) -> dict[int, tuple[str, str]]:
    """User id -> (profession, region) as the users gave them (stripped)."""
    out: dict[int, tuple[str, str]] = {}
    for ids in _chunks(sorted(user_ids)):
        for uid, profession, region in db.session.execute(
                select(User.id, User.profession, User.region).where(User.id.in_(ids))):
            out[uid] = ((profession or "").strip(), (region or "").strip())
    return out


def roles(scope: Scope) -> dict[tuple[int, int], str]:
    """(program id, user id) -> role name, for the active members of the programs in scope."""
    rows = db.session.execute(select(Membership.program_id, Membership.user_id, Membership.role).where(
        scope.of_program(Membership.program_id), Membership.status == MembershipStatus.active))
    return {(pid, uid): role.value for pid, uid, role in rows}


def _months(scope: Scope) -> list[date]:
    first, last = scope.period.start.replace(day=1), scope.period.end.replace(day=1)
    out = []
    while first <= last:
        out.append(first)
        first = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return out


def sessions_by_month(scope: Scope, att: Attendance) -> Figure:
    sessions: Counter[date] = Counter()
    people: Counter[date] = Counter()
    for s in att.sessions:
        month = s.starts_at.date().replace(day=1)
        sessions[month] += 1
        people[month] += len(att.minutes.get(s.id, {}))
    locale = get_locale()
    return Figure("sessions", _("Sessions held and attendances per month"), _("Month"),
                  [(_("Sessions held"), COUNT), (_("Attendances"), COUNT)],
                  [(format_skeleton("yMMM", m, locale=locale), [sessions[m], people[m]]) for m in _months(scope)],
                  plotted=(0, 1), note=_("Months in UTC. An attendance is one person at one session."),
                  empty=_("No session was held in this period."))


def _breakdown(key: str, title: str, header: str, counts: Counter[str], total: int, empty: str) -> Figure:
    rows = [(label, [n, share(n, total)]) for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))]
    return Figure(key, title, header, [(_("Participants"), COUNT), (_("Share of participants"), SHARE)], rows,
                  chart="hbar", empty=empty)


def participant_figures(scope: Scope, att: Attendance) -> list[Figure]:
    """Unique participants by profession, by region and by role; and retention."""
    per_user = att.sessions_per_user
    total = len(per_user)
    found = profiles(set(per_user))
    not_given = _("Not given")
    professions = Counter(found.get(uid, ("", ""))[0] or not_given for uid in per_user)
    regions = Counter(found.get(uid, ("", ""))[1] or not_given for uid in per_user)
    role_of = roles(scope)
    # In a site-wide report a person may hold different roles in different programs: they
    # count once under each role they attended in.
    by_role: Counter[str] = Counter()
    seen: set[tuple[str, int]] = set()
    for s in att.sessions:
        for uid in att.minutes.get(s.id, {}):
            role = role_of.get((s.program_id, uid), NO_ROLE)
            if (role, uid) not in seen:
                seen.add((role, uid))
                by_role[str(ROLE_LABELS[role])] += 1
    empty = _("Nobody attended a session in this period.")
    retention = []
    for (low, high), label in RETENTION:
        n = sum(1 for c in per_user.values() if c >= low and (high is None or c <= high))
        retention.append((str(label), [n, share(n, total)]))
    return [
        _breakdown("professions", _("Participants by profession"), _("Profession"), professions, total, empty),
        _breakdown("regions", _("Participants by state, province or country"), _("Region"), regions, total, empty),
        _breakdown("roles", _("Participants by role in the program"), _("Role"), by_role, total, empty),
        Figure("retention", _("Retention: sessions attended per participant"), _("Sessions attended"),
               [(_("Participants"), COUNT), (_("Share of participants"), SHARE)], retention,
               note=_("Each participant is counted once, by the number of sessions they attended in the period."),
               empty=empty),
    ]
