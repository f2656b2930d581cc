"""Site administration: accounts site-wide. Only site admins; plain functions. do_* never
commit (the route does, then tells the sockets)."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from echo.accounts import audit
from echo.accounts.models import User
from echo.core.errors import Conflict, NotAllowed
from echo.core.extensions import db
from echo.programs.access import Viewer, viewer_of
from echo.programs.models import Membership, Program


def check_admin(user: User | Viewer | None) -> None:
    if not viewer_of(user).is_admin:
        raise NotAllowed(_("Only site administrators may do this."))


def list_users(query: str = "", limit: int = 200) -> list[User]:
    stmt = select(User).order_by(User.name)
    q = query.strip().lower()
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(func.lower(User.name).like(like), func.lower(User.email).like(like), func.lower(User.organisation).like(like)))
    return list(db.session.scalars(stmt.limit(limit)))


def program_counts() -> dict[int, int]:
    rows = db.session.execute(select(Membership.user_id, func.count(Membership.id)).group_by(Membership.user_id))
    return {uid: n for uid, n in rows}


def list_programs() -> list[tuple[Program, int]]:
    rows = db.session.execute(
        select(Program, func.count(Membership.id)).outerjoin(Membership, Membership.program_id == Program.id).group_by(Program.id).order_by(Program.name)
    )
    return [(p, n) for p, n in rows]


def do_set_active(actor: User, target: User, active: bool) -> None:
    check_admin(actor)
    if target.id == actor.id and not active:
        raise Conflict(_("You cannot deactivate your own account."))
    target.is_active_account = active
    audit.record(actor, "user.activated" if active else "user.deactivated", "user", target.id)


def do_set_admin(actor: User, target: User, admin: bool) -> None:
    check_admin(actor)
    if target.id == actor.id and not admin:
        # Keeps at least one administrator: the last one cannot lock everyone out.
        raise Conflict(_("You cannot remove your own administrator rights."))
    target.is_admin = admin
    audit.record(actor, "user.admin_granted" if admin else "user.admin_revoked", "user", target.id)


def do_set_program_creator(actor: User, target: User, allowed: bool) -> None:
    """Give or take the right to create programs (programs already created stay as they are)."""
    check_admin(actor)
    target.can_create_programs = allowed
    audit.record(actor, "user.program_creation_granted" if allowed else "user.program_creation_revoked", "user", target.id)
