"""Attendance routes. Who may use each is in its docstring and checked through
echo.attendance.operations."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError

from echo.attendance import operations as att
from echo.attendance.blueprint import bp
from echo.attendance.forms import ClaimForm, EditForm
from echo.attendance.ledger import corrections, minutes_attended
from echo.attendance.models import ClaimStatus, EditReason
from echo.core.errors import Conflict, DomainError, Invalid, NotFound
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.clinic_session import ClinicSession


def _attach(form: FlaskForm, exc: DomainError) -> None:
    """A refusal shown beside its field (or above the form)."""
    target = getattr(form, exc.field, None) if exc.field else None
    if target is not None:
        target.errors = [*target.errors, exc.message] if isinstance(target.errors, list) else [exc.message]
    else:
        form.form_errors.append(exc.message)


@bp.route("/sessions/<int:session_id>/edits", methods=["GET", "POST"])
@login_required
def edits(session_id: int) -> ResponseReturnValue:
    """The program's coordinators and site admins: the session's corrections and claims; add a
    person or correct their minutes (live or ended sessions), with a reason."""
    session = db.get_or_404(ClinicSession, session_id)
    program = att.check_coordinator(current_user, session)
    people = att.members(program)
    form = EditForm(people=people)
    if not form.is_submitted() and request.args.get("user", "").isdigit():
        form.attendee.data = request.args["user"]
    if form.validate_on_submit():
        try:
            attendee, minutes, kind, reason = att.check_edit(current_user, session, int(form.attendee.data),
                                                             form.minutes.data, form.reason_kind.data, form.reason.data or "")
            att.do_edit(current_user, session, attendee, minutes, kind, reason)
        except (Invalid, NotFound) as exc:
            db.session.rollback()
            _attach(form, exc)
        else:
            db.session.commit()
            flash(_("Attendance corrected: %(name)s now has %(minutes)d minutes.", name=attendee.name, minutes=minutes),
                  "success")
            return redirect(url_for("attendance.edits", session_id=session.id), 303)
    status = 400 if form.is_submitted() else 200
    session_edits = att.edits_of(session)
    claims = att.claims_of(session)
    counted = minutes_attended(session)
    ids = set(counted) | {e.user_id for e in session_edits} | {e.editor_id for e in session_edits if e.editor_id} \
        | {c.user_id for c in claims}
    return render_template("attendance/edits.html", session=session, program=program, form=form, edits=session_edits,
                           claims=claims, counted=counted, corrected=set(corrections(session)),
                           users=att.users_by_id(ids), ClaimStatus=ClaimStatus, reasons=EditReason,
                           editable=session.status.value in ("live", "ended")), status


@bp.route("/sessions/<int:session_id>/code", methods=["GET"])
@login_required
def code(session_id: int) -> ResponseReturnValue:
    """The program's coordinators and site admins: the session's code for those who attend by
    phone, while the session is live and for 24 hours after it ends."""
    session = db.get_or_404(ClinicSession, session_id)
    program = att.check_coordinator(current_user, session)
    found = att.code_of(session)
    return render_template("attendance/code.html", session=session, program=program, code=found,
                           usable=att.code_usable(session), until=att.code_open_until(session), now=utcnow())


@bp.route("/sessions/<int:session_id>/code", methods=["POST"])
@login_required
def make_code(session_id: int) -> ResponseReturnValue:
    """The program's coordinators and site admins: give the session its code (once)."""
    session = db.get_or_404(ClinicSession, session_id)
    att.check_make_code(current_user, session)
    att.do_make_code(current_user, session)
    db.session.commit()
    return redirect(url_for("attendance.code", session_id=session.id), 303)


@bp.route("/claim", methods=["GET", "POST"])
@login_required
def claim() -> ResponseReturnValue:
    """Anyone signed in may open the form; a claim is taken from members of the session's
    program, with its code while it works (wrong codes are rate-limited)."""
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            target = att.check_claim(current_user, form.code.data or "", form.minutes.data)
            att.do_claim(current_user, target.session, int(form.minutes.data or 0))
            db.session.commit()
        except IntegrityError:
            db.session.rollback()   # the same person's claim sent twice at once: the first one stands
            _attach(form, Conflict(_("Your claim for this session is already recorded.")))
        except (Invalid, Conflict) as exc:   # NotAllowed (not a member) is a 403 page
            db.session.rollback()
            _attach(form, exc)
        else:
            flash(_("Thank you: your coordinator will confirm your attendance at %(program)s.",
                    program=target.program.name), "success")
            return redirect(url_for("attendance.claim"), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("attendance/claim.html", form=form), status


@bp.route("/claims/<int:claim_id>/decide", methods=["POST"])
@login_required
def decide(claim_id: int) -> ResponseReturnValue:
    """The program's coordinators and site admins: approve or decline a pending claim."""
    found = att.get_claim(claim_id)
    session = att.check_decide(current_user, found)
    decision = request.form.get("decision")
    if decision not in ("approve", "decline"):
        raise Invalid(_("Approve or decline the claim."))
    att.do_decide(current_user, found, decision == "approve")
    db.session.commit()
    flash(_("Claim approved: the minutes count.") if decision == "approve" else _("Claim declined."), "success")
    return redirect(url_for("attendance.edits", session_id=session.id), 303)
