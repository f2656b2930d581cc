"""Self-efficacy routes. Who may use each is in its docstring and checked through
echo.selfefficacy.operations (check_answer, check_manage)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.programs.access import current_viewer
from echo.programs.models import Program
from echo.selfefficacy import operations as se
from echo.selfefficacy.blueprint import bp
from echo.selfefficacy.forms import (
    PlanForm,
    StatementForm,
    field_name,
    ratings_form,
    ratings_of,
)
from echo.selfefficacy.models import ConfidenceItem


@bp.route("/program/<int:program_id>/<stage>", methods=["GET", "POST"])
@login_required
def answer(program_id: int, stage: str) -> ResponseReturnValue:
    """Participants and learners of the program: rate their confidence (again, to change it)."""
    program = db.get_or_404(Program, program_id)
    round_ = se.parse_stage(stage)
    viewer = current_viewer()
    se.check_answer(viewer, program, round_)
    statements = se.items(program)
    previous = se.response_of(program, current_user.id, round_)
    if previous is not None:
        data = {field_name(i): str(r.rating) for r in previous.ratings for i in statements if i.id == r.item_id}
        form = ratings_form(statements, data=data)
    else:
        form = ratings_form(statements)
    status = 200
    if form.validate_on_submit():
        try:
            ratings = se.check_ratings(statements, ratings_of(form, statements))
        except Invalid as exc:
            flash(exc.message, "error")
            status = 400
        else:
            se.do_answer(program, current_user, round_, ratings)
            db.session.commit()
            flash(_("Thank you: your answers are saved."), "success")
            return redirect(url_for("programs.program_page", program_id=program.id))
    elif form.is_submitted():
        status = 400
    return render_template("selfefficacy/answer.html", program=program, stage=round_, form=form, statements=statements,
                           previous=previous, field_name=field_name, stage_label=se.STAGE_LABELS[round_]), status


def _manage_page(program: Program, statement_form: StatementForm, plan_form: PlanForm, status: int = 200) -> ResponseReturnValue:
    return render_template("selfefficacy/program.html", program=program, statements=se.items(program),
                           results=se.results(program), plan=se.plan_of(program), statement_form=statement_form,
                           plan_form=plan_form, scale=se.SCALE), status


def _plan_form(program: Program) -> PlanForm:
    plan = se.plan_of(program)
    return PlanForm(formdata=None, post_after_sessions=plan.post_after_sessions, post_on=plan.post_on)


@bp.route("/program/<int:program_id>")
@login_required
def program(program_id: int) -> ResponseReturnValue:
    """The program's coordinators (and site admins): the statements, the timing and the results."""
    prog = db.get_or_404(Program, program_id)
    se.check_manage(current_viewer(), prog)
    return _manage_page(prog, StatementForm(formdata=None), _plan_form(prog))


@bp.route("/program/<int:program_id>/statements", methods=["POST"])
@login_required
def add_statement(program_id: int) -> ResponseReturnValue:
    """Coordinators: add a statement."""
    prog = db.get_or_404(Program, program_id)
    se.check_manage(current_viewer(), prog)
    form = StatementForm()
    if form.validate_on_submit():
        try:
            text = se.check_statement(prog, form.statement.data or "")
        except Invalid as exc:
            form.statement.errors = [exc.message]
        else:
            se.do_add_item(prog, text)
            db.session.commit()
            flash(_("Statement added."), "success")
            return redirect(url_for("selfefficacy.program", program_id=prog.id))
    return _manage_page(prog, form, _plan_form(prog), 400)


@bp.route("/program/<int:program_id>/statements/suggested", methods=["POST"])
@login_required
def add_suggested(program_id: int) -> ResponseReturnValue:
    """Coordinators of a program with no statements yet: start from the suggested ones."""
    prog = db.get_or_404(Program, program_id)
    se.check_manage(current_viewer(), prog)
    if se.items(prog):
        raise Invalid(_("The survey already has statements; add or remove them one by one."))
    se.do_add_suggested(prog)
    db.session.commit()
    flash(_("The suggested statements were added; edit them to fit your program."), "success")
    return redirect(url_for("selfefficacy.program", program_id=prog.id))


@bp.route("/program/<int:program_id>/statements/<int:item_id>/remove", methods=["POST"])
@login_required
def remove_statement(program_id: int, item_id: int) -> ResponseReturnValue:
    """Coordinators: remove a statement (ratings already given to it are kept)."""
    prog = db.get_or_404(Program, program_id)
    se.check_manage(current_viewer(), prog)
    item = db.get_or_404(ConfidenceItem, item_id)
    if item.program_id != prog.id:
        raise Invalid(_("That statement belongs to another program."))
    se.do_remove_item(item)
    db.session.commit()
    flash(_("Statement removed."), "success")
    return redirect(url_for("selfefficacy.program", program_id=prog.id))


@bp.route("/program/<int:program_id>/plan", methods=["POST"])
@login_required
def set_plan(program_id: int) -> ResponseReturnValue:
    """Coordinators: when the second round opens."""
    prog = db.get_or_404(Program, program_id)
    se.check_manage(current_viewer(), prog)
    form = PlanForm()
    if form.validate_on_submit():
        try:
            se.check_plan(form.post_after_sessions.data, form.post_on.data)
        except Invalid as exc:
            form.post_after_sessions.errors = [exc.message]
        else:
            se.do_set_plan(prog, form.post_after_sessions.data, form.post_on.data)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("selfefficacy.program", program_id=prog.id))
    return _manage_page(prog, StatementForm(formdata=None), form, 400)
