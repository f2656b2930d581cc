"""Credit routes for members and coordinators. Who may use each is in its docstring and checked
through echo.credit.rules, echo.credit.awards and echo.credit.revocation (the public verification
page: verify.py)."""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from echo.accounts.models import User
from echo.core.errors import Conflict, Invalid
from echo.core.extensions import db
from echo.core.i18n import current_language
from echo.credit import awards as aw
from echo.credit import exports
from echo.credit import revocation as rv
from echo.credit import rules as cr
from echo.credit.blueprint import bp
from echo.credit.certificate import certificate_pdf
from echo.credit.forms import PeriodForm, RevokeForm, RuleForm
from echo.credit.models import CreditAward
from echo.programs.access import current_viewer
from echo.programs.clinic_session import ClinicSession
from echo.programs.models import Program, Role


@bp.route("/credit/program/<int:program_id>/rule", methods=["GET", "POST"])
@login_required
def rule(program_id: int) -> ResponseReturnValue:
    """The program's coordinators (and site admins): set what its sessions earn and on what terms."""
    program = db.get_or_404(Program, program_id)
    cr.check_edit_rule(current_user, program)
    current = cr.rule_of(program)
    # A POST is the form as typed (an empty one included); a GET starts from the stored rule.
    form = RuleForm() if request.method == "POST" or current is None else RuleForm(data=RuleForm.data_of(current))
    if form.validate_on_submit():
        try:
            cr.do_save_rule(program, current_user, form.values())
        except Invalid as exc:
            db.session.rollback()
            getattr(form, exc.field or "hours").errors = [exc.message]
        else:
            db.session.commit()
            flash(_("The credit rule is saved. Credit already awarded keeps the terms it was awarded under."), "success")
            return redirect(url_for("programs.program_page", program_id=program.id), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("credit/rule.html", program=program, form=form, rule=current), status


@bp.route("/credit/session/<int:session_id>")
@login_required
def session_credit(session_id: int) -> ResponseReturnValue:
    """The program's coordinators (and site admins): each attendee's share, evaluation and credit."""
    session = db.get_or_404(ClinicSession, session_id)
    program = aw.program_of(session)
    current_viewer().require_role(program, Role.coordinator, action="see the session's credit")
    rule = cr.offered_rule(program)
    rows = aw.roster(session, rule) if rule is not None else []
    return render_template("credit/session.html", session=session, program=program, rule=rule, rows=rows)


@bp.route("/credit/session/<int:session_id>/award", methods=["POST"])
@login_required
def award_session(session_id: int) -> ResponseReturnValue:
    """The program's coordinators (and site admins), once the session ended: award everyone who earned it."""
    session = db.get_or_404(ClinicSession, session_id)
    rule = aw.check_award_session(current_user, session)
    try:
        made = aw.do_award_session(session, rule, current_user)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()   # a learner claimed at the same moment: the next press awards the rest
        made = []
    flash(ngettext("Credit awarded to %(num)d attendee.", "Credit awarded to %(num)d attendees.", len(made)), "success")
    return redirect(url_for("credit.session_credit", session_id=session.id), 303)


@bp.route("/credit/session/<int:session_id>/claim", methods=["POST"])
@login_required
def claim(session_id: int) -> ResponseReturnValue:
    """Those who attended the session, once it ended: claim the credit they earned."""
    session = db.get_or_404(ClinicSession, session_id)
    st = aw.check_claim(current_user, session)
    try:
        aw.do_award(session, st, None)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()   # awarded by a coordinator at the same moment: it is there all the same
    flash(_("Your credit is recorded. Your certificate is in your transcript."), "success")
    return redirect(url_for("credit.transcript"), 303)


@bp.route("/credit/transcript")
@login_required
def transcript() -> ResponseReturnValue:
    """Any logged-in user: their own credit, with certificates, and credit waiting to be claimed."""
    every = aw.transcript(current_user)
    # Revoked credit is listed apart, with its reason, and counts in no total.
    awards = [a for a in every if not a.revoked]
    return render_template("credit/transcript.html", awards=awards, totals=aw.totals(awards),
                           revoked=[a for a in every if a.revoked], revoked_day=rv.revoked_day,
                           open=aw.open_credit(current_user))


@bp.route("/credit/certificate/<code>.pdf")
@login_required
def certificate(code: str) -> ResponseReturnValue:
    """The learner it was awarded to, the program's coordinators and site admins: the certificate as PDF."""
    award = aw.get_award(code)
    aw.check_view_certificate(current_user, award)
    if award.revoked:
        # Nobody downloads a revoked certificate: a copy would circulate as if it still counted.
        raise Conflict(_("This certificate was revoked on %(date)s and can no longer be downloaded.",
                         date=rv.day_text(rv.revoked_day(award))))
    pdf = certificate_pdf(award, current_language() if award.user_id == current_user.id else aw.language_of(award))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="certificate-{award.display_code}.pdf"'})


# --- revoking and reinstating ------------------------------------------------------------------------

def _revoke_page(award: CreditAward, form: RevokeForm, status: int = 200) -> ResponseReturnValue:
    by = db.session.get(User, award.revoked_by_id) if award.revoked_by_id is not None else None
    program = db.session.get(Program, award.program_id) if award.program_id is not None else None
    return render_template("credit/revoke.html", award=award, form=form, program=program, revoked_by=by,
                           revoked_day=rv.revoked_day(award), day=exports.session_date(award)), status


@bp.route("/credit/certificate/<code>/revoke", methods=["GET", "POST"])
@login_required
def revoke(code: str) -> ResponseReturnValue:
    """The award's program's coordinators (and site admins): the award, and the form to revoke it
    with a reason (or, once revoked, when, by whom, why, and the button to reinstate it)."""
    award = aw.get_award(code)
    rv.check_manage_award(current_user, award)
    form = RevokeForm()
    if request.method == "GET":
        return _revoke_page(award, form)
    try:
        reason = rv.check_revoke(current_user, award, form.reason.data)
    except Invalid as exc:
        form.reason.errors = [exc.message]
        return _revoke_page(award, form, 400)
    rv.do_revoke(award, current_user, reason)
    db.session.commit()
    rv.notify_revoked(award)
    flash(_("The credit is revoked. The learner is told, and the verification page says the certificate was revoked."),
          "success")
    return redirect(url_for("credit.revoke", code=award.code), 303)


@bp.route("/credit/certificate/<code>/reinstate", methods=["POST"])
@login_required
def reinstate(code: str) -> ResponseReturnValue:
    """The award's program's coordinators (and site admins): give back credit revoked in error."""
    award = aw.get_award(code)
    rv.check_reinstate(current_user, award)
    rv.do_reinstate(award, current_user)
    db.session.commit()
    rv.notify_reinstated(award)
    flash(_("The credit is reinstated. The learner is told, and the certificate counts again."), "success")
    return redirect(url_for("credit.revoke", code=award.code), 303)


# --- exports -----------------------------------------------------------------------------------------

def _period() -> tuple[PeriodForm, exports.Period | None]:
    form = PeriodForm(request.args)
    if request.args and form.validate():
        return form, exports.Period(form.start.data, form.end.data)
    return form, None


@bp.route("/credit/program/<int:program_id>/exports")
@login_required
def export_page(program_id: int) -> ResponseReturnValue:
    """The program's coordinators (and site admins): choose a period; see its awards; download them."""
    program = db.get_or_404(Program, program_id)
    cr.check_edit_rule(current_user, program)
    form, period = _period()
    found = exports.awards_in(program, period) if period else []
    status = 400 if request.args and period is None else 200
    return render_template("credit/exports.html", program=program, form=form, period=period, awards=found,
                           session_date=exports.session_date), status


def _export(program_id: int) -> tuple[Program, exports.Period | None, PeriodForm]:
    """The program (its coordinators only) and the period asked for (None when the form is wrong)."""
    program = db.get_or_404(Program, program_id)
    cr.check_edit_rule(current_user, program)
    form, period = _period()
    return program, period, form


def _wrong_period(program: Program, form: PeriodForm) -> ResponseReturnValue:
    return render_template("credit/exports.html", program=program, form=form, period=None, awards=[],
                           session_date=exports.session_date), 400


@bp.route("/credit/program/<int:program_id>/awards.csv")
@login_required
def export_csv(program_id: int) -> ResponseReturnValue:
    """The program's coordinators (and site admins): the period's awards, one row each (CSV)."""
    program, period, form = _export(program_id)
    if period is None:
        return _wrong_period(program, form)
    text = exports.awards_csv(exports.awards_in(program, period))
    name = f"credit-program-{program.id}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv"
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/credit/program/<int:program_id>/pars.txt")
@login_required
def export_pars(program_id: int) -> ResponseReturnValue:
    """The program's coordinators (and site admins): the ACCME PARS-style learner file (tab-delimited)."""
    program, period, form = _export(program_id)
    if period is None:
        return _wrong_period(program, form)
    with force_locale("en"):   # PARS reads English
        text = exports.pars_text(exports.awards_in(program, period), program.name)
    name = f"pars-learners-program-{program.id}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.txt"
    return Response(text, mimetype="text/tab-separated-values",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
