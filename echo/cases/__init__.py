"""Case presentations: writing (with the privacy guard), review queue, agenda, audit log."""
from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/cases")

from . import autosave, review, routes  # noqa: E402,F401


def init_app(app):
    from ..domain.markdown import render_markdown
    from . import agenda
    from .agenda import session_agenda

    app.jinja_env.filters.setdefault("markdown", render_markdown)
    # Used by templates/cases/_session_agenda.html, included from the session page.
    app.jinja_env.globals["case_session_agenda"] = session_agenda
    review.init_app(app)
    agenda.init_app(app)
