"""The credit feature's tables: a program's credit rule and the credit each attendee was awarded.

An award is stored, not computed when asked: see CreditAward.
"""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow


class CreditType(str, enum.Enum):
    """The kinds of credit a hub's accreditor lets it give. The AMA asks for its designation
    word for word, trademark sign included, in every language."""

    ama_pra_1 = "ama_pra_1"
    ancc = "ancc"
    acpe = "acpe"
    participation = "participation"

    @property
    def label(self) -> str:
        return str(CREDIT_LABELS[self.value])


CREDIT_LABELS = {
    "ama_pra_1": _l("AMA PRA Category 1 Credit™"),
    "ancc": _l("ANCC contact hours"),
    "acpe": _l("ACPE contact hours"),
    "participation": _l("Certificate of participation"),
}


# A revocation's reason: enough for a sentence or two, and it fits the audit trail's detail.
REASON_MAX = 400


def hours_of(centi: int) -> Decimal:
    """Hours kept as hundredths (an integer: exact on both databases, no float rounding)."""
    return (Decimal(centi) / 100).quantize(Decimal("0.01"))


class CreditRule(db.Model):
    """What a program's sessions earn and on what terms, set by its coordinators. Changing it
    changes nothing already awarded: each award keeps the values it was given under."""

    __tablename__ = "credit_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    credit_type: Mapped[CreditType] = mapped_column(Enum(CreditType, native_enum=False, length=20))
    hours_centi: Mapped[int] = mapped_column(Integer)                # hours per session, in hundredths
    min_share_percent: Mapped[int] = mapped_column(Integer, default=75)
    evaluation_required: Mapped[bool] = mapped_column(Boolean, default=True)
    # The activity's id in ACCME's PARS, for the learner file (optional).
    pars_activity_id: Mapped[str] = mapped_column(String(40), default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def hours(self) -> Decimal:
        return hours_of(self.hours_centi)


class CreditAward(db.Model):
    """Credit awarded to one person for one session: the record an accreditor audits.

    Stored at award time rather than computed on demand, because accreditors (ACCME keeps six
    years) audit what was awarded, on which terms, when: recomputing later would change the
    answer whenever attendance is corrected, a rule is edited, a user renames themselves or a
    session is deleted. So the row copies what the certificate says (the learner's name and
    e-mail, the program's name, the session's date) and the rule's values at award time, and its
    links to the user, program and session are set to NULL, never cascaded, when those go.
    The award is made by a step: the learner claims it, or a coordinator awards a session's
    qualified attendees; both check the same rule against the one attendance ledger."""

    __tablename__ = "credit_awards"
    __table_args__ = (UniqueConstraint("session_id", "user_id", name="uq_credit_awards_session_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)       # the certificate's verification code
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="SET NULL"), nullable=True, index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("clinic_sessions.id", ondelete="SET NULL"), nullable=True,
                                                   index=True)
    learner_name: Mapped[str] = mapped_column(String(120))
    learner_email: Mapped[str] = mapped_column(String(254))
    learner_profession: Mapped[str] = mapped_column(String(120), default="")
    program_name: Mapped[str] = mapped_column(String(200))
    session_starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    session_timezone: Mapped[str] = mapped_column(String(64))       # the program's zone: the session's date there
    credit_type: Mapped[CreditType] = mapped_column(Enum(CreditType, native_enum=False, length=20))
    hours_centi: Mapped[int] = mapped_column(Integer)
    minutes_attended: Mapped[int] = mapped_column(Integer)
    share_percent: Mapped[int] = mapped_column(Integer)              # of the session attended, when awarded
    min_share_percent: Mapped[int] = mapped_column(Integer)          # the rule's, when awarded
    evaluation_required: Mapped[bool] = mapped_column(Boolean)
    pars_activity_id: Mapped[str] = mapped_column(String(40), default="")
    # None: the learner claimed it; otherwise the coordinator who awarded it.
    awarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Withdrawn by a coordinator (credit given in error: a duplicate, attendance recorded wrongly).
    # The row stays, for the accreditor's six years; revoked_at is None while the credit stands.
    # Reinstating clears the three; each revocation and reinstatement is in the audit trail.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    revoked_reason: Mapped[str] = mapped_column(String(REASON_MAX), default="", server_default="")

    @property
    def hours(self) -> Decimal:
        return hours_of(self.hours_centi)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i:i + 4] for i in range(0, len(self.code), 4))
