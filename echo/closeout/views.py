"""Close-out routes. Who may use each is in its docstring and checked through echo.closeout.operations."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from echo.cases.models import Case
from echo.closeout import operations as co
from echo.closeout.blueprint import bp
from echo.closeout.forms import closeout_form, items_of
from echo.closeout.models import AVOIDED, IMPLEMENTED, PATIENT, WHY_NOT
from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.privacy.guard import describe, held, parse_seen, seen_value
from echo.programs.models import Program


@bp.route("/case/<int:case_id>/<int:weeks>", methods=["GET", "POST"])
@login_required
def answer(case_id: int, weeks: int):
    """The case's presenter, once the stage is due: report what came of the recommendations (again, to change it)."""
    case = db.get_or_404(Case, case_id)
    co.parse_weeks(weeks)
    due = co.check_answer(current_user, case, weeks)
    try:
        c = co.do_open(case, weeks, due)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()   # opened by the sweep at the same moment
        found = co.closeout_of(case, weeks)
        if found is None:
            raise
        c = found
    recs = co.recommendations(case)
    form = closeout_form(recs, c)
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate_on_submit():
            note = (form.note.data or "").strip()
            reason = form.privacy_reason.data or ""
            flagged = held(note, parse_seen(form.privacy_seen.data), reason)
            if flagged:
                form.note.errors = [describe(flagged)]
                form.privacy_seen.data = seen_value(flagged)
            else:
                try:
                    co.do_answer(c, current_user, recs, items_of(form, recs), form.referral_avoided.data or "",
                                 form.patient_status.data or "", note)
                except Invalid as exc:
                    db.session.rollback()
                    flash(exc.message, "error")
                else:
                    if confirmed := {f.kind for f in held(note)}:
                        co.audit_privacy(current_user, case, confirmed)
                    db.session.commit()
                    flash(_("Thank you: your close-out is saved and shows on the case."), "success")
                    return redirect(url_for("cases.view_case", case_id=case.id) + "#closeout", 303)
    return render_template("closeout/answer.html", case=case, weeks=weeks, recs=recs, form=form, closeout=c,
                           privacy=bool(form.privacy_seen.data), labels={"impl": IMPLEMENTED, "why": WHY_NOT}), status


@bp.route("/program/<int:program_id>/overdue")
@login_required
def overdue(program_id: int):
    """The program's coordinators (and site admins): close-outs not answered a week after they were due."""
    program = db.get_or_404(Program, program_id)
    co.check_coordinator(current_user, program)
    return render_template("closeout/overdue.html", program=program, overdue=co.overdue(program), grace=co.GRACE,
                           labels={"patient": PATIENT, "avoided": AVOIDED})
