"""Evaluation routes. Who may use each is in its docstring and checked through echo.evaluations.operations."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from echo.core.errors import DomainError, Invalid
from echo.core.extensions import db
from echo.evaluations import operations as ev
from echo.evaluations.blueprint import bp
from echo.evaluations.forms import QuestionForm, field_name, survey_form, values_of
from echo.evaluations.models import QuestionKind, Survey, SurveyKind
from echo.evaluations.results import results
from echo.privacy.guard import describe, held, parse_seen, seen_value
from echo.programs.clinic_session import ClinicSession
from echo.programs.models import Program


def _open(session: ClinicSession, kind: SurveyKind) -> Survey:
    """The survey, opened by the first person to come (the sweep may not have run yet)."""
    try:
        survey = ev.do_open_survey(session, kind)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # opened by someone else at the same moment
        found = ev.survey_of(session, kind)
        if found is None:
            raise
        survey = found
    return survey


@bp.route("/session/<int:session_id>/<kind>", methods=["GET", "POST"])
@login_required
def answer(session_id: int, kind: str):
    """Members who attended the session, once the survey is open: answer it (again, to change the answers)."""
    session = db.get_or_404(ClinicSession, session_id)
    survey_kind = ev.parse_kind(kind)
    ev.check_answer(current_user, session, survey_kind)
    program = ev.program_of(session)
    survey = _open(session, survey_kind)
    questions = ev.questions(program, survey_kind)
    previous = ev.response_of(survey, current_user)
    if previous is not None:
        stored = {a.question_id: a for a in previous.answers}
        data = {field_name(q): (stored[q.id].text if q.kind == QuestionKind.text else str(stored[q.id].number))
                for q in questions if q.id in stored and (stored[q.id].text or stored[q.id].number is not None)}
        form = survey_form(questions, data=data)
    else:
        form = survey_form(questions)
    if form.validate_on_submit():
        values = values_of(form, questions)
        seen = parse_seen(form.privacy_seen.data)
        reason = form.privacy_reason.data or ""
        flagged, confirmed = [], set()
        for q in questions:
            if q.kind != QuestionKind.text:
                continue
            found = held(values[q.id], seen, reason)
            if found:
                flagged += found
                getattr(form, field_name(q)).errors = [describe(found)]
            else:
                confirmed |= {f.kind for f in held(values[q.id])}
        if flagged:
            form.privacy_seen.data = seen_value(flagged)
            return _render(form, session, program, survey_kind, previous, privacy=True), 400
        ev.do_answer(survey, current_user, values)
        if confirmed:
            ev.audit_privacy(current_user, survey, confirmed)
        db.session.commit()
        flash(_("Thank you: your answers are saved. You can change them from the same link."), "success")
        return redirect(url_for("main.home"), 303)
    status = 400 if form.is_submitted() else 200
    return _render(form, session, program, survey_kind, previous, privacy=bool(form.privacy_seen.data)), status


def _render(form, session, program, kind, previous, privacy: bool):
    return render_template("evaluations/answer.html", form=form, session=session, program=program, kind=kind,
                           previous=previous, privacy=privacy, field_name=field_name,
                           questions=ev.questions(program, kind))


@bp.route("/program/<int:program_id>")
@login_required
def program_surveys(program_id: int):
    """The program's coordinators (and site admins): response rate of every survey, with the 80% target."""
    program = db.get_or_404(Program, program_id)
    ev.check_coordinator(current_user, program)
    return render_template("evaluations/program.html", program=program, rates=ev.rates(program),
                           target=ev.RESPONSE_TARGET)


@bp.route("/survey/<int:survey_id>")
@login_required
def survey_results(survey_id: int):
    """The program's coordinators: what a survey's answers add up to (without names)."""
    survey = ev.get_survey(survey_id)
    program = ev.program_of(survey)
    ev.check_coordinator(current_user, program)
    return render_template("evaluations/results.html", program=program, rate=ev.rate_of(survey), results=results(survey),
                           intent=ev.INTENT, target=ev.RESPONSE_TARGET, kinds=QuestionKind)


@bp.route("/survey/<int:survey_id>/remind", methods=["POST"])
@login_required
def remind(survey_id: int):
    """The program's coordinators: mail a reminder to those who may answer and have not (once a day)."""
    survey = ev.get_survey(survey_id)
    ev.check_coordinator(current_user, ev.program_of(survey))
    try:
        people = ev.do_remind(survey, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("evaluations.program_surveys", program_id=survey.program_id), 303)
    db.session.commit()
    ev.notify_survey(survey, people, reminder=True)
    flash(ngettext("Reminder sent to %(num)d person.", "Reminder sent to %(num)d people.", len(people)) if people
          else _("Everyone who may answer has answered: no reminder was needed."), "success")
    return redirect(url_for("evaluations.program_surveys", program_id=survey.program_id), 303)


@bp.route("/program/<int:program_id>/questions", methods=["GET", "POST"])
@login_required
def questions(program_id: int):
    """The program's coordinators: the questions of its surveys; add one."""
    program = db.get_or_404(Program, program_id)
    ev.check_edit_questions(current_user, program)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            ev.do_add_question(program, SurveyKind(form.survey.data), QuestionKind(form.kind.data), form.prompt.data or "",
                               bool(form.required.data))
        except Invalid as exc:
            db.session.rollback()
            form.prompt.errors = [exc.message]
        else:
            db.session.commit()
            flash(_("Question added. Surveys opened from now on ask it."), "success")
            return redirect(url_for("evaluations.questions", program_id=program.id), 303)
    elif not form.is_submitted():
        ev.do_seed_questions(program)   # a program shows (and can remove) its default questions
        db.session.commit()
    status = 400 if form.is_submitted() else 200
    return render_template("evaluations/questions.html", program=program, form=form,
                           by_survey={k: ev.questions(program, k) for k in SurveyKind}), status


@bp.route("/program/<int:program_id>/questions/<int:question_id>/remove", methods=["POST"])
@login_required
def remove_question(program_id: int, question_id: int):
    """The program's coordinators: take a question out of future surveys (its answers are kept)."""
    program = db.get_or_404(Program, program_id)
    ev.check_edit_questions(current_user, program)
    ev.do_remove_question(ev.get_question(program, question_id))
    db.session.commit()
    flash(_("Question removed from the surveys."), "success")
    return redirect(url_for("evaluations.questions", program_id=program.id), 303)
