"""What a presented case came to: the written summary once sent, and the recommendations made
on the board; who may read it. Read by the case page and the summary pages."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from echo.accounts.models import User
from echo.cases.models import Case, CaseState
from echo.cases.visibility import can_view_case
from echo.core.extensions import db
from echo.live.models import Recommendation
from echo.programs.access import Viewer, viewer_of
from echo.programs.models import Program, Role
from echo.summaries.models import Summary


@dataclass
class Outcome:
    summary: Summary
    recommendations: list[Recommendation]


def can_read_summary(user: User | Viewer | None, case: Case) -> bool:
    """The presenter, and the program's coordinators and specialists (the panel)."""
    viewer = viewer_of(user)
    if viewer.id is None:
        return False
    if case.author_id == viewer.id:
        return True
    # The summary is case text: the visibility rule first, then only the panel reads it.
    return can_view_case(viewer, case) and viewer.has_role(db.session.get(Program, case.program_id), Role.coordinator, Role.specialist)


def sent_outcome(user: User, case: Case) -> Outcome | None:
    """The sent summary and the recommendations still standing (consensus first), for those who
    may read the summary; None before it is sent."""
    if not can_read_summary(user, case):
        return None
    summary = db.session.scalar(select(Summary).where(Summary.case_id == case.id, Summary.sent_at.is_not(None)))
    if summary is None:
        return None
    recs = db.session.scalars(
        select(Recommendation).where(Recommendation.case_id == case.id, Recommendation.withdrawn.is_(False))
        .order_by(Recommendation.consensus.desc(), Recommendation.created_at, Recommendation.id))
    return Outcome(summary, list(recs))


def session_summaries(session_id: int) -> list[tuple[Case, bool]]:
    """The session's presented cases in agenda order, each with whether its summary was sent:
    the coordinator's way to the summary composer from the session page."""
    done = (CaseState.presented, CaseState.summarised, CaseState.published)
    rows = db.session.execute(
        select(Case, Summary.sent_at).outerjoin(Summary, Summary.case_id == Case.id)
        .where(Case.session_id == session_id, Case.state.in_(done)).order_by(Case.agenda_position, Case.id))
    return [(case, sent_at is not None) for case, sent_at in rows]
