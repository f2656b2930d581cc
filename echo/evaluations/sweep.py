"""The scheduled part of evaluations: open each survey when it is due and mail those who may
answer it, once. Run by the server's daily upkeep (echo.programs.upkeep), by
`flask evaluations sweep`, or by a job queue; any of them may run it again, or at the same
time as another: what was mailed is recorded (SurveyInvite, unique per survey and person)
and committed before the mail goes, so nobody is mailed twice (a mail lost to an outage is
not retried: the survey stays on the person's home page).
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.evaluations import operations as ev
from echo.evaluations.models import SurveyInvite, SurveyKind
from echo.programs.clinic_session import ClinicSession, SessionStatus

log = logging.getLogger("echo.evaluations")


def due_surveys(now: datetime) -> list[tuple[int, SurveyKind]]:
    """(session id, kind) of every survey that opened within the offer period."""
    since = now - ev.FOLLOWUP_AFTER - ev.OFFER_FOR
    sessions = db.session.scalars(select(ClinicSession).where(
        ClinicSession.status == SessionStatus.ended, ClinicSession.ended_at >= since).order_by(ClinicSession.id)).all()
    out = []
    for s in sessions:
        for kind in SurveyKind:
            opening = ev.opens_at(s, kind)
            if opening is not None and opening <= now < opening + ev.OFFER_FOR:
                out.append((s.id, kind))
    return out


def do_invite(session: ClinicSession, kind: SurveyKind, now: datetime) -> tuple[int, list[int]]:
    """Open the survey and record an invitation for each eligible person not yet invited nor
    answered; returns the survey id and who to mail (after the caller's commit)."""
    survey = ev.do_open_survey(session, kind, now)
    invited = set(db.session.scalars(select(SurveyInvite.user_id).where(SurveyInvite.survey_id == survey.id)))
    new = sorted(ev.eligible_ids(session) - invited - ev.responders(survey))
    for uid in new:
        db.session.add(SurveyInvite(survey_id=survey.id, user_id=uid, mailed_at=now))
    return survey.id, new


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Open the surveys that are due and mail their invitations; safe to run any number of times."""
    now = now or utcnow()
    opened = mailed = 0
    for session_id, kind in due_surveys(now):
        session = db.session.get(ClinicSession, session_id)
        if session is None:
            continue
        had = ev.survey_of(session, kind) is not None
        try:
            survey_id, new = do_invite(session, kind, now)
            db.session.commit()
        except IntegrityError:
            # Another sweep opened or invited at the same moment: its rows (and its mail) stand.
            db.session.rollback()
            continue
        opened += not had
        survey = ev.get_survey(survey_id)
        ev.notify_survey(survey, [db.session.get(User, uid) for uid in new])
        mailed += len(new)
    if opened or mailed:
        log.info("evaluations: %d survey(s) opened, %d invitation(s) mailed", opened, mailed)
    return {"opened": opened, "mailed": mailed}
