"""The scheduled part of close-outs: ask the presenter (notice and mail) when a stage falls
due, once. Run by the server's daily upkeep (echo.programs.upkeep), by `flask closeout
sweep`, or by a job queue; any of them may run again or at the same moment: the request is
recorded (Closeout.asked_at, one row per case and stage) and committed before the mail goes.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from echo.cases.models import Case
from echo.closeout import operations as co
from echo.closeout.models import STAGES, Closeout
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.summaries.models import Summary

log = logging.getLogger("echo.closeout")

# Stages that fell due longer ago than this are not asked by mail any more (a first run on an
# old database does not mail about cases from years ago); they still show as overdue.
ASK_WITHIN = timedelta(days=28)


def due_requests(now: datetime) -> list[tuple[int, int, datetime]]:
    """(case id, weeks, due) of every stage that fell due within ASK_WITHIN and was not asked nor answered."""
    oldest = now - timedelta(weeks=max(STAGES)) - ASK_WITHIN
    rows = db.session.execute(select(Summary.case_id, Summary.sent_at).where(
        Summary.sent_at.is_not(None), Summary.sent_at >= oldest).order_by(Summary.case_id)).all()
    if not rows:
        return []
    settled = set(db.session.execute(select(Closeout.case_id, Closeout.weeks).where(
        Closeout.case_id.in_([r[0] for r in rows]),
        Closeout.asked_at.is_not(None) | Closeout.answered_at.is_not(None))).tuples())
    return [(case_id, w, co.due_at(sent, w)) for case_id, sent in rows for w in STAGES
            if (case_id, w) not in settled and now - ASK_WITHIN <= co.due_at(sent, w) <= now]


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Ask every presenter whose close-out fell due; safe to run any number of times."""
    now = now or utcnow()
    asked = 0
    for case_id, weeks, due in due_requests(now):
        case = db.session.get(Case, case_id)
        if case is None:
            continue
        try:
            c = co.do_open(case, weeks, due)
            if c.answered_at is not None or not co.do_ask(c, case, now):
                db.session.rollback()
                continue
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # another sweep asked at the same moment: its mail stands
            continue
        co.notify_ask(case, weeks)
        asked += 1
    if asked:
        log.info("close-out: %d presenter request(s) sent", asked)
    return {"asked": asked}
