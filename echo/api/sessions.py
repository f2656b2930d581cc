"""What a signed-in client may join: its programs, their sessions, a session's agenda.

Who may read: the same people who may join a session's live board (members of the program in
any role, and site admins); others get 403. Case fields on an agenda follow the one case
visibility rule (Viewer.can_view_case, echo.cases.visibility); a case the user may not see is listed by
id and position only.
"""
from __future__ import annotations

from flask import jsonify, url_for
from sqlalchemy import func, select

from echo.api.blueprint import bp
from echo.api.params import MAX_INT, SessionListParams, iso, with_params
from echo.api.routes import api_login_required
from echo.cases.models import Case
from echo.cases.shown import shown_case, shown_tags
from echo.cases.visibility import can_view_case, record_view
from echo.core.errors import NotAllowed
from echo.core.extensions import db
from echo.live.rules import agenda
from echo.programs.access import Viewer, current_viewer
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, MembershipStatus, Program, Role


def board_role(viewer: Viewer, program: Program) -> Role | None:
    """The viewer's role on the program's live boards (live.role_of, without a session): admins
    act as coordinators."""
    if viewer.is_admin:
        return Role.coordinator
    return viewer.role_in(program)


def check_board_program(viewer: Viewer, program: Program) -> Role:
    role = board_role(viewer, program)
    if role is None:
        raise NotAllowed("Only members of this program (and site admins) may see its sessions.")
    return role


def my_programs(viewer: Viewer) -> list[tuple[Program, Role]]:
    """The programs whose boards the viewer may join, by name: their active memberships (all
    programs for a site admin)."""
    if viewer.is_admin:  # a coordinator on every board, as the join ack says
        return [(p, Role.coordinator) for p in db.session.scalars(select(Program).order_by(Program.name, Program.id))]
    rows = db.session.execute(select(Program, Membership.role).join(Membership, Membership.program_id == Program.id).where(
        Membership.user_id == viewer.id, Membership.status == MembershipStatus.active).order_by(Program.name, Program.id))
    return [(p, r) for p, r in rows.tuples()]


def program_json(program: Program, role: Role) -> dict:
    return {
        "id": program.id, "name": program.name, "topic": program.topic, "timezone": program.timezone,
        "visibility": program.visibility.value, "role": role.value,
        "url": url_for("programs.program_page", program_id=program.id),
        "sessions_url": url_for("api.program_sessions", program_id=program.id),
    }


def session_json(s: ClinicSession) -> dict:
    return {
        "id": s.id, "program_id": s.program_id, "status": s.status.value,
        "starts_at": iso(s.starts_at), "ends_at": iso(s.ends_at), "duration_minutes": s.duration_minutes,
        "started_at": iso(s.started_at), "ended_at": iso(s.ended_at), "last_seq": s.last_seq,
        "current_case_id": s.current_case_id if s.status == SessionStatus.live else None,
        "phase": s.current_phase or None if s.status == SessionStatus.live else None,
        "didactic_title": s.didactic_title or None, "didactic_speaker": s.didactic_speaker or None,
        "board_url": url_for("live.board", session_id=s.id),
        "api_url": url_for("api.session_detail", session_id=s.id),
    }


def agenda_item(viewer: Viewer, s: ClinicSession, position: int, case: Case) -> dict:
    item = {"case_id": case.id, "position": position,
            "current": s.status == SessionStatus.live and s.current_case_id == case.id, "case": None}
    if can_view_case(viewer, case):
        record_view(viewer, case, how="api")
        shown = shown_case(case, viewer)  # unresolved privacy findings redacted for all but the author
        item["case"] = {
            "state": case.state.value, "title": shown.title, "age_band": case.age_band or None, "sex": case.sex or None,
            "setting": shown.setting or None, "chief_concern": shown.chief_concern, "questions": shown.questions,
            "tags": shown_tags(case, viewer),
            "presenter": {"id": case.author_id, "name": case.author.name},
            "url": url_for("cases.view_case", case_id=case.id),
        }
    return item


@bp.route("/programs")
@api_login_required
def my_programs_list():
    """Any logged-in user: the programs whose live boards they may join, with their role."""
    return jsonify({"programs": [program_json(p, r) for p, r in my_programs(current_viewer())]})


@bp.route(f"/programs/<int(max={MAX_INT}):program_id>/sessions")
@api_login_required
@with_params(SessionListParams)
def program_sessions(program_id: int, params: SessionListParams):
    """Members of the program (any role) and admins: its sessions by scheduled start."""
    program = db.get_or_404(Program, program_id)
    check_board_program(current_viewer(), program)
    q = select(ClinicSession).where(ClinicSession.program_id == program.id)
    if params.status:
        q = q.where(ClinicSession.status.in_([SessionStatus(v) for v in params.status]))
    if params.starts_from is not None:
        q = q.where(ClinicSession.starts_at >= params.starts_from)
    total = db.session.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = db.session.scalars(q.order_by(ClinicSession.starts_at, ClinicSession.id)
                              .offset((params.page - 1) * params.per_page).limit(params.per_page))
    return jsonify({"program_id": program.id, "page": params.page, "per_page": params.per_page, "total": total,
                    "pages": max(1, -(-total // params.per_page)), "sessions": [session_json(s) for s in rows]})


@bp.route(f"/sessions/<int(max={MAX_INT}):session_id>")
@api_login_required
def session_detail(session_id: int):
    """Members of the session's program (any role) and admins: the session and its agenda in
    order; case fields only for cases the user may see (the others by id and position)."""
    s = db.get_or_404(ClinicSession, session_id)
    viewer = current_viewer()
    check_board_program(viewer, s.program)
    out = session_json(s)
    out["agenda"] = [agenda_item(viewer, s, i, c) for i, c in enumerate(agenda(s), start=1)]
    db.session.commit()  # the audit rows of the cases shown
    resp = jsonify(out)
    resp.headers["Cache-Control"] = "no-store"  # it carries case text
    return resp
