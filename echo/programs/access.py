"""Who may do what in a program. Plain functions; no Flask.

Every route and socket handler calls one of these (or a check_* built on them) before it
reads or writes anything of a program.
"""
from __future__ import annotations

from sqlalchemy import select

from echo.core.extensions import db
from echo.programs.models import Membership, MembershipStatus, Program, Role, Visibility
from echo.accounts.models import User
from echo.core.errors import NotAllowed

ANY_MEMBER = (Role.coordinator, Role.specialist, Role.participant, Role.learner)


def membership_of(user: User | None, program: Program) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Membership).where(
            Membership.program_id == program.id,
            Membership.user_id == user.id,
            Membership.status == MembershipStatus.active,
        )
    )


def role_in(user: User | None, program: Program) -> Role | None:
    m = membership_of(user, program)
    return m.role if m else None


def has_role(user: User | None, program: Program, *roles: Role) -> bool:
    """Site admins act as coordinators everywhere."""
    if user is not None and getattr(user, "is_authenticated", False) and user.is_admin and Role.coordinator in roles:
        return True
    r = role_in(user, program)
    return r is not None and r in roles


def require_role(user: User | None, program: Program, *roles: Role, action: str = "do that") -> None:
    if not has_role(user, program, *roles):
        raise NotAllowed(f"You may not {action} in this program.")


def can_view_program(user: User | None, program: Program) -> bool:
    if program.visibility == Visibility.public:
        return True
    return has_role(user, program, *ANY_MEMBER) or bool(user is not None and getattr(user, "is_admin", False))


def require_view_program(user: User | None, program: Program) -> None:
    if not can_view_program(user, program):
        raise NotAllowed("This program is invite only.")
