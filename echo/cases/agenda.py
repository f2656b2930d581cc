"""The agenda block of the session page (templates/cases/_session_agenda.html)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from ..domain import cases as dc
from ..extensions import db
from ..models import Case, Session


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


def session_agenda(session: Session, user=None) -> AgendaView:
    """The session's cases in agenda order, each with whether this viewer may read it.

    Showing a case's question to someone other than its author counts as a view: audited.
    """
    user = user if user is not None else current_user
    items = []
    viewed = False
    for i, case in enumerate(dc.agenda(session), start=1):
        visible = dc.can_view_case(user, case)
        mine = bool(getattr(user, "is_authenticated", False) and case.author_id == user.id)
        if visible and not mine:
            dc.record_view(user, case, how="agenda")
            viewed = True
        items.append(AgendaItem(i, case, visible, mine))
    if viewed:
        db.session.commit()
    can_order = dc.is_coordinator(user, session.program) and session.status.value in ("scheduled", "live")
    return AgendaView(items, can_order, [i for i in items if i.mine])
