"""A report: the headline numbers and every figure of one scope (a program or every program)
and period. Built in a fixed number of queries, plus one ledger call per session held."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from echo.core.errors import NotFound
from echo.reports.attendance import (
    Attendance,
    attendance_in,
    participant_figures,
    sessions_by_month,
)
from echo.reports.evaluation_figures import Evaluations, evaluation_figures, evaluations
from echo.reports.figure import Figure, share
from echo.reports.outcomes import CaseOutcomes, case_outcomes, outcome_figures
from echo.reports.scope import Scope


@dataclass
class Report:
    scope: Scope
    attendance: Attendance
    outcomes: CaseOutcomes
    evaluations: Evaluations
    figures: list[Figure]

    @property
    def sessions(self) -> int:
        return len(self.attendance.sessions)

    @property
    def participants(self) -> int:
        return len(self.attendance.sessions_per_user)

    @property
    def mean_attendance(self) -> float | None:
        return share(self.attendance.attendances, self.sessions)

    @property
    def is_empty(self) -> bool:
        """Nothing happened in the period: no session held and no case presented."""
        return self.sessions == 0 and self.outcomes.presented == 0

    def headline(self) -> list[tuple[str, object, str]]:
        """(label, value, "number" or "percent") for the summary at the top of the report."""
        ev = self.evaluations
        return [
            (_("Sessions held"), self.sessions, "number"),
            (_("Attendances"), self.attendance.attendances, "number"),
            (_("Unique participants"), self.participants, "number"),
            (_("Average attendance per session"), self.mean_attendance, "decimal"),
            (_("Minutes attended (all attendances)"), self.attendance.total_minutes, "number"),
            (_("Cases presented"), self.outcomes.presented, "number"),
            (_("Cases closed out"), self.outcomes.closed_share, "percent"),
            (_("Average satisfaction (1 to 5)"), ev.mean_rating, "decimal"),
            (_("Survey response rate"), ev.overall.share, "percent"),
        ]

    def figure(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise NotFound(_("This report has no such figure."))


def build_report(scope: Scope) -> Report:
    att = attendance_in(scope)
    outcomes = case_outcomes(scope)
    ev = evaluations(scope)
    figures = [sessions_by_month(scope, att), *participant_figures(scope, att), *outcome_figures(outcomes),
               *evaluation_figures(ev)]
    return Report(scope, att, outcomes, ev, figures)
