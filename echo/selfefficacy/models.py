"""The self-efficacy survey's statements, a program's timing for the second round, and each
person's ratings before and after."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow


class Stage(str, enum.Enum):
    pre = "pre"      # on joining the program
    post = "post"    # after N sessions attended, or from a date the coordinator sets


class ConfidenceItem(db.Model):
    """One statement rated from 1 (not at all confident) to 5 (completely confident).
    Removing it hides it from new answers and keeps it (active=False) for the ratings given."""

    __tablename__ = "self_efficacy_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    statement: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConfidencePlan(db.Model):
    """When the second round opens for a member: after they attended `post_after_sessions`
    sessions, or from `post_on` for everyone (whichever comes first)."""

    __tablename__ = "self_efficacy_plans"

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True)
    post_after_sessions: Mapped[int | None] = mapped_column(Integer, nullable=True, default=6)
    post_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class ConfidenceResponse(db.Model):
    """One person's ratings in one round (answering again edits them)."""

    __tablename__ = "self_efficacy_responses"
    __table_args__ = (UniqueConstraint("program_id", "user_id", "stage", name="uq_self_efficacy_responses_program_user_stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(Enum(Stage, native_enum=False, length=10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ratings: Mapped[list[ConfidenceRating]] = relationship(cascade="all, delete-orphan")


class ConfidenceRating(db.Model):
    __tablename__ = "self_efficacy_ratings"
    __table_args__ = (UniqueConstraint("response_id", "item_id", name="uq_self_efficacy_ratings_response_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("self_efficacy_responses.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("self_efficacy_items.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)


class ConfidenceInvite(db.Model):
    """A member mailed about a round: the row keeps the mail from going twice."""

    __tablename__ = "self_efficacy_invites"
    __table_args__ = (UniqueConstraint("program_id", "user_id", "stage", name="uq_self_efficacy_invites_program_user_stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(Enum(Stage, native_enum=False, length=10))
    mailed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
