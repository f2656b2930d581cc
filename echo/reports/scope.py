"""What a report covers: one program (its coordinators' report) or every program (site
admins'), over a period; and the sessions held in it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.orm import InstrumentedAttribute

from echo.core.extensions import db
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Program
from echo.reports.period import Period


@dataclass(frozen=True)
class Scope:
    period: Period
    program: Program | None = None   # None: every program (site-wide)

    @property
    def site_wide(self) -> bool:
        return self.program is None

    def of_program(self, column: ColumnElement[int] | InstrumentedAttribute[int]) -> ColumnElement[bool]:
        """The condition that a program id column is in the scope."""
        return true() if self.program is None else column == self.program.id

    def held(self) -> Select[tuple[ClinicSession]]:
        """The sessions held in the period (ended; by their start), as a query."""
        return select(ClinicSession).where(
            self.of_program(ClinicSession.program_id), ClinicSession.status == SessionStatus.ended,
            ClinicSession.starts_at >= self.period.starts_at, ClinicSession.starts_at < self.period.ends_before)

    def held_ids(self) -> Select[tuple[int]]:
        return self.held().with_only_columns(ClinicSession.id)


def held_sessions(scope: Scope) -> list[ClinicSession]:
    return list(db.session.scalars(scope.held().order_by(ClinicSession.starts_at, ClinicSession.id)))
