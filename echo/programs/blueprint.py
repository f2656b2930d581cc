"""The programs blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
import click
from flask import Blueprint
from sqlalchemy import select

from echo.core.extensions import db
from echo.programs.models import Program
from echo.programs.upkeep import do_keep_window

bp = Blueprint("programs", __name__, cli_group="programs")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.programs.calendar_routes", "echo.programs.invite_routes", "echo.programs.views")


@bp.cli.command("extend-schedules")
def extend_schedules() -> None:
    """Re-apply every program's rule now, so open-ended programs reach three years ahead.

    Optional: the server keeps the window up by itself (when a program's page or calendar
    feed is read, and daily; see docs/programs.md). Safe to run from cron while servers run:
    each program is locked while its rule is applied, so nothing is added twice."""

    ids = list(db.session.scalars(select(Program.id).where(Program.rrule != "").order_by(Program.id)))
    for pid in ids:
        program = db.session.get(Program, pid)
        if program is None:
            continue
        result = do_keep_window(program, force=True)
        click.echo(f"program {pid}: {result if result is not None else 'no change (removed or applied elsewhere)'}")
