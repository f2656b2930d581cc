"""The attendance blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from typing import Any

from flask import Blueprint, Flask

from echo.attendance.operations import (
    claims_of,
    code_of,
    code_usable,
    edits_of,
    users_by_id,
)
from echo.programs.clinic_session import ClinicSession

bp = Blueprint("attendance", __name__, url_prefix="/attendance")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py).
VIEWS: tuple[str, ...] = ("echo.attendance.views",)


def attendance_corrections(session: ClinicSession) -> dict[str, Any]:
    """What the live feature's attendance page shows of this feature (templates/attendance/_edits.html):
    the session's edits and claims, and their people by id."""
    edits = edits_of(session)
    claims = claims_of(session)
    ids = {e.user_id for e in edits} | {e.editor_id for e in edits if e.editor_id} | {c.user_id for c in claims}
    return {"edits": edits, "pending": [c for c in claims if c.status.value == "pending"], "users": users_by_id(ids)}


def attendance_code_open(session: ClinicSession) -> bool:
    """A code was made for the session and still works."""
    return code_usable(session) and code_of(session) is not None


def init_app(app: Flask) -> None:
    # The live feature's attendance page (a lower layer) lists the corrections through this.
    app.jinja_env.globals["attendance_corrections"] = attendance_corrections
    # The session page (programs, a lower layer) links an audio-only attendee to the claim form
    # while the session's code works (templates/attendance/_on_session.html).
    app.jinja_env.globals["attendance_code_open"] = attendance_code_open
