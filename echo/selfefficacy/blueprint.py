"""The self-efficacy blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
import click
from flask import Blueprint, Flask

from echo.programs.access import current_viewer
from echo.programs.models import Program
from echo.programs.upkeep import add_daily_sweep
from echo.selfefficacy.models import Stage
from echo.selfefficacy.operations import waiting
from echo.selfefficacy.sweep import sweep

bp = Blueprint("selfefficacy", __name__, url_prefix="/self-efficacy")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py).
VIEWS = ("echo.selfefficacy.views",)


def self_efficacy_waiting(program: Program) -> list[Stage]:
    """The rounds the viewer has still to answer (the program page asks for them)."""
    return waiting(current_viewer(), program)


def init_app(app: Flask) -> None:
    add_daily_sweep(app, sweep)
    app.jinja_env.globals["self_efficacy_waiting"] = self_efficacy_waiting

    @app.cli.group("self-efficacy")
    def self_efficacy_cli() -> None:
        """The programs' self-efficacy surveys."""

    @self_efficacy_cli.command("sweep")
    def run_sweep() -> None:
        """Mail the members a round has opened for (safe to repeat)."""
        click.echo(f"{sweep()['mailed']} invitation(s) mailed.")
