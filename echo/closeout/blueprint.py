"""The close-out blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
import click
from flask import Blueprint, Flask

from echo.closeout import operations as co
from echo.closeout.models import AVOIDED, IMPLEMENTED, PATIENT, WHY_NOT
from echo.closeout.sweep import sweep
from echo.library.search.facets import CATEGORY_LABELS
from echo.programs.upkeep import add_daily_sweep

bp = Blueprint("closeout", __name__, url_prefix="/closeout")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.closeout.views",)


def init_app(app: Flask) -> None:
    add_daily_sweep(app, sweep)
    # The case page and the library entry show a case's answered close-outs
    # (templates/closeout/_on_case.html, _on_library.html).
    app.jinja_env.globals["closeouts_answered"] = co.answered
    app.jinja_env.globals["closeouts_due"] = co.due_stages
    app.jinja_env.globals["closeout_labels"] = {"impl": IMPLEMENTED, "why": WHY_NOT, "avoided": AVOIDED, "patient": PATIENT}
    # A recommendation's category and a reason "why not" as words in a sentence, in the reader's language.
    app.jinja_env.globals["closeout_category_label"] = lambda c: CATEGORY_LABELS.get(c, (c or "").capitalize())
    app.jinja_env.filters["closeout_why_label"] = lambda w: str(WHY_NOT.get(w, w)).lower()

    @app.cli.group("closeout")
    def closeout_cli() -> None:
        """Case close-outs."""

    @closeout_cli.command("sweep")
    def run_sweep() -> None:
        """Ask the presenters whose close-out fell due (safe to repeat)."""
        done = sweep()
        click.echo(f"{done['asked']} close-out request(s) sent.")
