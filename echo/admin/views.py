"""Site administration pages. Every route: site admins only (403 for everyone else)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from echo.admin import operations as A
from echo.core.extensions import db
from echo.programs.access import current_viewer
from echo.programs.signals import access_changed
from echo.accounts.models import User
from echo.admin.blueprint import bp


@bp.before_request
@login_required
def only_admins():
    A.check_admin(current_viewer())


@bp.route("/")
def dashboard():
    return redirect(url_for("admin.users"))


@bp.route("/users")
def users():
    q = request.args.get("q", "")
    return render_template("admin/users.html", users=A.list_users(q), counts=A.program_counts(), q=q)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def set_active(user_id: int):
    target = db.get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    A.do_set_active(current_user, target, active)
    db.session.commit()
    access_changed.send(user_id=target.id, program_id=None)
    flash(_("%(name)s is active.", name=target.name) if active else _("%(name)s is deactivated.", name=target.name), "success")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))


@bp.route("/users/<int:user_id>/admin", methods=["POST"])
def set_admin(user_id: int):
    target = db.get_or_404(User, user_id)
    admin = request.form.get("admin") == "1"
    A.do_set_admin(current_user, target, admin)
    db.session.commit()
    access_changed.send(user_id=target.id, program_id=None)  # an admin acts as coordinator on every board
    flash(_("%(name)s is now a site administrator.", name=target.name) if admin
          else _("%(name)s is no longer a site administrator.", name=target.name), "success")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))


@bp.route("/users/<int:user_id>/program-creation", methods=["POST"])
def set_program_creator(user_id: int):
    target = db.get_or_404(User, user_id)
    allowed = request.form.get("allowed") == "1"
    A.do_set_program_creator(current_user, target, allowed)
    db.session.commit()
    flash(_("%(name)s may now create programs.", name=target.name) if allowed
          else _("%(name)s may no longer create programs.", name=target.name), "success")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))


@bp.route("/programs")
def programs():
    return render_template("admin/programs.html", programs=A.list_programs())
