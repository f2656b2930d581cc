"""Pages of the written summary: compose (pre-filled from the consensus), privacy-check, save or
send to the presenter; the print view."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from echo.cases.models import Case
from echo.cases.shown import shown_case
from echo.cases.visibility import record_view
from echo.core.errors import NotAllowed
from echo.core.extensions import db
from echo.core.markdown import render_markdown
from echo.live.realtime import notify_event
from echo.live.store import to_wire
from echo.privacy import Finding, fingerprint
from echo.programs.clinic_session import ClinicSession
from echo.programs.models import Program
from echo.summaries import operations as summaries
from echo.summaries.blueprint import bp
from echo.summaries.outcome import can_read_summary, session_summaries


@bp.app_template_global("session_summaries")
def session_summaries_global(session_id: int) -> list:
    """For templates/live/_session_live.html (coordinators only: the template checks the role)."""
    return session_summaries(session_id)


@bp.route("/live/cases/<int:case_id>/summary", methods=["GET", "POST"])
@login_required
def compose(case_id: int):
    """Coordinators: compose (pre-filled from the consensus), privacy-check, save or send to the presenter."""
    case = db.get_or_404(Case, case_id)
    session = summaries.check_summary(current_user, case)
    if request.method == "GET":
        record_view(current_user, case, case.session_id, how="summary")
        db.session.commit()
    existing = summaries.summary_of(case)
    text = existing.text if existing else summaries.summary_prefill(case)
    follow_up = existing.follow_up if existing else ""
    findings: list[Finding] = []
    in_text: list[Finding] = []
    error, status = None, 200
    if request.method == "POST":
        text = request.form.get("text", "").strip()
        follow_up = request.form.get("follow_up", "").strip()
        if not text:
            error, status = _("Write the summary before saving it."), 400
        else:
            in_text, findings = summaries.check_summary_privacy(
                current_user, case, text, follow_up, set(request.form.getlist("dismiss")),
                request.form.get("dismiss_reason", "").strip())
            if findings:
                error, status = _("The summary may identify the patient. Fix the highlighted parts, or tick the ones that are not "
                                  "identifiers and give a reason."), 400
            elif request.form.get("action") == "send":
                s, ev = summaries.do_send_summary(case, current_user, text, follow_up)
                db.session.commit()
                notify_event(to_wire(ev))
                summaries.notify_summary(case, s)
                flash(_("Summary sent to the presenter."), "success")
                return redirect(url_for("summaries.print_view", case_id=case.id))
            else:
                summaries.do_save_summary(case, current_user, text, follow_up)
                db.session.commit()
                flash(_("Summary saved (not sent yet)."), "success")
                return redirect(url_for("summaries.compose", case_id=case.id))
    return render_template("summaries/compose.html", case=shown_case(case, current_user), session=session, text=text, follow_up=follow_up,
                           summary=existing, findings=findings, error=error, fingerprint=fingerprint,
                           highlighted=_highlight(text, in_text)), status


def _highlight(text: str, findings: list[Finding]) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_finding) for showing the offending spans."""
    out, pos = [], 0
    for f in findings:
        out.append((text[pos:f.start], False))
        out.append((text[f.start:f.end], True))
        pos = f.end
    out.append((text[pos:], False))
    return out


@bp.route("/live/cases/<int:case_id>/summary/print")
@login_required
def print_view(case_id: int):
    """The presenter, coordinators and specialists of the program: a print-friendly summary."""
    case = db.get_or_404(Case, case_id)
    if not can_read_summary(current_user, case):
        raise NotAllowed(_("Only the presenter and the panel may read this summary."))
    s = summaries.summary_of(case)
    if s is None:
        abort(404)
    session = db.session.get(ClinicSession, case.session_id) if case.session_id else None
    program = db.session.get(Program, case.program_id)
    record_view(current_user, case, case.session_id, how="summary")
    db.session.commit()
    return render_template("summaries/print.html", case=shown_case(case, current_user), summary=s, session=session, program=program,
                           html=render_markdown(s.text or ""), follow_html=render_markdown(s.follow_up or ""))
