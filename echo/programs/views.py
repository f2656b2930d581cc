"""Program, session and membership pages. Thin: parse, check_/do_ (echo.programs.operations,
echo.programs.membership), commit, notify, render.

Who may use each route is in its docstring and asked of the request's viewer; anything else is
403 (a DomainError, turned into the error page by echo/core/web.py). Everything here needs a login.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from echo.core.errors import DomainError, Invalid
from echo.core.extensions import db
from echo.core.timefmt import local
from echo.programs.signals import access_changed
from echo.programs import calendar_links, invites, rrules, upkeep
from echo.programs import membership as M
from echo.programs import operations as P
from echo.programs.access import current_viewer
from echo.programs.signals import session_page_shown
from echo.programs.blueprint import bp
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.forms import (
    TOPICS,
    BulkInviteForm,
    InviteForm,
    JoinForm,
    ProgramForm,
    SessionForm,
)
from echo.programs.models import Membership, MembershipStatus, Program, Role


def _attach(form, exc: Invalid, fallback: str | None = None) -> None:
    """Show a domain error beside its field (what the user typed stays in the form)."""
    name = exc.field
    if name == "custom_rrule" and getattr(form, "frequency", None) is not None and form.frequency.data != "custom":
        name = "frequency"
    f = getattr(form, name or "", None) or (getattr(form, fallback, None) if fallback else None)
    if f is None:
        flash(exc.message, "error")
    else:
        f.errors = list(f.errors) + [exc.message]


def _program_fields(form: ProgramForm) -> dict:
    rule = rrules.build_rrule(form.frequency.data, form.weekday.data or "", form.nth.data or "", form.custom_rrule.data or "")
    return {
        "name": form.name.data, "topic": form.topic.data, "description": (form.description.data or "").strip(),
        "hub_team": (form.hub_team.data or "").strip(), "timezone": form.timezone.data, "language": form.language.data,
        "video_url": form.video_url.data,
        "visibility": form.visibility.data, "rrule": rule,
        "first_date": form.first_date.data,
        "start_time": form.start_time.data, "duration_minutes": form.duration_minutes.data, "until_date": form.until_date.data,
    }


# --- programs -------------------------------------------------------------------------------

@bp.route("/programs")
@login_required
def list_programs():
    """Any logged-in user: their programs, and public programs they may ask to join."""
    viewer = current_viewer()
    programs = P.visible_programs(viewer)
    mine = {m.program_id: m for m in db.session.scalars(select(Membership).where(Membership.user_id == viewer.id))}
    feed_token = calendar_links.do_feed_token(current_user._get_current_object())
    db.session.commit()  # the link's first showing makes it (echo.programs.calendar_links)
    return render_template("programs/list.html", programs=programs, mine=mine, may_create=viewer.may_create_programs,
                           feed_token=feed_token)


@bp.route("/programs/new", methods=["GET", "POST"])
@login_required
def new_program():
    """Site admins and users with the right to create programs (granted by an admin); they
    become its coordinator."""
    P.check_create_program(current_viewer())
    form = ProgramForm()
    if request.method == "GET":
        form.timezone.data = current_user.timezone if current_user.timezone != "UTC" else "America/Denver"
    if form.validate_on_submit():
        try:
            program, result = P.do_create_program(current_user, **_program_fields(form))
        except Invalid as exc:
            db.session.rollback()
            _attach(form, exc)
        else:
            db.session.commit()
            flash(_("Program created. Sessions: %(result)s.", result=result), "success")
            return redirect(url_for("programs.program_page", program_id=program.id))
    return render_template("programs/form.html", form=form, program=None, topics=TOPICS), (400 if form.is_submitted() else 200)


@bp.route("/programs/<int:program_id>")
@login_required
def program_page(program_id: int):
    """Public program: any logged-in user. Invite only: members and site admins."""
    program = db.get_or_404(Program, program_id)
    viewer = current_viewer()
    viewer.require_view_program(program)
    upkeep.do_keep_windows([program])  # an open-ended schedule stays three years ahead (no cron)
    role = viewer.role_name(program)
    pending = db.session.scalar(select(Membership).where(
        Membership.program_id == program.id, Membership.user_id == current_user.id, Membership.status == MembershipStatus.requested))
    is_coord = role in ("coordinator", "admin")
    feed_token = None
    if role:  # members only: the program's feed link is theirs to see
        feed_token = calendar_links.do_feed_token(program)
        db.session.commit()
    return render_template(
        "programs/page.html", program=program, my_role=role, pending=pending, is_coordinator=is_coord, feed_token=feed_token,
        upcoming=P.upcoming_sessions(program), past=P.past_sessions(program),
        members=M.members_of(program) if is_coord else [], join_form=JoinForm(),
        requests=M.members_of(program, MembershipStatus.requested) if is_coord else [],
        rule_text=rrules.describe_schedule(program.rrule, program.start_time, program.timezone, program.until_date),
    )


@bp.route("/programs/<int:program_id>/edit", methods=["GET", "POST"])
@login_required
def edit_program(program_id: int):
    """Coordinators of the program and site admins. Changing the rule keeps past and edited sessions."""
    program = db.get_or_404(Program, program_id)
    P.check_edit_program(current_user, program)
    form = ProgramForm(obj=program)
    if request.method == "GET":
        form.visibility.data = program.visibility.value
        for k, v in rrules.parse_choice(program.rrule).items():
            getattr(form, k).data = v
    if form.validate_on_submit():
        try:
            result = P.do_update_program(current_user, program, **_program_fields(form))
        except Invalid as exc:
            db.session.rollback()
            _attach(form, exc)
        else:
            db.session.commit()
            flash(_("Program saved. Sessions: %(result)s.", result=result), "success")
            return redirect(url_for("programs.program_page", program_id=program.id))
    return render_template("programs/form.html", form=form, program=program, topics=TOPICS), (400 if form.is_submitted() else 200)


@bp.route("/programs/<int:program_id>/calendar/reset", methods=["POST"])
@login_required
def reset_program_calendar(program_id: int):
    """Coordinators and site admins: a new secret calendar link (the old one stops working)."""
    program = db.get_or_404(Program, program_id)
    P.do_reset_program_calendar(current_user, program)
    db.session.commit()
    flash(_("The program's calendar link was reset. Subscribers need the new link."), "success")
    return redirect(url_for("programs.program_page", program_id=program.id))


@bp.route("/calendar/me/reset", methods=["POST"])
@login_required
def reset_my_calendar():
    """Any logged-in user, for their own personal feed."""
    P.do_reset_user_calendar(current_user)
    db.session.commit()
    flash(_("Your personal calendar link was reset. Subscribe again with the new link."), "success")
    return redirect(url_for("programs.list_programs"))


# --- sessions -------------------------------------------------------------------------------

def _session_form_from(session: ClinicSession, program: Program) -> SessionForm:
    form = SessionForm()
    if request.method == "GET":
        start = local(session.starts_at, program.timezone)
        form.date.data = start.date()
        form.start_time.data = start.time().replace(second=0, microsecond=0)
        form.duration_minutes.data = session.duration_minutes
        form.didactic_title.data = session.didactic_title
        form.didactic_speaker.data = session.didactic_speaker
        form.notes.data = session.notes
    return form


@bp.route("/programs/<int:program_id>/sessions/new", methods=["GET", "POST"])
@login_required
def new_session(program_id: int):
    """Coordinators and site admins: a one-off session outside the rule."""
    program = db.get_or_404(Program, program_id)
    current_viewer().require_role(program, Role.coordinator, action="add sessions")
    form = SessionForm()
    if request.method == "GET":
        form.duration_minutes.data = program.duration_minutes
        form.start_time.data = program.start_time
    if form.validate_on_submit():
        try:
            s = P.do_add_one_off(current_user, program, day=form.date.data, start=form.start_time.data,
                                 duration=form.duration_minutes.data, didactic_title=form.didactic_title.data or "",
                                 didactic_speaker=form.didactic_speaker.data or "", notes=form.notes.data or "")
        except Invalid as exc:
            db.session.rollback()
            _attach(form, exc)
        else:
            db.session.commit()
            flash(_("Session added."), "success")
            return redirect(url_for("programs.session_page", session_id=s.id))
    return render_template("programs/session_form.html", form=form, program=program, session=None), (400 if form.is_submitted() else 200)


@bp.route("/sessions/<int:session_id>")
@login_required
def session_page(session_id: int):
    """Like the program page: public program, any logged-in user; invite only, members and admins.
    The video link is shown to members and site admins only."""
    session = db.get_or_404(ClinicSession, session_id)
    program = session.program
    viewer = current_viewer()
    viewer.require_view_program(program)
    role = viewer.role_name(program)
    page = render_template("programs/session.html", session=session, program=program, my_role=role,
                           is_coordinator=role in ("coordinator", "admin"), can_join=P.can_join_video(session),
                           join_from=session.starts_at - P.JOIN_WINDOW, SessionStatus=SessionStatus)
    session_page_shown.send(viewer, session=session)  # the agenda's views are audited (echo.cases.agenda)
    db.session.commit()
    return page


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(session_id: int):
    """Coordinators and site admins: move this one occurrence or give it its own didactic."""
    session = db.get_or_404(ClinicSession, session_id)
    program = session.program
    P.check_edit_session(current_user, session)
    form = _session_form_from(session, program)
    if form.validate_on_submit():
        try:
            P.do_edit_session(current_user, session, day=form.date.data, start=form.start_time.data,
                              duration=form.duration_minutes.data, didactic_title=form.didactic_title.data or "",
                              didactic_speaker=form.didactic_speaker.data or "", notes=form.notes.data or "")
        except Invalid as exc:
            db.session.rollback()
            _attach(form, exc)
        else:
            db.session.commit()
            flash(_("Session saved. Other sessions are unchanged."), "success")
            return redirect(url_for("programs.session_page", session_id=session.id))
    return render_template("programs/session_form.html", form=form, program=program, session=session), (400 if form.is_submitted() else 200)


@bp.route("/sessions/<int:session_id>/cancel", methods=["POST"])
@login_required
def cancel_session(session_id: int):
    """Coordinators and site admins: cancel this one occurrence."""
    session = db.get_or_404(ClinicSession, session_id)
    P.do_cancel_session(current_user, session)
    db.session.commit()
    flash(_("Session cancelled. Calendar subscribers will see it as cancelled."), "success")
    return redirect(url_for("programs.session_page", session_id=session.id))


@bp.route("/sessions/<int:session_id>/restore", methods=["POST"])
@login_required
def restore_session(session_id: int):
    """Coordinators and site admins: undo a cancellation."""
    session = db.get_or_404(ClinicSession, session_id)
    P.do_restore_session(current_user, session)
    db.session.commit()
    flash(_("Session restored."), "success")
    return redirect(url_for("programs.session_page", session_id=session.id))


# --- members, join requests, invitations ------------------------------------------------------

def members_page(program: Program, invite_form: InviteForm | None = None, status: int = 200,
                 bulk_form: BulkInviteForm | None = None, results: list | None = None):
    return render_template("programs/members.html", program=program, members=M.members_of(program),
                           requests=M.members_of(program, MembershipStatus.requested), invites=M.pending_invites(program),
                           invite_form=invite_form or InviteForm(formdata=None), bulk_form=bulk_form or BulkInviteForm(formdata=None),
                           results=results, results_summary=invites.summarise(results or []), roles=list(Role)), status


@bp.route("/programs/<int:program_id>/members")
@login_required
def members(program_id: int):
    """Coordinators and site admins."""
    program = db.get_or_404(Program, program_id)
    current_viewer().require_role(program, Role.coordinator, action="manage members")
    return members_page(program)


@bp.route("/programs/<int:program_id>/invites/<int:invite_id>/revoke", methods=["POST"])
@login_required
def revoke_invite(program_id: int, invite_id: int):
    """Coordinators and site admins."""
    program = db.get_or_404(Program, program_id)
    M.do_revoke_invite(current_user, program, invite_id)
    db.session.commit()
    flash(_("Invitation withdrawn."), "success")
    return redirect(url_for("programs.members", program_id=program.id))


@bp.route("/programs/<int:program_id>/members/<int:membership_id>/role", methods=["POST"])
@login_required
def change_role(program_id: int, membership_id: int):
    """Coordinators and site admins."""
    program = db.get_or_404(Program, program_id)
    m = M.do_change_role(current_user, program, membership_id, request.form.get("role", ""))
    db.session.commit()
    access_changed.send(user_id=m.user_id, program_id=program.id)
    flash(_("Role changed."), "success")
    return redirect(url_for("programs.members", program_id=program.id))


@bp.route("/programs/<int:program_id>/members/<int:membership_id>/remove", methods=["POST"])
@login_required
def remove_member(program_id: int, membership_id: int):
    """Coordinators and site admins."""
    program = db.get_or_404(Program, program_id)
    user_id = M.do_remove_member(current_user, program, membership_id)
    db.session.commit()
    access_changed.send(user_id=user_id, program_id=program.id)
    flash(_("Member removed."), "success")
    return redirect(url_for("programs.members", program_id=program.id))


@bp.route("/programs/<int:program_id>/members/<int:membership_id>/<any(approve, decline):decision>", methods=["POST"])
@login_required
def decide_request(program_id: int, membership_id: int, decision: str):
    """Coordinators and site admins: approve or decline a join request."""
    program = db.get_or_404(Program, program_id)
    M.do_decide_request(current_user, program, membership_id, approve=decision == "approve")
    db.session.commit()
    flash(_("Request approved.") if decision == "approve" else _("Request declined."), "success")
    return redirect(request.form.get("back") == "program" and url_for("programs.program_page", program_id=program.id)
                    or url_for("programs.members", program_id=program.id))


@bp.route("/programs/<int:program_id>/join", methods=["POST"])
@login_required
def join(program_id: int):
    """Any logged-in non-member, on a public program (invite only: 403)."""
    program = db.get_or_404(Program, program_id)
    form = JoinForm()
    M.check_request_join(current_user, program)
    if not form.validate_on_submit():
        abort(400)
    M.do_request_join(current_user, program, form.role.data)
    db.session.commit()
    flash(_("Your request was sent to the program's coordinators."), "success")
    return redirect(url_for("programs.program_page", program_id=program.id))


@bp.route("/programs/<int:program_id>/leave", methods=["POST"])
@login_required
def leave(program_id: int):
    """Members (or a pending requester withdrawing); the last coordinator cannot leave."""
    program = db.get_or_404(Program, program_id)
    M.do_leave(current_user, program)
    db.session.commit()
    access_changed.send(user_id=current_user.id, program_id=program.id)
    flash(_("You left %(program)s.", program=program.name), "success")
    return redirect(url_for("programs.list_programs"))


@bp.route("/invites/<token>", methods=["GET", "POST"])
def accept_invite(token: str):
    """Whoever holds the link (the token is the secret). Accepting needs a login; a visitor
    without an account signs up and comes back here (?next=)."""
    try:
        inv = M.invite_from_token(token)
    except Invalid as exc:
        return render_template("programs/invite.html", error=exc.message, invite=None), 400
    if request.method == "POST" and not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.path))
    return invite_page(inv, lambda: M.do_accept_invite(current_user, token))


def invite_page(inv, accept: Callable[[], Membership]):
    """An invitation's page: shown on GET; on POST, `accept` joins the program (the link's
    holder, or the logged-in invitee from an in-app notice)."""
    if request.method == "POST":
        try:
            m = accept()
        except DomainError as exc:
            db.session.rollback()
            return render_template("programs/invite.html", error=exc.message, invite=None), exc.status
        db.session.commit()
        flash(_("Welcome to %(program)s. Your role: %(role)s.", program=m.program.name, role=m.role.label), "success")
        return redirect(url_for("programs.program_page", program_id=m.program_id))
    return render_template("programs/invite.html", error=None, invite=inv)
