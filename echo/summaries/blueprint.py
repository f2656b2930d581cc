"""The summaries blueprint (its pages keep the addresses under /live/cases/<id>/summary)."""
from flask import Blueprint, Flask

from echo.summaries.outcome import sent_outcome

bp = Blueprint("summaries", __name__)

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.summaries.views",)


def init_app(app: Flask) -> None:
    # The case page (a feature below summaries) shows what its case came to; it reads it here.
    app.jinja_env.globals["case_outcome"] = sent_outcome
