"""The disclosures feature's tables: each person's dated statement of their financial
relationships for a program (ACCME), and its relationships."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow


class Nature(str, enum.Enum):
    """The kinds of financial relationship ACCME asks about."""

    employee = "employee"
    consultant = "consultant"
    speaker = "speaker"
    advisory = "advisory"
    research = "research"
    ownership = "ownership"
    royalties = "royalties"
    other = "other"

    @property
    def label(self) -> str:
        return str({
            "employee": _l("Employee"),
            "consultant": _l("Consultant"),
            "speaker": _l("Speakers' bureau"),
            "advisory": _l("Advisory board"),
            "research": _l("Research funding"),
            "ownership": _l("Stock or ownership"),
            "royalties": _l("Royalties or patents"),
            "other": lazy_pgettext("relationship", "Other"),
        }[self.value])


class Disclosure(db.Model):
    """One person's statement for one program, dated: either none to disclose or a list of
    relationships. Each new statement is a new row (the newest counts; older ones are the
    record of what was shown when)."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    none_to_disclose: Mapped[bool] = mapped_column(Boolean, default=False)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    relationships: Mapped[list[DisclosureRelationship]] = relationship(
        cascade="all, delete-orphan", order_by="DisclosureRelationship.id")


class DisclosureRelationship(db.Model):
    """A financial relationship with an ineligible company, and whether it was mitigated."""

    __tablename__ = "disclosure_relationships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"), index=True)
    entity: Mapped[str] = mapped_column(String(200))
    nature: Mapped[Nature] = mapped_column(Enum(Nature, native_enum=False, length=20))
    mitigated: Mapped[bool] = mapped_column(Boolean, default=False)
