"""The organisation's CSV for site admins (after iECHO's): one row per program with its
sessions held, its launch date (first session held) and its unique participants by role, by
profession and by state/province/country, over the period."""
from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import func, select

from echo.core.csvexport import csv_text
from echo.core.extensions import db
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Program
from echo.reports.attendance import NO_ROLE, ROLE_LABELS, attendance_in, profiles, roles
from echo.reports.scope import Scope


def organisation_csv(scope: Scope) -> str:
    """scope is site-wide; its period bounds the sessions and participants (not the launch date)."""
    att = attendance_in(scope)
    found = profiles(set(att.sessions_per_user))
    role_of = roles(scope)
    first_held = (select(ClinicSession.program_id, func.min(ClinicSession.starts_at))
                  .where(ClinicSession.status == SessionStatus.ended).group_by(ClinicSession.program_id))
    launched = {pid: first for pid, first in db.session.execute(first_held)}
    programs = db.session.scalars(select(Program).order_by(Program.name, Program.id)).all()
    not_given = _("Not given")
    per_program = {}
    professions: set[str] = set()
    regions: set[str] = set()
    for p in programs:
        users = att.users_of(p.id)
        prof = Counter(found.get(u, ("", ""))[0] or not_given for u in users)
        reg = Counter(found.get(u, ("", ""))[1] or not_given for u in users)
        by_role = Counter(role_of.get((p.id, u), NO_ROLE) for u in users)
        professions |= set(prof)
        regions |= set(reg)
        per_program[p.id] = (users, prof, reg, by_role)
    professions_sorted = sorted(professions, key=str.casefold)
    regions_sorted = sorted(regions, key=str.casefold)
    header = [_("Program"), _("Topic"), _("Launch date (first session)"), _("Sessions held"), _("Attendances"),
              _("Unique participants")]
    header += [_("Role: %(role)s", role=label) for label in ROLE_LABELS.values()]
    header += [_("Profession: %(profession)s", profession=x) for x in professions_sorted]
    header += [_("Region: %(region)s", region=x) for x in regions_sorted]
    sessions = Counter(s.program_id for s in att.sessions)
    rows = []
    for p in programs:
        users, prof, reg, by_role = per_program[p.id]
        first = launched.get(p.id)
        rows.append([p.name, p.topic, first.date().isoformat() if first else "", sessions[p.id], sum(users.values()),
                     len(users), *(by_role[r] for r in ROLE_LABELS), *(prof[x] for x in professions_sorted),
                     *(reg[x] for x in regions_sorted)])
    return csv_text(header, rows)
