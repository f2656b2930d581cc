"""What accreditors and funders ask for: a program's awards over a period, as CSV (one row per
award, the audit trail) and as an ACCME PARS-style learner file (tab-delimited, one row per
learner per activity).

A recurring ECHO clinic is reported to ACCME as one activity, a regularly scheduled series: so
the learner file has one row per learner (and credit type) with the credit of the period summed
and the date of the last session credited. The period is in the program's time zone, both
days included.

Revoked credit (echo.credit.revocation): the CSV is the provider's record of every award, the
one an accreditor audits, so a revoked award stays in it, marked (status "revoked" and when):
a record that vanished would look like one never made. The PARS learner file reports the
credit learners earned, so it leaves revoked credit out (a file already uploaded to PARS is
corrected there).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from echo.core.csvexport import csv_text, safe_cell
from echo.core.extensions import db
from echo.credit.models import CreditAward, hours_of
from echo.programs.models import Program

CSV_HEADER = ["session_date", "learner_name", "email", "profession", "credit_type", "hours", "minutes_attended",
              "share_attended_percent", "share_required_percent", "evaluation_required", "awarded_at_utc",
              "awarded_by", "verification_code", "status", "revoked_at_utc"]
PARS_HEADER = ["Activity ID", "Activity Title", "First Name", "Last Name", "Email", "Profession", "Credit Type",
               "Credits Earned", "Completion Date"]


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def bounds(self, zone: str) -> tuple[datetime, datetime]:
        """The period's first and last day in the program's zone, as UTC instants [from, to)."""
        tz = ZoneInfo(zone)
        return (datetime.combine(self.start, time(0), tz), datetime.combine(self.end + timedelta(days=1), time(0), tz))


def awards_in(program: Program, period: Period) -> list[CreditAward]:
    since, until = period.bounds(program.timezone)
    return list(db.session.scalars(
        select(CreditAward).where(CreditAward.program_id == program.id, CreditAward.session_starts_at >= since,
                                  CreditAward.session_starts_at < until)
        .order_by(CreditAward.session_starts_at, CreditAward.learner_name)))


def session_date(award: CreditAward) -> date:
    return award.session_starts_at.astimezone(ZoneInfo(award.session_timezone)).date()


def split_name(name: str) -> tuple[str, str]:
    """First and last name from the one name an account has: the last word is the last name
    (PARS wants both; a learner with a two-word surname corrects it in PARS)."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return " ".join(words[:-1]), words[-1]


def awards_csv(awards: Iterable[CreditAward]) -> str:
    return csv_text(CSV_HEADER, (
        [session_date(a).isoformat(), a.learner_name, a.learner_email, a.learner_profession, a.credit_type.label,
         str(a.hours), a.minutes_attended, a.share_percent, a.min_share_percent, "yes" if a.evaluation_required else "no",
         a.awarded_at.isoformat(), "coordinator" if a.awarded_by_id else "claimed", a.display_code,
         "revoked" if a.revoked else "awarded", a.revoked_at.isoformat() if a.revoked_at is not None else ""]
        for a in awards))


def _tab_cell(value: object) -> str:
    """A cell of the tab-delimited file: no tab or line break inside, and no formula."""
    text = " ".join(str(value).split())
    return str(safe_cell(text))


def pars_rows(awards: Iterable[CreditAward], program_name: str) -> list[list[str]]:
    per: dict[tuple[str, str], list[CreditAward]] = {}
    for a in awards:
        if a.revoked:
            continue   # withdrawn credit was not earned: PARS reports credit earned
        per.setdefault((a.learner_email.casefold(), a.credit_type.value), []).append(a)
    rows = []
    for group in per.values():
        last = max(group, key=lambda a: a.session_starts_at)
        first_name, last_name = split_name(last.learner_name)
        rows.append([last.pars_activity_id, program_name, first_name, last_name, last.learner_email,
                     last.learner_profession, last.credit_type.label, str(hours_of(sum(a.hours_centi for a in group))),
                     session_date(last).strftime("%m/%d/%Y")])
    rows.sort(key=lambda r: (r[3].casefold(), r[2].casefold(), r[6]))
    return rows


def pars_text(awards: Iterable[CreditAward], program_name: str) -> str:
    lines = ["\t".join(PARS_HEADER)]
    lines += ["\t".join(_tab_cell(v) for v in row) for row in pars_rows(awards, program_name)]
    return "\r\n".join(lines) + "\r\n"
