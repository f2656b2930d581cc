"""A program's evaluation questions, each session's surveys, who was asked and what they answered."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow


class SurveyKind(str, enum.Enum):
    end = "end"              # opens when the session ends
    followup = "followup"    # 30 days later: did anything change in practice?

    @property
    def label(self) -> str:
        # Lazy: form choices are built at import time and rendered in each request's language.
        return _SURVEY_LABELS[self.value]  # type: ignore[return-value]


class QuestionKind(str, enum.Enum):
    scale = "scale"          # 1 (poor) to 5 (excellent)
    intent = "intent"        # will you / did you change your practice: yes, maybe, no
    text = "text"            # free text, through the privacy guard

    @property
    def label(self) -> str:
        return _QUESTION_LABELS[self.value]  # type: ignore[return-value]


_SURVEY_LABELS = {"end": _l("End of session"), "followup": _l("30-day follow-up")}
_QUESTION_LABELS = {"scale": _l("Rating 1 to 5"), "intent": _l("Yes / maybe / no"), "text": _l("Free text")}


class EvaluationQuestion(db.Model):
    """One question of a program's surveys. Removing a question hides it from new surveys and
    keeps it (active=False) for the answers already given to it."""

    __tablename__ = "evaluation_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    survey: Mapped[SurveyKind] = mapped_column(Enum(SurveyKind, native_enum=False, length=20))
    kind: Mapped[QuestionKind] = mapped_column(Enum(QuestionKind, native_enum=False, length=20))
    prompt: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Survey(db.Model):
    """One survey of one session. The row exists once the survey is open; reminded_at is the
    coordinator's last reminder (at most one a day)."""

    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("session_id", "kind", name="uq_surveys_session_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("clinic_sessions.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SurveyKind] = mapped_column(Enum(SurveyKind, native_enum=False, length=20))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    invites: Mapped[list[SurveyInvite]] = relationship(cascade="all, delete-orphan")


class SurveyInvite(db.Model):
    """A person asked to answer a survey: the row is what keeps the mail from going twice."""

    __tablename__ = "survey_invites"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", name="uq_survey_invites_survey_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mailed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SurveyResponse(db.Model):
    """One person's answers to one survey (answering again edits them)."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", name="uq_survey_responses_survey_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answers: Mapped[list[SurveyAnswer]] = relationship(cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """One answer: a number (rating 1-5; intent 2 yes, 1 maybe, 0 no) or a text."""

    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id", name="uq_survey_answers_response_question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("evaluation_questions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
