"""The agenda block of the session page (templates/cases/_session_agenda.html)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from echo.cases.visibility import can_view_case
from echo.cases import queries as Q
from echo.cases.models import Case
from echo.core.extensions import db
from echo.cases.visibility import record_view
from echo.programs.access import Viewer, current_viewer, viewer_of
from echo.programs.signals import session_has_dependants, session_page_shown
from echo.programs.clinic_session import ClinicSession


@dataclass
class AgendaItem:
    position: int
    case: Case
    visible: bool
    mine: bool


@dataclass
class AgendaView:
    items: list[AgendaItem]
    can_order: bool
    mine: list[AgendaItem]


def session_agenda(session: ClinicSession, user: Any = None) -> AgendaView:
    """The session's cases in agenda order, each with whether this viewer may read it.
    Reads only: templates call it, and templates never write (see record_agenda_views)."""
    viewer = viewer_of(user) if user is not None else current_viewer()
    items = []
    for i, case in enumerate(Q.agenda(session), start=1):
        visible = can_view_case(viewer, case)
        mine = viewer.id is not None and case.author_id == viewer.id
        items.append(AgendaItem(i, case, visible, mine))
    can_order = viewer.is_coordinator(session.program) and session.status.value in ("scheduled", "live")
    return AgendaView(items, can_order, [i for i in items if i.mine])


def record_agenda_views(user: Any, sessions: list[ClinicSession]) -> None:
    """Showing a case's question to someone other than its author is a view: audited (once per
    viewer, case and session). The caller commits."""
    for session in sessions:
        for item in session_agenda(session, user).items:
            if item.visible:
                record_view(user, item.case, session.id, how="agenda")


def _audit_session_page(viewer: Viewer, session: ClinicSession) -> None:
    """The session page (programs) shows the agenda block: its route sends session_page_shown
    and commits; the audit rows are added here, since programs cannot import cases."""
    record_agenda_views(viewer, [session])


def _cases_on(session: ClinicSession) -> bool:
    """A session with cases on its agenda is cancelled, never deleted, when its schedule changes."""
    return bool(db.session.scalar(select(func.count(Case.id)).where(Case.session_id == session.id)))


def init_app(app: Flask) -> None:
    session_page_shown.connect(_audit_session_page)
    session_has_dependants.connect(_cases_on)
