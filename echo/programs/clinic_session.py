"""Sessions: one occurrence of a program's clinic."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from echo.programs.models import Program


class SessionStatus(str, enum.Enum):
    scheduled = "scheduled"
    live = "live"
    ended = "ended"
    cancelled = "cancelled"


class ClinicSession(db.Model):
    """One clinic occurrence. starts_at is UTC; shown in each viewer's zone.

    occurrence_start is the start the program's rule gave this occurrence (UTC); it stays
    fixed when the occurrence is moved, so that regenerating the schedule recognises it.
    """

    __tablename__ = "clinic_sessions"
    __table_args__ = (UniqueConstraint("program_id", "occurrence_start", name="uq_clinic_sessions_occurrence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    occurrence_start: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status: Mapped[SessionStatus] = mapped_column(Enum(SessionStatus, native_enum=False, length=20), default=SessionStatus.scheduled)
    # True when a coordinator changed this occurrence alone (moved, retitled, cancelled):
    # a later change of the program's rule leaves it as it is.
    is_modified: Mapped[bool] = mapped_column(Boolean, default=False)
    is_one_off: Mapped[bool] = mapped_column(Boolean, default=False)
    didactic_title: Mapped[str] = mapped_column(String(300), default="")
    didactic_speaker: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # iCalendar SEQUENCE: bumped on every change so calendar apps take the update.
    ical_sequence: Mapped[int] = mapped_column(Integer, default=0)
    # Live conference state (filled by the live board).
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # A plain id, not a foreign key: cases already point at sessions, and a cycle of foreign
    # keys would need ALTER TABLE, which SQLite lacks. The live board checks it on use.
    current_case_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    current_phase: Mapped[str] = mapped_column(String(30), default="")
    phase_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    program: Mapped["Program"] = relationship(back_populates="sessions")

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def __repr__(self) -> str:
        return f"<ClinicSession {self.id}>"
