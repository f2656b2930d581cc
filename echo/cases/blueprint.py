"""The cases blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint

from echo.cases import agenda, shown
from echo.cases.agenda import session_agenda
from echo.cases.operations import SEXES
from echo.core.markdown import render_markdown
from echo.privacy import kind_name

bp = Blueprint("cases", __name__, url_prefix="/cases")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.cases.autosave", "echo.cases.history", "echo.cases.review", "echo.cases.views")


def sex_label(value: str | None) -> str:
    """A stored sex ("female") as the case form names it, in the reader's language; an unknown
    value as stored."""
    return str(SEXES.get(value, value)) if value else ""


def init_app(app):
    # review adds routes to bp, so it imports this module: it cannot be imported at the top.
    from echo.cases import review

    app.jinja_env.filters.setdefault("markdown", render_markdown)
    # Used by templates/cases/_session_agenda.html, included from the session page.
    app.jinja_env.globals["case_session_agenda"] = session_agenda
    # A dismissal's kind in the reader's language (templates/cases/_privacy_panel.html).
    app.jinja_env.globals["privacy_kind_name"] = kind_name
    # The patient's sex wherever a case is shown (library, board, printed summary).
    app.jinja_env.filters["sex_label"] = sex_label
    review.init_app(app)
    agenda.init_app(app)
    shown.init_app(app)
