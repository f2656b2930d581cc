"""Case presentations, their revisions, privacy decisions and tags."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from echo.programs.models import Program
    from echo.programs.clinic_session import ClinicSession
    from echo.accounts.models import User


class CaseState(str, enum.Enum):
    draft = "draft"
    submitted = "submitted"
    accepted = "accepted"
    returned = "returned"
    presented = "presented"
    summarised = "summarised"
    published = "published"

    @property
    def label(self) -> str:
        """The state as people read it, in the request's language (English: the value itself)."""
        return str(STATE_LABELS[self.value])


STATE_LABELS = {
    "draft": _l("draft"), "submitted": _l("submitted"), "accepted": _l("accepted"), "returned": _l("returned"),
    "presented": _l("presented"), "summarised": _l("summarised"), "published": _l("published"),
}


class Case(db.Model):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("clinic_sessions.id", ondelete="SET NULL"), nullable=True, index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), nullable=True, index=True)
    state: Mapped[CaseState] = mapped_column(Enum(CaseState, native_enum=False, length=20), default=CaseState.draft, index=True)
    agenda_position: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Optimistic concurrency: every save bumps it; a save from a stale form is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)

    title: Mapped[str] = mapped_column(String(200), default="")
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age_band: Mapped[str] = mapped_column(String(20), default="")
    sex: Mapped[str] = mapped_column(String(20), default="")
    setting: Mapped[str] = mapped_column(String(120), default="")
    chief_concern: Mapped[str] = mapped_column(Text, default="")
    history: Mapped[str] = mapped_column(Text, default="")
    medications: Mapped[str] = mapped_column(Text, default="")
    tests: Mapped[str] = mapped_column(Text, default="")
    treatment: Mapped[str] = mapped_column(Text, default="")
    social_factors: Mapped[str] = mapped_column(Text, default="")
    phq9: Mapped[int | None] = mapped_column(Integer, nullable=True)
    gad7: Mapped[int | None] = mapped_column(Integer, nullable=True)
    auditc: Mapped[int | None] = mapped_column(Integer, nullable=True)
    narrative: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    return_reason: Mapped[str] = mapped_column(Text, default="")
    # The presenter agreed to be named in the library.
    presenter_named: Mapped[bool] = mapped_column(Boolean, default=False)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    presented_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    summarised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    program: Mapped["Program"] = relationship()
    author: Mapped["User"] = relationship(foreign_keys=[author_id])
    session: Mapped["ClinicSession | None"] = relationship(foreign_keys=[session_id])
    parent: Mapped["Case | None"] = relationship(remote_side=[id], foreign_keys=[parent_id])
    tags: Mapped[list["CaseTag"]] = relationship(back_populates="case", cascade="all, delete-orphan", order_by="CaseTag.tag")

    def __repr__(self) -> str:
        return f"<Case {self.id}>"


class CaseTag(db.Model):
    __tablename__ = "case_tags"
    __table_args__ = (UniqueConstraint("case_id", "tag", name="uq_case_tags_case_tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    tag: Mapped[str] = mapped_column(String(60), index=True)

    case: Mapped["Case"] = relationship(back_populates="tags")


class CaseRevision(db.Model):
    """A snapshot of a case's fields at each save: the history an author can look back on."""

    __tablename__ = "case_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PrivacyDismissal(db.Model):
    """An author's decision that a privacy finding is not an identifier, with a reason.

    Matched by fingerprint (kind + normalised text) so the decision survives edits around it.
    """

    __tablename__ = "privacy_dismissals"
    __table_args__ = (UniqueConstraint("case_id", "field", "fingerprint", name="uq_privacy_dismissals_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    fingerprint: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseView(db.Model):
    """The first view of a case's text by someone other than its author, per clinic session.

    The audit log holds the entry people read; this row is what makes it happen once per
    viewer, case and session. session_key is the clinic session's id, or 0 for a view outside
    a session (the case page, the library): a nullable column would not do, since both
    SQLite and PostgreSQL let NULLs repeat under a unique constraint.
    """

    __tablename__ = "case_views"
    __table_args__ = (UniqueConstraint("user_id", "case_id", "session_key", name="uq_case_views_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    session_key: Mapped[int] = mapped_column(Integer, default=0)
    how: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
