"""The disclosures blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint, Flask, render_template
from flask_login import current_user
from markupsafe import Markup

from echo.disclosures.operations import speaker_on_record, standings
from echo.programs.access import current_viewer
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Role

bp = Blueprint("disclosures", __name__, url_prefix="/disclosures")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py).
VIEWS: tuple[str, ...] = ("echo.disclosures.views",)

# Shown until the session ends: learners must see them before it starts (ACCME).
SHOWN_WHILE = (SessionStatus.scheduled, SessionStatus.live)


def session_disclosures(session: ClinicSession) -> Markup:
    """The disclosures block of the session page and the live board (both in lower layers, which
    call this template global); empty once the session has ended or been cancelled. The page
    has already checked that its viewer may see the session."""
    if session.status not in SHOWN_WHILE:
        return Markup("")
    program = session.program
    people = standings(program, session)
    return Markup(render_template("disclosures/_on_session.html", session=session, program=program, people=people,
                                  speaker_known=speaker_on_record(session, people),
                                  is_coordinator=current_viewer().has_role(program, Role.coordinator),
                                  may_disclose=current_viewer().role_in(program) is not None and current_user.is_authenticated))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["session_disclosures"] = session_disclosures
