"""Builders for library tests: summarised cases with recommendations and a summary, published."""
from __future__ import annotations

from datetime import datetime, timezone

from echo.library import publish as lib
from echo.core.extensions import db
from echo.cases.models import Case, CaseState, CaseTag
from echo.programs.models import Program
from echo.live.models import Recommendation
from echo.summaries.models import Summary
from echo.accounts.models import User
from tests.factories import make_case


def summarised_case(program: Program, author: User, *, recs=(), summary: str = "Consensus: augment with bupropion.",
                    follow_up: str = "Report back in 6 weeks.", tags=(), **kw) -> Case:
    """A case that went through the live session: recommendations (source, category, text) and a summary."""
    kw.setdefault("state", CaseState.summarised)
    kw.setdefault("summarised_at", datetime.now(timezone.utc))
    case = make_case(program, author, **kw)
    for t in tags:
        db.session.add(CaseTag(case_id=case.id, tag=t))
    for source, category, text in recs or [("hub", "medication", "Add bupropion 150 mg daily."),
                                           ("spoke", "behavioural", "Refer to behavioural activation group.")]:
        db.session.add(Recommendation(case_id=case.id, source=source, category=category, text=text))
    db.session.add(Summary(case_id=case.id, text=summary, follow_up=follow_up))
    db.session.commit()
    db.session.refresh(case)
    return case


def published_case(program: Program, author: User, coordinator: User, **kw) -> Case:
    case = summarised_case(program, author, **kw)
    lib.do_publish(case, coordinator)
    db.session.commit()
    return case
