from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select

from echo.accounts.models import Notification
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.main.blueprint import bp
from echo.main.now import what_now
from echo.programs.models import Membership, Program


@bp.route("/")
def index() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return render_template("index.html")


@bp.route("/home")
@login_required
def home() -> ResponseReturnValue:
    """Any logged-in user: what to do now (echo/main/now.py), then their programs."""
    memberships = db.session.scalars(
        select(Membership).join(Program).where(Membership.user_id == current_user.id).order_by(Program.name)
    ).all()
    return render_template("home.html", memberships=memberships, now=what_now(current_user, list(memberships)))


@bp.route("/notifications")
@login_required
def notifications() -> ResponseReturnValue:
    """The user's own notifications. Seeing them is reading them: the ones new to this visit are
    marked as such on the page and counted as read from now on, so the badge clears."""
    items = db.session.scalars(
        select(Notification).where(Notification.user_id == current_user.id).order_by(Notification.created_at.desc()).limit(100)
    ).all()
    new_ids = {n.id for n in items if n.read_at is None}
    if new_ids:
        now = utcnow()
        for n in items:
            if n.id in new_ids:
                n.read_at = now
        db.session.commit()
    return render_template("notifications.html", items=items, new_ids=new_ids)


@bp.route("/notifications/<int:nid>/open", methods=["POST"])
@login_required
def open_notification(nid: int) -> ResponseReturnValue:
    n = db.get_or_404(Notification, nid)
    if n.user_id != current_user.id:
        abort(403)
    if n.read_at is None:
        n.read_at = utcnow()
        db.session.commit()
    return redirect(n.url or url_for("main.notifications"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def read_all() -> ResponseReturnValue:
    for n in db.session.scalars(select(Notification).where(Notification.user_id == current_user.id, Notification.read_at.is_(None))):
        n.read_at = utcnow()
    db.session.commit()
    return redirect(request.referrer or url_for("main.notifications"))


@bp.route("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """Anyone. What browsers ask for by default where no page names its icon (a JSON or
    calendar response opened in a tab)."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    db.session.execute(select(1))
    return {"status": "ok"}
