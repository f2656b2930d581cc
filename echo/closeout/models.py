"""A case's close-outs (one per stage: 2 and 12 weeks after the summary) and their answers per
recommendation."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow

# Weeks after the summary was sent at which the presenter is asked.
STAGES = (2, 12)

# Answer codes and their labels (lazy: shown in each reader's language).
IMPLEMENTED = {"fully": _l("Implemented fully"), "partly": _l("Implemented in part"), "not": _l("Not implemented")}
WHY_NOT = {"patient_declined": _l("The patient declined"), "cost": _l("Cost"), "not_available": _l("Not available locally"),
           "disagreed": _l("I disagreed"), "other": _l("Other")}
PATIENT = {"better": _l("Better"), "same": _l("The same"), "worse": _l("Worse"), "unknown": _l("Unknown")}
AVOIDED = {"yes": _l("Yes, avoided"), "no": _l("No"), "not_applicable": _l("No referral or transfer was in view")}


class Closeout(db.Model):
    """The presenter's report at one stage. The row is made when the request goes out (the
    sweep, or the presenter opening the form once it is due); answered_at marks the answer."""

    __tablename__ = "closeouts"
    __table_args__ = (UniqueConstraint("case_id", "weeks", name="uq_closeouts_case_weeks"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    weeks: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)   # mail and notice sent
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    referral_avoided: Mapped[str] = mapped_column(String(20), default="")
    patient_status: Mapped[str] = mapped_column(String(20), default="")
    # Passed the privacy guard before it was stored (echo.closeout.operations.check_note).
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list[CloseoutItem]] = relationship(cascade="all, delete-orphan", order_by="CloseoutItem.id")


class CloseoutItem(db.Model):
    """What became of one recommendation."""

    __tablename__ = "closeout_items"
    __table_args__ = (UniqueConstraint("closeout_id", "recommendation_id", name="uq_closeout_items_closeout_rec"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    closeout_id: Mapped[int] = mapped_column(ForeignKey("closeouts.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"), index=True)
    implemented: Mapped[str] = mapped_column(String(20))
    why_not: Mapped[str] = mapped_column(String(30), default="")
