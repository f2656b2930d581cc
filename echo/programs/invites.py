"""Inviting people to a program, one address at a time: the single form and the bulk list
both call do_invite_address for each address.

check_* validate and authorise, do_* write (the caller commits), notify_* mail after commit.
"""
from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from email_validator import EmailNotValidError, validate_email
from flask_babel import LazyString, force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from echo.accounts.models import User
from echo.accounts.notify import add_notification
from echo.accounts.operations import find_user, normalise_email
from echo.core.errors import Invalid, NotAllowed, NotFound
from echo.core.extensions import db
from echo.core.i18n import current_language
from echo.core.mail import send_mail
from echo.core.types import utcnow
from echo.programs.access import Viewer
from echo.programs.invite_lists import Entry
from echo.programs.language import language_for
from echo.programs.membership import (
    INVITE_DAYS,
    check_open_invite,
    do_claim_invite,
    hash_token,
)
from echo.programs.models import Invite, Membership, MembershipStatus, Program, Role

log = logging.getLogger("echo.programs")

Outcome = Literal["invited", "notice", "member", "invalid", "duplicate"]
OUTCOME_LABELS: dict[str, LazyString] = {
    "invited": _l("Invited"),
    "notice": _l("Invited; notice sent to their existing account"),
    "member": _l("Already a member"),
    "invalid": _l("Invalid address"),
    "duplicate": _l("Listed twice; invited once"),
}
ROLE_WORDS = {"hub": Role.specialist, "spoke": Role.participant}


@dataclass
class InviteResult:
    """What happened to one address; invite and token are set when an invitation was made."""

    address: str
    outcome: Outcome
    role: Role | None = None
    name: str = ""
    reason: str = ""
    invite: Invite | None = None
    token: str = ""
    user: User | None = None
    given_role: str = ""
    field: str = "email"

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def invited(self) -> bool:
        return self.invite is not None


def check_role(role: str | Role, default: Role | None = None) -> Role:
    if isinstance(role, Role):
        return role
    word = (role or "").strip().lower()
    if not word and default is not None:
        return default
    for r in Role:
        if word in (r.value, r.english_label.lower(), str(r.label).lower()):
            return r
    if word in ROLE_WORDS:
        return ROLE_WORDS[word]
    raise Invalid(_("Choose a role from the list.") if not word else
                  _("Unknown role \"%(role)s\": use coordinator, specialist, participant or learner.", role=role.strip()[:40]),
                  field="role")


def check_address(address: str) -> str:
    address = (address or "").strip()
    if not address:
        raise Invalid(_("Enter the e-mail address to send the invitation to."), field="email")
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        # The validator explains in English only; other languages get a sentence of their own.
        raise Invalid(str(exc) if current_language() == "en" else _("This is not a valid e-mail address: check it for typing mistakes."), field="email")
    return normalise_email(checked.normalized)


def is_active_member(program: Program, user: User | None) -> bool:
    if user is None:
        return False
    return db.session.scalar(select(Membership.id).where(
        Membership.program_id == program.id, Membership.user_id == user.id,
        Membership.status == MembershipStatus.active)) is not None


def do_invite_address(actor: User, program: Program, address: str, role: str | Role, name: str = "",
                      default_role: Role | None = None) -> InviteResult:
    """Judge one address and, when it can be invited, add the invitation (and the in-app notice
    for an existing account) to the session. Never raises for a bad address: the result says why."""
    Viewer(actor).require_role(program, Role.coordinator, action="invite members")
    name = (name or "").strip()[:200]
    try:
        email = check_address(address)
    except Invalid as exc:
        return InviteResult(address=(address or "").strip()[:254], outcome="invalid", name=name, reason=exc.message,
                            given_role=role.value if isinstance(role, Role) else (role or ""))
    try:
        r = check_role(role, default_role)
    except Invalid as exc:
        return InviteResult(address=email, outcome="invalid", name=name, reason=exc.message, given_role=str(role), field="role")
    user = find_user(email)
    if is_active_member(program, user):
        return InviteResult(address=email, outcome="member", role=r, name=name, user=user,
                            reason=_("This person is already a member of the program."))
    token = secrets.token_urlsafe(32)
    invite = Invite(program_id=program.id, email=email, role=r, token_hash=hash_token(token), invited_by_id=actor.id,
                    expires_at=utcnow() + timedelta(days=INVITE_DAYS))
    db.session.add(invite)
    db.session.flush()
    if user is None:
        return InviteResult(address=email, outcome="invited", role=r, name=name, invite=invite, token=token)
    with force_locale(language_for(user, program)):
        text = _("%(name)s invites you to join %(program)s as %(role)s.", name=actor.name, program=program.name, role=r.label)
    add_notification(user, "invited", text, f"/invites/mine/{invite.id}")
    return InviteResult(address=email, outcome="notice", role=r, name=name or user.name, invite=invite, token=token, user=user)


def do_invite_list(actor: User, program: Program, entries: list[Entry], default_role: Role) -> list[InviteResult]:
    """Every address of a list through do_invite_address; an address listed twice is invited once."""
    results: list[InviteResult] = []
    seen: set[str] = set()
    for e in entries:
        key = normalise_email(e.address)
        if key in seen:
            results.append(InviteResult(address=key, outcome="duplicate", name=e.name))
            continue
        seen.add(key)
        results.append(do_invite_address(actor, program, e.address, e.role, e.name, default_role=default_role))
    log.info("bulk invite to program %s by user %s: %s addresses, %s invitations", program.id, actor.id,
             len(results), sum(r.invited for r in results))
    return results


# '3 invited': the number and its words together, singular and plural, in the page's language.
SUMMARY_WORDS: tuple[tuple[str, Callable[[int], str]], ...] = (
    ("invited", lambda n: ngettext("%(num)d invited", "%(num)d invited", n)),
    ("notice", lambda n: ngettext("%(num)d invited with a notice to their existing account",
                                  "%(num)d invited with a notice to their existing account", n)),
    ("member", lambda n: ngettext("%(num)d already a member", "%(num)d already a member", n)),
    ("invalid", lambda n: ngettext("%(num)d invalid", "%(num)d invalid", n)),
    ("duplicate", lambda n: ngettext("%(num)d listed twice", "%(num)d listed twice", n)),
)


def as_line(result: InviteResult) -> str:
    """The address as a line of the bulk box again (email[,role][,name]), to correct and resend."""
    cells = [result.address, result.given_role.strip(), result.name]
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return ",".join(cells)


def summarise(results: list[InviteResult]) -> str:
    """'3 invited; 1 already a member; 2 invalid.'"""
    parts = [words(n) for outcome, words in SUMMARY_WORDS if (n := sum(r.outcome == outcome for r in results))]
    # The separator is the language's own ("; " in English and Spanish, " ; " in French).
    return _("; ").join(parts) + "."


def notify_invite(invite: Invite, link: str, inviter: User, name: str = "", user: User | None = None) -> None:
    """Mail the invitation, in the invitee's language when they have an account that sets one,
    else in the program's."""
    program = invite.program
    with force_locale(language_for(user, program)):
        subject = _("Invitation to %(program)s", program=program.name)
        body = "\n\n".join([
            _("Hello %(name)s,", name=name) if name else _("Hello,"),
            _("%(inviter)s invites you to join %(program)s (%(topic)s) as %(role)s.",
              inviter=inviter.name, program=program.name, topic=program.topic, role=invite.role.label),
            _("Accept the invitation (valid for %(days)d days, one use):", days=INVITE_DAYS) + "\n" + link,
            _("If you have no account yet, you can create one from that page."),
        ]) + "\n"
    send_mail(invite.email, subject, body)


def own_invite(user: User, invite_id: int) -> Invite:
    """An open invitation addressed to this user's e-mail (the in-app notice's link)."""
    invite = db.session.get(Invite, invite_id)
    if invite is None:
        raise NotFound(_("There is no such invitation."))
    if normalise_email(invite.email) != normalise_email(user.email):
        raise NotAllowed(_("This invitation was sent to another address."))
    return check_open_invite(invite)


def do_accept_own_invite(user: User, invite_id: int) -> Membership:
    return do_claim_invite(user, own_invite(user, invite_id))
