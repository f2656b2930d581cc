"""Programs (recurring virtual clinics), their members and invitations."""
from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Enum, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow
from echo.accounts.models import CalendarFeed

if TYPE_CHECKING:
    from echo.programs.clinic_session import ClinicSession
    from echo.accounts.models import User


class Role(str, enum.Enum):
    coordinator = "coordinator"
    specialist = "specialist"
    participant = "participant"
    learner = "learner"

    @property
    def label(self) -> str:
        """The role's name in the current language (a lazy string: str() it to keep it)."""
        return _ROLE_LABELS[self.value]  # type: ignore[return-value]

    @property
    def english_label(self) -> str:
        """The English name, which lists of addresses to invite may use in any language."""
        return _ROLE_ENGLISH[self.value]


_ROLE_ENGLISH = {
    "coordinator": "Coordinator",
    "specialist": "Specialist (hub)",
    "participant": "Participant (spoke)",
    "learner": "Learner",
}
_ROLE_LABELS = {
    "coordinator": _l("Coordinator"),
    "specialist": _l("Specialist (hub)"),
    "participant": _l("Participant (spoke)"),
    "learner": _l("Learner"),
}


class Visibility(str, enum.Enum):
    public = "public"
    invite_only = "invite_only"


class MembershipStatus(str, enum.Enum):
    active = "active"
    requested = "requested"


class Program(CalendarFeed, db.Model):
    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    hub_team: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64))
    # The language of the program's mail and calendar feed ("en", "es", "fr").
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    video_url: Mapped[str] = mapped_column(String(500), default="")
    visibility: Mapped[Visibility] = mapped_column(Enum(Visibility, native_enum=False, length=20), default=Visibility.public)
    # Recurrence: an RFC 5545 RRULE (without DTSTART) applied from first_date at start_time,
    # in the program's zone. Empty for programs with one-off sessions only.
    rrule: Mapped[str] = mapped_column(String(500), default="")
    first_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    start_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    until_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(back_populates="program", cascade="all, delete-orphan")
    sessions: Mapped[list["ClinicSession"]] = relationship(back_populates="program", cascade="all, delete-orphan", order_by="ClinicSession.starts_at")

    def __repr__(self) -> str:
        return f"<Program {self.id}>"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("program_id", "user_id", name="uq_memberships_program_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    status: Mapped[MembershipStatus] = mapped_column(Enum(MembershipStatus, native_enum=False, length=20), default=MembershipStatus.active)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    program: Mapped["Program"] = relationship(back_populates="memberships")
    user: Mapped["User"] = relationship(back_populates="memberships")


class Invite(db.Model):
    """An e-mailed invitation to a program. Only a hash of the token is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    program: Mapped["Program"] = relationship()
