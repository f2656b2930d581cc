"""Report routes: a program's report for its coordinators, the site-wide report and the
organisation's CSV for site admins; each report has a print view and a CSV per figure. Every
route reads its period from the query string (?start=YYYY-MM-DD&end=YYYY-MM-DD)."""
from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.programs.access import current_viewer
from echo.programs.models import Program
from echo.reports import operations as ops
from echo.reports.blueprint import bp
from echo.reports.charts import data_uri, svg
from echo.reports.organisation import organisation_csv
from echo.reports.period import Period, period_form
from echo.reports.report import build_report
from echo.reports.scope import Scope


def _page(program: Program | None, template: str) -> str | tuple[str, int]:
    form, period = period_form(request.args)
    if period is None:
        return render_template("reports/report.html", form=form, report=None, program=program), 400
    report = build_report(Scope(period, program))
    charts = {f.key: data_uri(svg(f)) for f in report.figures if not f.is_empty}
    return render_template(template, form=form, report=report, program=program, period=period, charts=charts)


def _csv(text: str, filename: str) -> Response:
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _period_or_400() -> Period:
    _form, period = period_form(request.args)
    if period is None:
        raise Invalid(_("The period is not valid: give dates as YYYY-MM-DD, the end on or after the start."))
    return period


def _filename(stem: str, period: Period) -> str:
    return f"{stem}-{period.start.isoformat()}-{period.end.isoformat()}.csv"


@bp.route("/program/<int:program_id>")
@login_required
def program_report(program_id: int) -> str | tuple[str, int]:
    """The program's coordinators (and site admins): the program's figures for a period."""
    program = db.get_or_404(Program, program_id)
    ops.check_program_report(current_viewer(), program)
    return _page(program, "reports/report.html")


@bp.route("/program/<int:program_id>/print")
@login_required
def program_print(program_id: int) -> str | tuple[str, int]:
    """The program's coordinators (and site admins): the report laid out for paper, for a funder."""
    program = db.get_or_404(Program, program_id)
    ops.check_program_report(current_viewer(), program)
    return _page(program, "reports/print.html")


@bp.route("/program/<int:program_id>/<key>.csv")
@login_required
def program_figure_csv(program_id: int, key: str) -> Response:
    """The program's coordinators (and site admins): one figure's table as CSV."""
    program = db.get_or_404(Program, program_id)
    ops.check_program_report(current_viewer(), program)
    period = _period_or_400()
    figure = build_report(Scope(period, program)).figure(key)
    return _csv(figure.csv(), _filename(f"program-{program.id}-{figure.key}", period))


@bp.route("/")
@login_required
def site_report() -> str | tuple[str, int]:
    """Site admins: the figures over every program for a period."""
    ops.check_site_report(current_viewer())
    return _page(None, "reports/report.html")


@bp.route("/print")
@login_required
def site_print() -> str | tuple[str, int]:
    """Site admins: the site-wide report laid out for paper."""
    ops.check_site_report(current_viewer())
    return _page(None, "reports/print.html")


@bp.route("/figures/<key>.csv")
@login_required
def site_figure_csv(key: str) -> Response:
    """Site admins: one figure of the site-wide report as CSV."""
    ops.check_site_report(current_viewer())
    period = _period_or_400()
    figure = build_report(Scope(period)).figure(key)
    return _csv(figure.csv(), _filename(f"all-programs-{figure.key}", period))


@bp.route("/programs.csv")
@login_required
def organisation() -> Response:
    """Site admins: one row per program (sessions, launch date, participants by role, profession and region)."""
    ops.check_site_report(current_viewer())
    period = _period_or_400()
    return _csv(organisation_csv(Scope(period)), _filename("programs", period))
