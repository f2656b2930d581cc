"""Who may read which report (the routes call these before building anything)."""
from __future__ import annotations

from flask_babel import gettext as _

from echo.core.errors import NotAllowed
from echo.programs.access import Viewer
from echo.programs.models import Program, Role


def check_program_report(viewer: Viewer, program: Program) -> None:
    """The program's coordinators, and site admins (who act as coordinators everywhere)."""
    if not viewer.has_role(program, Role.coordinator):
        raise NotAllowed(_("Only the program's coordinators see its reports."))


def check_site_report(viewer: Viewer) -> None:
    """Site admins: the reports over every program, and the organisation's CSV."""
    if not viewer.is_admin:
        raise NotAllowed(_("Only site admins see the reports of every program."))
