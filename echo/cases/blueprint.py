"""The cases blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/cases")

from echo.cases import autosave  # noqa: E402,F401
from echo.cases import review  # noqa: E402,F401
from echo.cases import views as routes  # noqa: E402,F401


def init_app(app):
    from echo.core.markdown import render_markdown
    from echo.cases import agenda
    from echo.cases.agenda import session_agenda

    app.jinja_env.filters.setdefault("markdown", render_markdown)
    # Used by templates/cases/_session_agenda.html, included from the session page.
    app.jinja_env.globals["case_session_agenda"] = session_agenda
    review.init_app(app)
    agenda.init_app(app)
