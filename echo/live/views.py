"""Pages of the live board: the board, the summary (compose, send, print), attendance."""
from __future__ import annotations

import uuid

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from echo.core.csvexport import csv_text
from echo.accounts import audit
from echo.cases import outcome as case_outcome
from echo.live import commands as live
from echo.programs import operations as programs
from echo.core.errors import NotAllowed
from echo.cases.visibility import can_view_case, record_view
from echo.core.extensions import db
from echo.cases.models import Case
from echo.live.models import Endorsement, Question, Recommendation, Summary
from echo.programs.models import Program, Role
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.accounts.models import User
from echo.core.types import utcnow
from echo.live.blueprint import bp


def render_markdown(text: str):
    """Markdown to sanitised HTML (echo.core.markdown: Python-Markdown + nh3)."""
    from echo.core.markdown import render_markdown as render

    return render(text or "")


def _board_state(session: ClinicSession, user: User, visible: set[int]) -> dict:
    """The questions and recommendations of the session in their wire shape (static/js/live.js
    renders them), on the cases of `visible` only."""
    from echo.programs.models import Membership

    qs = list(db.session.scalars(select(Question).where(Question.session_id == session.id, Question.case_id.in_(visible or {0}))
                                 .order_by(Question.id)))
    rs = list(db.session.scalars(select(Recommendation).where(Recommendation.session_id == session.id,
                                                              Recommendation.case_id.in_(visible or {0})).order_by(Recommendation.id)))
    ids = {q.author_id for q in qs} | {q.answered_by_id for q in qs} | {r.author_id for r in rs}
    ids.discard(None)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids or {0})))}
    roles = dict(db.session.execute(select(Membership.user_id, Membership.role).where(
        Membership.program_id == session.program_id, Membership.user_id.in_(ids or {0}))).all())

    def author(uid):
        if uid is None or uid not in users:
            return None
        r = roles.get(uid) or (Role.coordinator if users[uid].is_admin else None)
        return live.who(users[uid], r)

    counts: dict[int, int] = {}
    mine: set[int] = set()
    for e in db.session.scalars(select(Endorsement).where(Endorsement.recommendation_id.in_([r.id for r in rs] or [0]))):
        counts[e.recommendation_id] = counts.get(e.recommendation_id, 0) + 1
        if e.user_id == user.id:
            mine.add(e.recommendation_id)
    questions = []
    for q in qs:
        d = live.question_wire(q, author(q.author_id))
        d["answered_by"] = author(q.answered_by_id)
        questions.append(d)
    recs = []
    for r in rs:
        d = live.rec_wire(r, author(r.author_id))
        d["count"], d["mine"] = counts.get(r.id, 0), r.id in mine
        recs.append(d)
    return {"questions": questions, "recommendations": recs, "categories": live.CATEGORY_LABELS,
            "phases": live.PHASE_LABELS, "phase_order": list(live.PHASES)}


@bp.route("/sessions/<int:session_id>/live")
@login_required
def board(session_id: int):
    """Members of the program (any role; learners read-only) and admins.

    ?case=<id> shows that agenda case (the agenda's links without JavaScript)."""
    session = db.get_or_404(ClinicSession, session_id)
    role = live.check_watch(current_user, session)
    return board_page(session, role, case_id=request.args.get("case", type=int))


def board_page(session: ClinicSession, role: Role, case_id: int | None = None, sub=None, status: int = 200):
    """The board, as live.js starts from it and as it works without JavaScript: the posts are
    rendered on the server (live.js replaces them by id), the forms POST (echo/live/nojs.py).

    sub: a no-JS form that was refused (fallback.Submission), shown again with what was
    typed, its errors and privacy findings; its case is the one shown."""
    last_seq = session.last_seq  # read before the content: a replay of what follows is harmless
    cases = live.agenda(session)
    # Each case's text only to those who may see it now (echo.cases.visibility); every case
    # shown to someone other than its author is audited, once per viewer, case and session.
    visible = {c.id for c in cases if can_view_case(current_user, c)}
    for c in cases:
        if c.id in visible:
            record_view(current_user, c, session.id, how="board")
    db.session.commit()
    state = _board_state(session, current_user, visible)
    program = db.session.get(Program, session.program_id)
    ids = [c.id for c in cases]
    wanted = [cid for cid in ((sub.case_id if sub else None), case_id, session.current_case_id) if cid in ids]
    shown = wanted[0] if wanted else (ids[0] if ids else None)
    return render_template(
        "live/board.html", session=session, program=program, role=role, last_seq=last_seq,
        present=live.present_users(session.id), phases=live.PHASES, phase_labels=live.PHASE_LABELS,
        categories=live.CATEGORIES, category_labels=live.CATEGORY_LABELS, md=render_markdown,
        can_post=role in live.POSTERS, can_endorse=role in live.ENDORSERS, facilitator=role == Role.coordinator,
        cases=cases, visible=visible, state=state, shown_case_id=shown, presenters={c.id: c.author_id for c in cases},
        sub=sub, rendered_at=utcnow(),
        start_far=session.status == SessionStatus.scheduled and not programs.near_scheduled_time(session),
        # One idempotency key per rendered form: submitting it twice stores one post.
        new_client_id=lambda: uuid.uuid4().hex,
    ), status


@bp.app_template_global("session_summaries")
def session_summaries(session_id: int):
    """For templates/live/_session_live.html (coordinators only: the template checks the role)."""
    return case_outcome.session_summaries(session_id)


def _case_for_summary(case_id: int) -> tuple[Case, ClinicSession]:
    case = db.get_or_404(Case, case_id)
    session = live.check_summary(current_user, case)
    return case, session


@bp.route("/live/cases/<int:case_id>/summary", methods=["GET", "POST"])
@login_required
def summary(case_id: int):
    """Coordinators: compose (pre-filled from the consensus), privacy-check, save or send to the presenter."""
    from echo.privacy import fingerprint, scan

    case, session = _case_for_summary(case_id)
    if request.method == "GET":
        record_view(current_user, case, case.session_id, how="summary")
        db.session.commit()
    existing = db.session.scalar(select(Summary).where(Summary.case_id == case.id))
    text = existing.text if existing else live.summary_prefill(case)
    follow_up = existing.follow_up if existing else ""
    findings, in_text, error, status = [], [], None, 200
    if request.method == "POST":
        text = request.form.get("text", "").strip()
        follow_up = request.form.get("follow_up", "").strip()
        reason = request.form.get("dismiss_reason", "").strip()
        dismissed = set(request.form.getlist("dismiss"))
        if not text:
            error, status = "Write the summary before saving it.", 400
        else:
            in_text = [f for f in scan(text) if not (reason and fingerprint(f) in dismissed)]
            found = scan(text) + scan(follow_up)
            findings = [f for f in found if not (reason and fingerprint(f) in dismissed)]
            if findings:
                error, status = "The summary may identify the patient. Fix the highlighted parts, or tick the ones that are not identifiers and give a reason.", 400
            else:
                if found:
                    audit.record(current_user, "summary.privacy_dismissed", "case", case.id, case.program_id,
                                 detail="kinds: " + ",".join(sorted({f.kind for f in found})))
                if request.form.get("action") == "send":
                    from echo.live.realtime import notify_event

                    s, ev = live.do_send_summary(case, current_user, text, follow_up)
                    db.session.commit()
                    notify_event(ev)
                    _mail_summary(case, s)
                    flash("Summary sent to the presenter.", "success")
                    return redirect(url_for("live.summary_print", case_id=case.id))
                live.do_save_summary(case, current_user, text, follow_up)
                db.session.commit()
                flash("Summary saved (not sent yet).", "success")
                return redirect(url_for("live.summary", case_id=case.id))
    return render_template("live/summary.html", case=case, session=session, text=text, follow_up=follow_up,
                           summary=existing, findings=findings, error=error, fingerprint=fingerprint,
                           highlighted=_highlight(text, in_text)), status


def _highlight(text: str, findings) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_finding) for showing the offending spans."""
    out, pos = [], 0
    for f in findings:
        out.append((text[pos:f.start], False))
        out.append((text[f.start:f.end], True))
        pos = f.end
    out.append((text[pos:], False))
    return out


def _mail_summary(case: Case, s: Summary) -> None:
    from echo.core.mail import send_mail

    link = current_app.config["BASE_URL"].rstrip("/") + url_for("live.summary_print", case_id=case.id)
    body = (f"The panel's written summary for your case #{case.id} is below; it is also in the app:\n{link}\n\n"
            f"{s.text}\n\nFollow-up:\n{s.follow_up or '-'}\n")
    send_mail(case.author.email, f"ECHO summary for your case #{case.id}", body, sensitive=True)


@bp.route("/live/cases/<int:case_id>/summary/print")
@login_required
def summary_print(case_id: int):
    """The presenter, coordinators and specialists of the program: a print-friendly summary."""
    case = db.get_or_404(Case, case_id)
    if not live.can_read_summary(current_user, case):
        raise NotAllowed("Only the presenter and the panel may read this summary.")
    s = db.session.scalar(select(Summary).where(Summary.case_id == case.id))
    if s is None:
        abort(404)
    session = db.session.get(ClinicSession, case.session_id) if case.session_id else None
    program = db.session.get(Program, case.program_id)
    record_view(current_user, case, case.session_id, how="summary")
    db.session.commit()
    return render_template("live/summary_print.html", case=case, summary=s, session=session, program=program,
                           html=render_markdown(s.text), follow_html=render_markdown(s.follow_up))


def _attendance(session_id: int):
    session = db.get_or_404(ClinicSession, session_id)
    program = db.session.get(Program, session.program_id)
    from echo.programs.access import require_role

    require_role(current_user, program, Role.coordinator, action="see attendance")
    return session, program, live.attendance(session)


@bp.route("/sessions/<int:session_id>/attendance")
@login_required
def attendance(session_id: int):
    """Coordinators: minutes per person while the session was live."""
    session, program, rows = _attendance(session_id)
    return render_template("live/attendance.html", session=session, program=program, rows=rows)


@bp.route("/sessions/<int:session_id>/attendance.csv")
@login_required
def attendance_csv(session_id: int):
    """Coordinators: the same as CSV."""
    session, program, rows = _attendance(session_id)
    text = csv_text(["name", "email", "role", "minutes", "first_joined_utc", "last_left_utc"], (
        [r["user"].name, r["user"].email, r["role"].value if r["role"] else "", r["minutes"],
         r["first_joined"].isoformat() if r["first_joined"] else "", r["last_left"].isoformat() if r["last_left"] else ""]
        for r in rows))
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="attendance-session-{session.id}.csv"'})


from echo.live import nojs as fallback  # noqa: E402,F401  (the board's no-JavaScript forms, same blueprint)
