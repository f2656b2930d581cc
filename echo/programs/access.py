"""Who may see or do what: the viewer, i.e. a user with their roles per program.

Every route asks its viewer (`current_viewer()` in a request, `Viewer(user)` elsewhere) before
it reads or writes anything of a program or a case; operations take the user and build one.
The case rule itself is echo.cases.visibility (the table in docs/cases.md); the viewer's case
questions hand over to it.

The module-level functions below (has_role, role_in, require_role, ...) are the same answers
for code that holds a user rather than a viewer; they build a fresh viewer per call.
"""
from __future__ import annotations

from typing import Any

from flask import g, has_request_context
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from echo.accounts.models import User, signed_in
from echo.core.errors import NotAllowed
from echo.core.extensions import db
from echo.programs.models import Membership, MembershipStatus, Program, Role, Visibility

ANY_MEMBER = (Role.coordinator, Role.specialist, Role.participant, Role.learner)

# The refusal for each action of this feature, as a whole sentence in every language.
# Another feature may pass its own sentence as `message` (a lazy translation); an action
# named only in English keeps the English sentence's frame around it.
REFUSALS: dict[str, LazyString] = {
    "invite members": _l("You may not invite members in this program."),
    "edit the program": _l("You may not edit the program in this program."),
    "reset the calendar link": _l("You may not reset the calendar link in this program."),
    "change sessions": _l("You may not change sessions in this program."),
    "add sessions": _l("You may not add sessions in this program."),
    "manage members": _l("You may not manage members in this program."),
    "change roles": _l("You may not change roles in this program."),
    "remove members": _l("You may not remove members in this program."),
    "approve join requests": _l("You may not approve join requests in this program."),
    "revoke invitations": _l("You may not revoke invitations in this program."),
    "do that": _l("You may not do that in this program."),
}


class Viewer:
    """A user (or nobody) and their active roles, looked up once per program."""

    def __init__(self, user: Any) -> None:
        self.user: User | None = user if signed_in(user) else None
        self._memberships: dict[int, Membership | None] = {}

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def id(self) -> int | None:
        return self.user.id if self.user is not None else None

    @property
    def is_admin(self) -> bool:
        return self.user is not None and bool(self.user.is_admin)

    @property
    def may_create_programs(self) -> bool:
        """Site admins and those they gave the right."""
        return self.user is not None and bool(self.user.is_admin or self.user.can_create_programs)

    # --- roles in a program ---------------------------------------------------------------------

    def membership(self, program: Program) -> Membership | None:
        """The active membership in the program, if any."""
        if self.user is None:
            return None
        if program.id not in self._memberships:
            self._memberships[program.id] = db.session.scalar(select(Membership).where(
                Membership.program_id == program.id, Membership.user_id == self.user.id,
                Membership.status == MembershipStatus.active))
        return self._memberships[program.id]

    def role_in(self, program: Program) -> Role | None:
        m = self.membership(program)
        return m.role if m else None

    def has_role(self, program: Program, *roles: Role) -> bool:
        """Site admins act as coordinators everywhere."""
        if self.is_admin and Role.coordinator in roles:
            return True
        return self.role_in(program) in roles

    def require_role(self, program: Program, *roles: Role, action: str = "do that",
                     message: str | LazyString | None = None) -> None:
        """NotAllowed unless the viewer has one of the roles. The refusal: `message` (a whole
        translated sentence), else this feature's sentence for `action` (REFUSALS)."""
        if not self.has_role(program, *roles):
            refusal = message or REFUSALS.get(action)
            raise NotAllowed(str(refusal) if refusal is not None else _("You may not %(action)s in this program.", action=action))

    def is_coordinator(self, program: Program) -> bool:
        return self.has_role(program, Role.coordinator)

    def is_member(self, program: Program) -> bool:
        """An active member in any role (site admins included: they coordinate everywhere)."""
        return self.has_role(program, *ANY_MEMBER)

    def role_name(self, program: Program) -> str | None:
        """The role's name in the program, 'admin' for a site admin who is not a member."""
        role = self.role_in(program)
        if role is not None:
            return role.value
        return "admin" if self.is_admin else None

    def can_view_program(self, program: Program) -> bool:
        return program.visibility == Visibility.public or self.is_member(program)

    def require_view_program(self, program: Program) -> None:
        if not self.can_view_program(program):
            raise NotAllowed(_("This program is invite only."))


def current_viewer() -> Viewer:
    """The request's viewer (built once per request); outside a request, nobody."""
    if not has_request_context():
        return Viewer(None)
    viewer = g.get("echo_viewer")
    if viewer is None or viewer.user is not (current_user._get_current_object() if signed_in(current_user) else None):
        viewer = Viewer(current_user._get_current_object() if signed_in(current_user) else None)
        g.echo_viewer = viewer
    return viewer


def viewer_of(user: Any) -> Viewer:
    """`user` as a viewer (a viewer stays itself)."""
    return user if isinstance(user, Viewer) else Viewer(user)


# --- the same answers for code holding a user (echo.live and echo.library call these; new code
# asks a viewer: current_viewer().has_role(program, ...), Viewer(user).role_in(program)) ------

def role_in(user: User | None, program: Program) -> Role | None:
    return Viewer(user).role_in(program)


def has_role(user: User | None, program: Program, *roles: Role) -> bool:
    return Viewer(user).has_role(program, *roles)


def require_role(user: User | None, program: Program, *roles: Role, action: str = "do that",
                 message: str | LazyString | None = None) -> None:
    Viewer(user).require_role(program, *roles, action=action, message=message)
