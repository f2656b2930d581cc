"""Pages of the live board: the board and attendance (the no-JS forms: nojs.py)."""
from __future__ import annotations

import uuid

from flask import Response, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from echo.accounts.models import User
from echo.cases.shown import shown_case
from echo.cases.visibility import can_view_case, record_view
from echo.core.csvexport import csv_text
from echo.core.extensions import db
from echo.core.markdown import render_markdown
from echo.core.types import utcnow
from echo.live import rules
from echo.live.blueprint import bp
from echo.live.categories import CATEGORIES, CATEGORY_LABELS
from echo.live.models import Endorsement, Question, Recommendation
from echo.live.presence import attendance as attendance_of
from echo.live.presence import present_users
from echo.live.render import question_html, rec_html, room_language
from echo.live.store import question_wire, rec_wire, who
from echo.live.words import CASE_STATE_NAMES, ROLE_NAMES, STATUS_NAMES, board_strings
from echo.programs import operations as programs
from echo.programs.access import require_role
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, Program, Role


def _board_state(session: ClinicSession, user: User, visible: set[int]) -> dict:
    """The questions and recommendations of the session in their wire shape (static/js/live.js
    renders them), on the cases of `visible` only."""
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
        return who(users[uid], r)

    counts: dict[int, int] = {}
    mine: set[int] = set()
    for e in db.session.scalars(select(Endorsement).where(Endorsement.recommendation_id.in_([r.id for r in rs] or [0]))):
        counts[e.recommendation_id] = counts.get(e.recommendation_id, 0) + 1
        if e.user_id == user.id:
            mine.add(e.recommendation_id)
    language = room_language(session)  # the items' language: the room's, not this reader's (render.py)
    questions = []
    for q in qs:
        d = question_wire(q, author(q.author_id))
        d["answered_by"] = author(q.answered_by_id)
        d["html"] = question_html(session, d, language)
        questions.append(d)
    recs = []
    for r in rs:
        d = rec_wire(r, author(r.author_id))
        d["count"], d["mine"] = counts.get(r.id, 0), r.id in mine
        d["html"] = rec_html(session, d, language)
        recs.append(d)
    return {"questions": questions, "recommendations": recs,
            "categories": {k: str(v) for k, v in CATEGORY_LABELS.items()},
            "phases": {k: str(v) for k, v in rules.PHASE_LABELS.items()}, "phase_order": list(rules.PHASES)}


@bp.route("/sessions/<int:session_id>/live")
@login_required
def board(session_id: int):
    """Members of the program (any role; learners read-only) and admins.

    ?case=<id> shows that agenda case (the agenda's links without JavaScript)."""
    session = db.get_or_404(ClinicSession, session_id)
    role = rules.check_watch(current_user, session)
    return board_page(session, role, case_id=request.args.get("case", type=int))


def board_page(session: ClinicSession, role: Role, case_id: int | None = None, sub=None, status: int = 200):
    """The board, as live.js starts from it and as it works without JavaScript: the posts are
    rendered on the server (live.js replaces them by id), the forms POST (echo/live/nojs.py).

    sub: a no-JS form that was refused (fallback.Submission), shown again with what was
    typed, its errors and privacy findings; its case is the one shown."""
    last_seq = session.last_seq  # read before the content: a replay of what follows is harmless
    cases = rules.agenda(session)
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
        present=present_users(session.id), phases=rules.PHASES, phase_labels=rules.PHASE_LABELS,
        categories=CATEGORIES, category_labels=CATEGORY_LABELS, md=render_markdown,
        can_post=role in rules.POSTERS, can_endorse=role in rules.ENDORSERS, facilitator=role == Role.coordinator,
        cases=[shown_case(c, current_user) for c in cases], visible=visible, state=state, shown_case_id=shown, presenters={c.id: c.author_id for c in cases},
        sub=sub, rendered_at=utcnow(), statuses=STATUS_NAMES, case_states=CASE_STATE_NAMES, role_names=ROLE_NAMES,
        strings=board_strings(), item_lang=room_language(session),
        start_far=session.status == SessionStatus.scheduled and not programs.near_scheduled_time(session),
        # One idempotency key per rendered form: submitting it twice stores one post.
        new_client_id=lambda: uuid.uuid4().hex,
    ), status


def _attendance(session_id: int):
    session = db.get_or_404(ClinicSession, session_id)
    program = db.session.get(Program, session.program_id)
    require_role(current_user, program, Role.coordinator, action="see attendance")
    return session, program, attendance_of(session)


@bp.route("/sessions/<int:session_id>/attendance")
@login_required
def attendance(session_id: int):
    """Coordinators: minutes per person while the session was live."""
    session, program, rows = _attendance(session_id)
    return render_template("live/attendance.html", session=session, program=program, rows=rows)


@bp.route("/sessions/<int:session_id>/attendance.csv")
@login_required
def attendance_csv(session_id: int):
    """Coordinators: the same as CSV. Its column names and role values are the same in every
    language: they are field names a spreadsheet or script reads (and merges across sessions
    and coordinators), not sentences; the page shows them translated."""
    session, _program, rows = _attendance(session_id)
    text = csv_text(["name", "email", "role", "minutes", "first_joined_utc", "last_left_utc"], (
        [r["user"].name, r["user"].email, r["role"].value if r["role"] else "", r["minutes"],
         r["first_joined"].isoformat() if r["first_joined"] else "", r["last_left"].isoformat() if r["last_left"] else ""]
        for r in rows))
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="attendance-session-{session.id}.csv"'})

