"""Who belongs to a program: members and their roles, join requests, invitations.

check_* validate and authorise (raise Invalid / NotAllowed / Conflict), do_* write without
committing (the request handler commits). No Flask request objects here.
"""
from __future__ import annotations

import hashlib
from typing import Any, cast

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, update

from echo.accounts.models import User
from echo.accounts.notify import add_notification
from echo.core.errors import Conflict, Invalid, NotAllowed, NotFound
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.access import Viewer
from echo.programs.language import language_for
from echo.programs.models import (
    Invite,
    Membership,
    MembershipStatus,
    Program,
    Role,
    Visibility,
)
from echo.programs.operations import flush_or_conflict

INVITE_DAYS = 14


# --- members --------------------------------------------------------------------------------

def members_of(program: Program, status: MembershipStatus = MembershipStatus.active) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).join(User).where(Membership.program_id == program.id, Membership.status == status).order_by(User.name)))


def coordinators_of(program: Program) -> list[User]:
    return [m.user for m in members_of(program) if m.role == Role.coordinator]


def _membership_in(program: Program, membership_id: int) -> Membership:
    m = db.session.get(Membership, membership_id)
    if m is None or m.program_id != program.id:
        raise NotFound(_("There is no such member in this program."))
    return m


def _check_not_last_coordinator(program: Program, m: Membership) -> None:
    if m.role == Role.coordinator and m.status == MembershipStatus.active and len(coordinators_of(program)) <= 1:
        raise Conflict(_("A program needs at least one coordinator: make someone else coordinator first."))


def do_change_role(actor: User, program: Program, membership_id: int, role: str) -> Membership:
    Viewer(actor).require_role(program, Role.coordinator, action="change roles")
    m = _membership_in(program, membership_id)
    try:
        new_role = Role(role)
    except ValueError:
        raise Invalid(_("Choose a role from the list."), field="role")
    if new_role != m.role:
        if new_role != Role.coordinator:
            _check_not_last_coordinator(program, m)
        m.role = new_role
        with force_locale(language_for(m.user, program)):
            text = _("Your role in %(program)s is now %(role)s.", program=program.name, role=new_role.label)
        add_notification(m.user, "role_changed", text, f"/programs/{program.id}")
    return m


def do_remove_member(actor: User, program: Program, membership_id: int) -> int:
    """Returns the removed member's user id."""
    Viewer(actor).require_role(program, Role.coordinator, action="remove members")
    m = _membership_in(program, membership_id)
    _check_not_last_coordinator(program, m)
    user_id = m.user_id
    db.session.delete(m)
    return user_id


def check_request_join(user: User, program: Program) -> None:
    if program.visibility != Visibility.public:
        raise NotAllowed(_("This program is invite only: ask its coordinator for an invitation."))
    existing = db.session.scalar(select(Membership).where(Membership.program_id == program.id, Membership.user_id == user.id))
    if existing is not None:
        raise Conflict(_("You are already a member of this program, or your request is waiting for approval."))


def do_request_join(user: User, program: Program, role: str = "participant") -> Membership:
    check_request_join(user, program)
    try:
        wanted = Role(role)
    except ValueError:
        raise Invalid(_("Choose a role from the list."), field="role")
    if wanted == Role.coordinator:
        raise Invalid(_("Ask to join as specialist, participant or learner; a coordinator can change your role later."), field="role")
    m = Membership(program_id=program.id, user_id=user.id, role=wanted, status=MembershipStatus.requested)
    db.session.add(m)
    for c in coordinators_of(program):
        with force_locale(language_for(c, program)):
            text = _("%(name)s asks to join %(program)s as %(role)s.", name=user.name, program=program.name, role=wanted.label)
        add_notification(c, "join_request", text, f"/programs/{program.id}/members")
    flush_or_conflict(_("You are already a member of this program, or your request is waiting for approval."))
    return m


def do_decide_request(actor: User, program: Program, membership_id: int, approve: bool) -> None:
    Viewer(actor).require_role(program, Role.coordinator, action="approve join requests")
    m = _membership_in(program, membership_id)
    if m.status != MembershipStatus.requested:
        raise Conflict(_("This request was already decided."))
    user = m.user
    if approve:
        m.status = MembershipStatus.active
        with force_locale(language_for(user, program)):
            text = _("Your request to join %(program)s was approved.", program=program.name)
        add_notification(user, "join_approved", text, f"/programs/{program.id}")
    else:
        db.session.delete(m)
        with force_locale(language_for(user, program)):
            text = _("Your request to join %(program)s was declined.", program=program.name)
        add_notification(user, "join_declined", text, "/programs")


def do_leave(user: User, program: Program) -> None:
    m = db.session.scalar(select(Membership).where(Membership.program_id == program.id, Membership.user_id == user.id))
    if m is None:
        raise NotAllowed(_("You are not a member of this program."))
    _check_not_last_coordinator(program, m)
    db.session.delete(m)


# --- invitations ------------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_from_token(token: str) -> Invite:
    """The invitation for a token, or Invalid with a message the invitee understands."""
    invite = db.session.scalar(select(Invite).where(Invite.token_hash == hash_token(token or "")))
    if invite is None:
        raise Invalid(_("This invitation link is not valid. Check that you copied the whole link, or ask the coordinator for a new one."))
    return check_open_invite(invite, by_link=True)


def check_open_invite(invite: Invite, by_link: bool = False) -> Invite:
    """An invitation that may still be accepted: not used, not expired (whichever way it came).
    by_link: the invitee holds the link, which someone else may have used first."""
    if invite.used_at is not None:
        raise Invalid(_("This invitation has already been used. If that was not you, ask the coordinator for a new one.")
                      if by_link else _("This invitation has already been used."))
    if invite.expires_at < utcnow():
        raise Invalid(_("This invitation has expired. Ask the program's coordinator to send you a new one."))
    return invite


def do_accept_invite(user: User, token: str) -> Membership:
    return do_claim_invite(user, invite_from_token(token))


def do_claim_invite(user: User, invite: Invite) -> Membership:
    """Use an open invitation (checked by the caller: by its token, or addressed to this user)."""
    program = invite.program
    # Single use even under concurrency: claim the invitation with a compare-and-set.
    claimed = cast("CursorResult[Any]", db.session.execute(
        update(Invite).where(Invite.id == invite.id, Invite.used_at.is_(None)).values(used_at=utcnow())
        .execution_options(synchronize_session=False)))
    if claimed.rowcount != 1:
        raise Invalid(_("This invitation has already been used. If that was not you, ask the coordinator for a new one."))
    m = db.session.scalar(select(Membership).where(Membership.program_id == program.id, Membership.user_id == user.id))
    if m is None:
        m = Membership(program_id=program.id, user_id=user.id, role=invite.role, status=MembershipStatus.active)
        db.session.add(m)
    elif m.status == MembershipStatus.requested:
        m.status = MembershipStatus.active
        m.role = invite.role
    # An active member keeps the role they have (a coordinator changes roles on the members page).
    for c in coordinators_of(program):
        if c.id != user.id:
            with force_locale(language_for(c, program)):
                text = _("%(name)s accepted the invitation to %(program)s.", name=user.name, program=program.name)
            add_notification(c, "invite_accepted", text, f"/programs/{program.id}/members")
    flush_or_conflict(_("This invitation was accepted at the same moment elsewhere; reload the program page."))
    return m


def pending_invites(program: Program) -> list[Invite]:
    return list(db.session.scalars(select(Invite).where(Invite.program_id == program.id, Invite.used_at.is_(None),
                                                       Invite.expires_at > utcnow()).order_by(Invite.created_at.desc())))


def do_revoke_invite(actor: User, program: Program, invite_id: int) -> None:
    Viewer(actor).require_role(program, Role.coordinator, action="revoke invitations")
    inv = db.session.get(Invite, invite_id)
    if inv is None or inv.program_id != program.id:
        raise NotFound(_("There is no such invitation."))
    db.session.delete(inv)
