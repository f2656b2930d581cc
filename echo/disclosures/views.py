"""Disclosure routes. Who may use each is in its docstring and checked through
echo.disclosures.operations."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.disclosures import operations as ops
from echo.disclosures.blueprint import bp
from echo.disclosures.forms import DisclosureForm
from echo.programs.models import Program


@bp.route("/program/<int:program_id>/mine", methods=["GET", "POST"])
@login_required
def mine(program_id: int) -> ResponseReturnValue:
    """The program's coordinators, specialists and participants (speakers): record a dated
    statement of their financial relationships, or that they have none."""
    program = db.get_or_404(Program, program_id)
    ops.check_may_disclose(current_user, program)
    previous = ops.mine(current_user, program)
    form = DisclosureForm()
    if not form.is_submitted() and previous is not None:
        form = DisclosureForm(data={"none_to_disclose": previous.none_to_disclose,
                                    "relationships": [{"entity": r.entity, "nature": r.nature.value, "mitigated": r.mitigated}
                                                      for r in previous.relationships]})
        while len(form.relationships) < len(previous.relationships) + 1 and len(form.relationships) < 10:
            form.relationships.append_entry()
    if form.validate_on_submit():
        try:
            rows = ops.check_disclose(current_user, program, bool(form.none_to_disclose.data), form.rows())
        except Invalid as exc:
            db.session.rollback()
            target = form.relationships if exc.field == "relationships" else form.none_to_disclose
            target.errors = [exc.message]
        else:
            ops.do_disclose(current_user, program, bool(form.none_to_disclose.data), rows)
            db.session.commit()
            flash(_("Your disclosure is recorded. It is shown on this program's sessions before they start."), "success")
            return redirect(url_for("disclosures.mine", program_id=program.id), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("disclosures/mine.html", program=program, form=form, previous=previous,
                           stale=previous is not None and ops.is_stale(previous)), status


@bp.route("/program/<int:program_id>")
@login_required
def overview(program_id: int) -> ResponseReturnValue:
    """The program's coordinators and site admins: who of the hub has disclosed, whose statement
    is stale, and who has not disclosed."""
    program = db.get_or_404(Program, program_id)
    ops.check_overview(current_user, program)
    people = ops.standings(program)
    return render_template("disclosures/overview.html", program=program, people=people,
                           missing=[p for p in people if p.disclosure is None], stale_after_months=12)
