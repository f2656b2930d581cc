"""The way to the review queue from the navigation: a coordinator's programs' queues."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from echo.cases import queries as Q
from echo.core.errors import NotAllowed
from echo.core.extensions import db
from echo.programs.models import Membership, MembershipStatus, Program, Role
from echo.accounts.models import User
from echo.cases.blueprint import bp


def coordinated_programs(user: User) -> list[Program]:
    """The programs the user coordinates (active membership), by name."""
    return list(db.session.scalars(
        select(Program).join(Membership, Membership.program_id == Program.id)
        .where(Membership.user_id == user.id, Membership.status == MembershipStatus.active, Membership.role == Role.coordinator)
        .order_by(Program.name)))


@bp.route("/review")
@login_required
def review():
    """Coordinators: their program's review queue; with several programs, the list of queues."""
    programs = coordinated_programs(current_user)
    if not programs:
        raise NotAllowed(_("Only a program's coordinators review its cases."))
    if len(programs) == 1:
        return redirect(url_for("cases.queue", program_id=programs[0].id))
    return render_template("cases/review.html", programs=programs, waiting={p.id: len(Q.queue(p)) for p in programs})


def init_app(app) -> None:
    @app.context_processor
    def review_nav():
        # Whether the layout shows "Review" (coordinators only), asked lazily per page.
        def shows() -> bool:
            return current_user.is_authenticated and bool(coordinated_programs(current_user))
        return {"shows_review_nav": shows}
