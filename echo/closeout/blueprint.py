"""The close-out blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint, Flask

bp = Blueprint("closeout", __name__, url_prefix="/closeout")

from echo.closeout import views as routes  # noqa: F401


def init_app(app: Flask) -> None:
    import click

    from echo.closeout import operations as co
    from echo.closeout.models import AVOIDED, IMPLEMENTED, PATIENT, WHY_NOT
    from echo.closeout.sweep import sweep
    from echo.programs.upkeep import add_daily_sweep

    add_daily_sweep(app, sweep)
    # The case page and the library entry show a case's answered close-outs
    # (templates/closeout/_on_case.html, _on_library.html).
    app.jinja_env.globals["closeouts_answered"] = co.answered
    app.jinja_env.globals["closeouts_due"] = co.due_stages
    app.jinja_env.globals["closeout_labels"] = {"impl": IMPLEMENTED, "why": WHY_NOT, "avoided": AVOIDED, "patient": PATIENT}

    @app.cli.group("closeout")
    def closeout_cli() -> None:
        """Case close-outs."""

    @closeout_cli.command("sweep")
    def run_sweep() -> None:
        """Ask the presenters whose close-out fell due (safe to repeat)."""
        done = sweep()
        click.echo(f"{done['asked']} close-out request(s) sent.")
