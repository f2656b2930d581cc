"""The attendance feature's tables: coordinators' corrections, session codes and the claims
made with them. Live presence itself stays in echo.live (presence_intervals)."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow


class EditReason(str, enum.Enum):
    """Why a coordinator corrected someone's minutes (the category; the words go in `reason`)."""

    phone = "phone"                  # joined by phone or audio only, never on the board
    dropped = "dropped"              # the connection dropped; the board missed part of the stay
    other_account = "other_account"  # joined from a colleague's or a clinic's shared account
    other = "other"

    @property
    def label(self) -> str:
        return str({
            "phone": _l("Phone or audio only"),
            "dropped": _l("Connection dropped"),
            "other_account": _l("Joined from another account"),
            "other": _l("Other"),
        }[self.value])


class AttendanceEdit(db.Model):
    """A coordinator's correction: the person's minutes for the session become `minutes`.
    Every edit is kept (the newest one counts); the free-text reason stays here, out of the
    audit log."""

    __tablename__ = "attendance_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("clinic_sessions.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    reason_kind: Mapped[EditReason] = mapped_column(Enum(EditReason, native_enum=False, length=20))
    reason: Mapped[str] = mapped_column(String(300))
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SessionCode(db.Model):
    """The short code a coordinator reads out to those who attend by phone; one per session."""

    __tablename__ = "attendance_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("clinic_sessions.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimStatus(str, enum.Enum):
    pending = "pending"
    approved = "approved"
    declined = "declined"

    @property
    def label(self) -> str:
        return str({"pending": _l("Waiting for the coordinator"), "approved": _l("Approved"),
                    "declined": _l("Declined")}[self.value])


class AttendanceClaim(db.Model):
    """An attendee's statement, made with the session's code, that they attended for `minutes`.
    It counts once a coordinator approves it. One per person and session: claiming again
    while pending changes the minutes."""

    __tablename__ = "attendance_claims"
    __table_args__ = (UniqueConstraint("session_id", "user_id", name="uq_attendance_claims_session_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("clinic_sessions.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[ClaimStatus] = mapped_column(Enum(ClaimStatus, native_enum=False, length=20), default=ClaimStatus.pending)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
