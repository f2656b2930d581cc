"""Who must disclose, their statements, and what a session shows.

check_* validates and authorises, do_* writes (the route commits). The program's hub (its
coordinators and specialists) must disclose; any member who speaks (a participant giving the
didactic) may. A statement is stale 12 months after its date.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from echo.accounts import audit
from echo.accounts.models import User
from echo.core.errors import Invalid, NotAllowed
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.disclosures.models import Disclosure, DisclosureRelationship, Nature
from echo.programs.access import viewer_of
from echo.programs.clinic_session import ClinicSession
from echo.programs.models import Membership, MembershipStatus, Program, Role

STALE_AFTER = timedelta(days=365)
ENTITY_MAX = 200
HUB = (Role.coordinator, Role.specialist)
MAY_DISCLOSE = (Role.coordinator, Role.specialist, Role.participant)


@dataclass
class Row:
    """One relationship as typed in the form."""

    entity: str
    nature: str | None
    mitigated: bool


@dataclass
class Standing:
    """A person's current statement for a program (None: never disclosed)."""

    user: User
    role: Role | None
    disclosure: Disclosure | None
    stale: bool = False
    speaker: bool = False
    relationships: list[DisclosureRelationship] = field(default_factory=list)


def is_stale(disclosure: Disclosure, now: datetime | None = None) -> bool:
    return disclosure.declared_at < (now or utcnow()) - STALE_AFTER


def check_may_disclose(user: User, program: Program) -> None:
    """The program's coordinators, specialists and participants (a participant may give the
    didactic). Site admins who are not members have nothing to disclose here."""
    if viewer_of(user).role_in(program) not in MAY_DISCLOSE:
        raise NotAllowed(_("Only the program's coordinators, specialists and speakers record disclosures."))


def check_disclose(user: User, program: Program, none_to_disclose: bool, rows: list[Row]) -> list[tuple[str, Nature, bool]]:
    """Members of the hub, and participants who speak, state their relationships or that they
    have none; a relationship needs its company and its nature."""
    check_may_disclose(user, program)
    filled = [r for r in rows if (r.entity or "").strip() or r.nature]
    if none_to_disclose and filled:
        raise Invalid(_("You said you have nothing to disclose: clear the relationships, or untick that box."),
                      field="none_to_disclose")
    if not none_to_disclose and not filled:
        raise Invalid(_("List at least one relationship, or tick that you have nothing to disclose."),
                      field="none_to_disclose")
    out = []
    for r in filled:
        entity = " ".join((r.entity or "").split())
        if not entity:
            raise Invalid(_("Name the company of each relationship."), field="relationships")
        if len(entity) > ENTITY_MAX:
            raise Invalid(_("Keep each company's name under %(max)d characters.", max=ENTITY_MAX), field="relationships")
        try:
            nature = Nature(r.nature or "")
        except ValueError:
            raise Invalid(_("Choose the nature of each relationship."), field="relationships") from None
        out.append((entity, nature, bool(r.mitigated)))
    return out


def do_disclose(user: User, program: Program, none_to_disclose: bool,
                relationships: list[tuple[str, Nature, bool]]) -> Disclosure:
    d = Disclosure(program_id=program.id, user_id=user.id, none_to_disclose=none_to_disclose, declared_at=utcnow())
    for entity, nature, mitigated in relationships:
        d.relationships.append(DisclosureRelationship(entity=entity, nature=nature, mitigated=mitigated))
    db.session.add(d)
    db.session.flush()
    audit.record(user, "disclosure.recorded", "disclosure", d.id, program.id,
                 detail=f"relationships={len(relationships)} none={none_to_disclose}")
    return d


def current(program: Program, user_ids: set[int] | None = None) -> dict[int, Disclosure]:
    """User id -> their newest statement for the program."""
    q = select(Disclosure).where(Disclosure.program_id == program.id)
    if user_ids is not None:
        q = q.where(Disclosure.user_id.in_(user_ids))
    out: dict[int, Disclosure] = {}
    for d in db.session.scalars(q.order_by(Disclosure.declared_at, Disclosure.id)):
        out[d.user_id] = d
    return out


def mine(user: User, program: Program) -> Disclosure | None:
    return current(program, {user.id}).get(user.id)


def _members(program: Program, roles: tuple[Role, ...]) -> list[tuple[User, Role]]:
    rows = db.session.execute(select(User, Membership.role).join(Membership, Membership.user_id == User.id).where(
        Membership.program_id == program.id, Membership.status == MembershipStatus.active, Membership.role.in_(roles)))
    return sorted(((u, r) for u, r in rows), key=lambda p: p[0].name.casefold())


def standings(program: Program, session: ClinicSession | None = None) -> list[Standing]:
    """The hub's members (and, for a session, a member named as its didactic speaker), with
    their current statements."""
    people = _members(program, HUB)
    speaker_name = " ".join((session.didactic_speaker or "").split()).casefold() if session is not None else ""
    if speaker_name:
        people += [(u, r) for u, r in _members(program, (Role.participant,)) if u.name.casefold() == speaker_name]
    now = utcnow()
    found = current(program, {u.id for u, _r in people})
    out = []
    for u, r in people:
        d = found.get(u.id)
        out.append(Standing(user=u, role=r, disclosure=d, stale=d is not None and is_stale(d, now),
                            speaker=bool(speaker_name) and u.name.casefold() == speaker_name,
                            relationships=list(d.relationships) if d is not None else []))
    return out


def check_overview(user: User, program: Program) -> None:
    viewer_of(user).require_role(program, Role.coordinator, action="see who has disclosed")


def speaker_on_record(session: ClinicSession, people: list[Standing]) -> bool:
    """Whether the session's named speaker is one of the people shown (a guest speaker is not
    a member: the coordinator shows their disclosure another way)."""
    return not session.didactic_speaker or any(s.speaker for s in people)
