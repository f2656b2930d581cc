"""Case routes. Who may use each is in its docstring and checked through echo.cases.operations."""
from __future__ import annotations

import secrets

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from echo.cases.visibility import can_view_case, check_view_case
from echo.cases import privacy_check as cp
from echo.cases import operations as dc
from echo.cases.shown import shown_case, shown_tags
from echo.cases import queries as Q
from echo.programs.access import current_viewer
from echo.core.errors import Conflict, Invalid, NotAllowed
from echo.cases.lifecycle import allowed_moves, do_transition
from echo.core.extensions import db
from echo.core.ids import parse_id
from echo.accounts.models import AuditLog
from echo.cases.models import Case, CaseState, PrivacyDismissal
from echo.programs.models import Membership, MembershipStatus, Program
from echo.programs.clinic_session import ClinicSession
from echo.cases.blueprint import bp
from echo.cases.agenda import record_agenda_views
from echo.cases.audit_labels import action_label, detail_label, object_label
from echo.cases.visibility import record_view
from echo.cases.findings import SCAN_MAX, findings_json
from echo.cases.js_strings import case_form_strings
from echo.cases.forms import HINTS, AcceptForm, CaseForm, DismissForm, ReturnForm
from echo.cases.notices import queue_notices, send_mails
from echo.cases.sections import SECTIONS, section_marks

S = CaseState
# Moves made from these pages; presented -> summarised -> published belong to the live board
# and the library.
PAGE_MOVES = {S.submitted, S.draft, S.accepted, S.returned, S.presented}


def _wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


def _form_values(form: CaseForm) -> dict[str, str]:
    """What the author typed in the scanned fields (for findings on a re-rendered form)."""
    return {f: (getattr(form, f).data or "") for f in cp.PRIVACY_FIELDS}


def _privacy_view(findings: dict, values: dict[str, str]) -> dict:
    return {
        "findings": findings,
        "mirrors": {f: cp.highlight(values.get(f, ""), found) for f, found in findings.items()},
        "unresolved": sum(1 for found in findings.values() for f in found if not f.dismissed),
    }


def _render_form(form: CaseForm, program: Program, case: Case | None, status: int = 200, conflict: bool = False):
    """The case form. Rendered after a failed POST (status >= 400), what it shows was not saved,
    which the autosave script is told (data-unsaved) so it keeps warning and keeps a copy."""
    values = _form_values(form)
    findings = cp.case_findings(case, values) if case is not None else {
        f: found for f in cp.PRIVACY_FIELDS if (found := cp.findings_in_text(values.get(f, ""), (), f))}
    return render_template(
        "cases/form.html", form=form, program=program, case=case, hints=HINTS, conflict=conflict,
        field_labels=cp.PRIVACY_FIELDS, dismiss_form=DismissForm(formdata=None),
        dismissals=cp.dismissals(case) if case is not None else [], **_privacy_view(findings, values),
        unsaved=status >= 400, sections=SECTIONS, section_marks=section_marks(form, findings),
        js_strings=case_form_strings(),
        # Identifies this new-case page to the autosave endpoint, so a retried first save finds
        # the draft it created instead of making a second one.
        form_key=secrets.token_urlsafe(18) if case is None else "",
    ), status


def _submit(case: Case):
    """Try the author's submission; refused (draft kept) when fields are missing or findings unresolved."""
    previous = case.state
    try:
        do_transition(case, S.submitted, current_user)
    except Invalid as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("cases.edit_case", case_id=case.id) + ("#privacy-findings" if exc.field == "privacy" else ""), 303)
    mails = queue_notices(case, previous, S.submitted, current_user)
    db.session.commit()
    send_mails(mails, case)
    flash(_("Case #%(id)d submitted. The coordinators will review it; you will be told when it is accepted or returned.", id=case.id), "success")
    return redirect(url_for("cases.view_case", case_id=case.id), 303)


# --- the author's pages -------------------------------------------------------------------------

@bp.route("/")
@login_required
def my_cases():
    """Any logged-in user: their own cases, and the review links of programs they coordinate."""
    mine = db.session.scalars(select(Case).where(Case.author_id == current_user.id).order_by(Case.updated_at.desc())).all()
    memberships = db.session.scalars(select(Membership).where(
        Membership.user_id == current_user.id, Membership.status == MembershipStatus.active)).all()
    can_write = [m.program for m in memberships if m.role in dc.AUTHOR_ROLES]
    coordinating = [m.program for m in memberships if m.role.value == "coordinator"]
    waiting = {p.id: len(Q.queue(p)) for p in coordinating}
    to_read = Q.to_read(current_user, [m.program for m in memberships if m.role.value in ("specialist", "coordinator")])
    return render_template("cases/my_cases.html", mine=mine, can_write=can_write, coordinating=coordinating,
                           waiting=waiting, place=Q.agenda_place, to_read=to_read)


@bp.route("/program/<int:program_id>/new", methods=["GET", "POST"])
@login_required
def new_case(program_id: int):
    """The program's participants and coordinators: write a new case (saved as a draft)."""
    program = db.get_or_404(Program, program_id)
    dc.check_new_case(current_viewer(), program)
    form = CaseForm()
    if form.validate_on_submit():
        submit = request.form.get("action") == "submit"
        if not submit or form.check_required():
            case = dc.do_create_case(program, current_user, form.values())
            db.session.commit()
            if submit:
                return _submit(case)
            flash(_("Draft saved as case #%(id)d.", id=case.id), "success")
            return redirect(url_for("cases.edit_case", case_id=case.id), 303)
    return _render_form(form, program, None, 400 if form.is_submitted() else 200)


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
@login_required
def edit_case(case_id: int):
    """The author, while the case is a draft or returned: edit, save, submit."""
    case = db.get_or_404(Case, case_id)
    form = CaseForm.for_case(case)
    try:
        dc.check_edit_case(current_user, case)
    except Conflict as exc:
        if request.method == "GET":
            flash(exc.message, "warning")
            return redirect(url_for("cases.view_case", case_id=case.id))
        flash(_("%(problem)s Your text is kept below but was not saved.", problem=exc.message), "error")
        return _render_form(form, case.program, case, 409, conflict=True)
    if form.validate_on_submit():
        submit = request.form.get("action") == "submit"
        if not submit or form.check_required():
            try:
                expected = int(form.version.data or 0)
            except ValueError:
                expected = 0
            try:
                dc.do_save_case(case, current_user, form.values(), expected)
            except Conflict:
                db.session.rollback()
                case = db.session.get(Case, case_id)
                return _render_form(form, case.program, case, 409, conflict=True)
            db.session.commit()
            if submit:
                return _submit(case)
            flash(_("Draft saved."), "success")
            return redirect(url_for("cases.edit_case", case_id=case.id), 303)
    return _render_form(form, case.program, case, 400 if form.is_submitted() else 200)


def _render_view(case: Case, status: int = 200, return_form: ReturnForm | None = None, accept_form: AcceptForm | None = None):
    user = current_user
    viewer = current_viewer()
    is_author = case.author_id == viewer.id
    is_coord = viewer.is_coordinator(case.program)
    accept_form = accept_form or AcceptForm(formdata=None)
    sessions = Q.upcoming_sessions(case.program) if is_coord else []
    findings = cp.case_findings(case) if (is_author or is_coord) else {}
    values = {f: cp.field_text(case, f) for f in findings}
    moves = [m for m in allowed_moves(case, user) if m.target in PAGE_MOVES]
    kids = [c for c in Q.follow_ups(case) if can_view_case(viewer, c)]
    # Text with unresolved findings is shown as written to its author only.
    shown = shown_case(case, user)
    tags = shown_tags(case, user)
    return render_template(
        "cases/view.html", case=case, is_author=is_author, is_coord=is_coord, moves=moves, sessions=sessions,
        return_form=return_form or ReturnForm(formdata=None), accept_form=accept_form,
        dismissals=cp.dismissals(case) if (is_author or is_coord) else [], follow_ups=kids,
        parent_visible=case.parent is not None and can_view_case(viewer, case.parent),
        place=Q.agenda_place(case), display_age=dc.display_age(case), sexes=dc.SEXES,
        can_follow_up=is_author and case.state in dc.FOLLOW_UP_FROM, field_labels=cp.PRIVACY_FIELDS,
        shown=shown, shown_tags=tags,
        **_privacy_view(findings, values),
    ), status


@bp.route("/<int:case_id>")
@login_required
def view_case(case_id: int):
    """The author; the program's coordinators; specialists once accepted; members after the session."""
    case = db.get_or_404(Case, case_id)
    viewer = current_viewer()
    check_view_case(viewer, case)
    record_view(viewer, case)
    db.session.commit()
    return _render_view(case)


@bp.route("/<int:case_id>/move", methods=["POST"])
@login_required
def move_case(case_id: int):
    """Who may make each move is the state machine's table (echo.cases.lifecycle.MOVES)."""
    case = db.get_or_404(Case, case_id)
    check_view_case(current_viewer(), case)
    try:
        target = S(request.form.get("target", ""))
    except ValueError:
        abort(400)
    if target not in PAGE_MOVES:
        raise NotAllowed(_("That move is made elsewhere."))
    return_form, accept_form = ReturnForm(), AcceptForm()
    reason = return_form.reason.data or ""
    session = None
    if target == S.accepted:
        sid = parse_id(request.form.get("session_id", ""))
        session = db.session.get(ClinicSession, sid) if sid is not None else None
    previous = case.state
    try:
        do_transition(case, target, current_user, reason=reason, session=session)
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        case = db.session.get(Case, case_id)
        if target == S.submitted and isinstance(exc, Invalid) and case.author_id == current_user.id:
            flash(exc.message, "error")
            return redirect(url_for("cases.edit_case", case_id=case.id), 303)
        if exc.field == "reason":
            return_form.reason.errors = [exc.message]
        elif exc.field == "session_id":
            accept_form.session_id.errors = [exc.message]
        else:
            flash(exc.message, "error")
        return _render_view(case, exc.status, return_form=return_form, accept_form=accept_form)
    mails = queue_notices(case, previous, target, current_user)
    db.session.commit()
    send_mails(mails, case)
    done = {S.submitted: _("Case #%(id)d submitted.", id=case.id),
            S.draft: _("Case #%(id)d withdrawn: it is a draft again.", id=case.id),
            S.accepted: _("Case #%(id)d accepted onto the agenda.", id=case.id),
            S.returned: _("Case #%(id)d returned to the author.", id=case.id),
            S.presented: _("Case #%(id)d marked as presented.", id=case.id)}[target]
    if previous == S.accepted and target == S.submitted:
        done = _("Case #%(id)d taken off the agenda.", id=case.id)
    flash(done, "success")
    if request.form.get("next") == "queue" and current_viewer().is_coordinator(case.program):
        return redirect(url_for("cases.queue", program_id=case.program_id), 303)
    return redirect(url_for("cases.view_case", case_id=case.id), 303)


@bp.route("/<int:case_id>/follow-up", methods=["POST"])
@login_required
def follow_up(case_id: int):
    """The author of a presented (or later) case: start its follow-up, pre-filled and linked."""
    parent = db.get_or_404(Case, case_id)
    check_view_case(current_viewer(), parent)
    child = dc.do_follow_up(current_user, parent)
    db.session.commit()
    flash(_("Follow-up case #%(child)d started from case #%(parent)d. Tell the panel what happened and ask again.",
            child=child.id, parent=parent.id), "success")
    return redirect(url_for("cases.edit_case", case_id=child.id), 303)


# --- privacy guard -----------------------------------------------------------------------------

@bp.route("/privacy-check", methods=["POST"])
@login_required
def privacy_check():
    """JSON, any active member of the program (the author when a case is named): findings with offsets.

    Body: {"program_id": 1, "case_id": 2 (optional), "fields": {"narrative": "..."}}.
    """
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        return jsonify({"error": {"status": 400, "message": _("Send {program_id, fields: {name: text}}.")}}), 400
    fields = data["fields"]
    if any(k not in cp.PRIVACY_FIELDS or not isinstance(v, str) for k, v in fields.items()) or sum(len(v) for v in fields.values()) > SCAN_MAX:
        return jsonify({"error": {"status": 400, "message": _("Unknown field or text too long.")}}), 400
    case = None
    if data.get("case_id") is not None:
        case_id = parse_id(data["case_id"]) if isinstance(data["case_id"], int) else None
        case = db.session.get(Case, case_id) if case_id is not None else None
        if case is None:
            return jsonify({"error": {"status": 404, "message": _("No such case.")}}), 404
        if case.author_id != current_user.id:
            return jsonify({"error": {"status": 403, "message": _("Only the author may check this case.")}}), 403
        program = case.program
    else:
        program_id = parse_id(data.get("program_id")) if isinstance(data.get("program_id"), int) else None
        program = db.session.get(Program, program_id) if program_id is not None else None
        if program is None:
            return jsonify({"error": {"status": 404, "message": _("No such program.")}}), 404
    if not current_viewer().is_member(program):
        return jsonify({"error": {"status": 403, "message": _("You are not a member of this program.")}}), 403
    return jsonify(findings_json(fields, case))


@bp.route("/<int:case_id>/dismissals", methods=["POST"])
@login_required
def dismiss(case_id: int):
    """The author, while the case is editable: dismiss one finding with a reason (form or JSON)."""
    case = db.get_or_404(Case, case_id)
    dc.check_edit_case(current_user, case)
    data = request.get_json(silent=True) if request.is_json else request.form
    data = data or {}
    try:
        d = cp.do_dismiss(case, current_user, str(data.get("field", "")), str(data.get("fingerprint", "")),
                          str(data.get("kind", "")), str(data.get("reason", "")))
    except Invalid as exc:
        db.session.rollback()
        if _wants_json():
            return jsonify({"error": {"status": 400, "field": exc.field, "message": exc.message}}), 400
        flash(exc.message, "error")
        return redirect(url_for("cases.edit_case", case_id=case.id) + "#privacy-findings", 303)
    db.session.commit()
    if _wants_json():
        return jsonify({"ok": True, "id": d.id, "field": d.field, "fingerprint": d.fingerprint})
    flash(_("Finding dismissed; your reason is kept with the case."), "success")
    return redirect(url_for("cases.edit_case", case_id=case.id) + "#privacy-findings", 303)


@bp.route("/<int:case_id>/dismissals/<int:dismissal_id>/undo", methods=["POST"])
@login_required
def undo_dismissal(case_id: int, dismissal_id: int):
    """The author, while the case is editable: take a dismissal back."""
    case = db.get_or_404(Case, case_id)
    dc.check_edit_case(current_user, case)
    d = db.get_or_404(PrivacyDismissal, dismissal_id)
    if d.case_id != case.id:
        abort(404)
    cp.do_undo_dismissal(case, current_user, d)
    db.session.commit()
    if _wants_json():
        return jsonify({"ok": True})
    flash(_("Dismissal undone."), "success")
    return redirect(url_for("cases.edit_case", case_id=case.id) + "#privacy-findings", 303)


# --- coordinators ---------------------------------------------------------------------------------

@bp.route("/program/<int:program_id>/queue")
@login_required
def queue(program_id: int):
    """The program's coordinators: submitted cases to accept or return, and the upcoming agendas."""
    program = db.get_or_404(Program, program_id)
    viewer = current_viewer()
    dc.check_coordinator(viewer, program)
    sessions = Q.upcoming_sessions(program)
    waiting = Q.queue(program)
    record_agenda_views(viewer, sessions)
    db.session.commit()
    n_dismissed = {c.id: len(cp.dismissals(c)) for c in waiting}
    return render_template("cases/queue.html", program=program, waiting=waiting, sessions=sessions,
                           agendas={s.id: Q.agenda(s) for s in sessions}, n_dismissed=n_dismissed, stranded=Q.stranded(program),
                           my_role=viewer.role_in(program))


@bp.route("/<int:case_id>/agenda/<direction>", methods=["POST"])
@login_required
def agenda_move(case_id: int, direction: str):
    """The program's coordinators: move an accepted case up or down its session's agenda."""
    case = db.get_or_404(Case, case_id)
    dc.check_coordinator(current_viewer(), case.program, "order the agenda")
    dc.do_move_on_agenda(current_user, case, direction)
    db.session.commit()
    return redirect(url_for("cases.queue", program_id=case.program_id) + f"#session-{case.session_id}", 303)


@bp.route("/program/<int:program_id>/audit")
@login_required
def audit_log(program_id: int):
    """The program's coordinators: who viewed which case, state changes, privacy dismissals."""
    program = db.get_or_404(Program, program_id)
    dc.check_coordinator(current_viewer(), program, "read the audit log")
    entries = db.session.scalars(select(AuditLog).where(AuditLog.program_id == program.id)
                                 .order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).limit(500)).all()
    return render_template("cases/audit.html", program=program, entries=entries, action_label=action_label,
                           object_label=object_label, detail_label=detail_label)
