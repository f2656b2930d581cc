"""The evaluations blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
import click
from flask import Blueprint, Flask

from echo.evaluations.operations import open_for
from echo.evaluations.sweep import sweep
from echo.programs.upkeep import add_daily_sweep

bp = Blueprint("evaluations", __name__, url_prefix="/evaluations")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.evaluations.views",)


def init_app(app: Flask) -> None:
    add_daily_sweep(app, sweep)
    # The session page links an attendee to the surveys open for them (templates/evaluations/_on_session.html).
    app.jinja_env.globals["evaluations_open_for"] = open_for

    @app.cli.group("evaluations")
    def evaluations_cli() -> None:
        """Session evaluations."""

    @evaluations_cli.command("sweep")
    def run_sweep() -> None:
        """Open the surveys that are due and mail their invitations (safe to repeat)."""
        done = sweep()
        click.echo(f"{done['opened']} survey(s) opened, {done['mailed']} invitation(s) mailed.")
