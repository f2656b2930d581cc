"""The scheduled part: mail each asked member once when a round opens for them (the first on
joining, the second when it is due). Run by the server's daily upkeep or
`flask self-efficacy sweep`; any number of runs, even at once, mail nobody twice: the
invitation row (unique per program, person and round) is committed before the mail goes.
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.models import Membership, MembershipStatus, Program
from echo.selfefficacy import operations as se
from echo.selfefficacy.models import (
    ConfidenceInvite,
    ConfidenceItem,
    ConfidenceResponse,
    Stage,
)

log = logging.getLogger("echo.selfefficacy")


def _done(program_id: int, model: type[ConfidenceInvite | ConfidenceResponse]) -> set[tuple[int, Stage]]:
    return {(u, s) for u, s in db.session.execute(select(model.user_id, model.stage).where(model.program_id == program_id))}


def sweep(now: datetime | None = None) -> dict[str, int]:
    now = now or utcnow()
    mailed = 0
    programs = db.session.scalars(select(Program).where(Program.id.in_(
        select(ConfidenceItem.program_id).where(ConfidenceItem.active.is_(True))))).all()
    for program in programs:
        skip = _done(program.id, ConfidenceInvite) | _done(program.id, ConfidenceResponse)
        members = db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
            Membership.program_id == program.id, Membership.status == MembershipStatus.active,
            Membership.role.in_(se.ASKED)).order_by(User.id)).all()
        due: dict[Stage, list[User]] = {Stage.pre: [], Stage.post: []}
        for person in members:
            if (person.id, Stage.pre) not in skip:
                due[Stage.pre].append(person)
            if (person.id, Stage.post) not in skip and se.post_is_due(program, person.id, now.date()):
                due[Stage.post].append(person)
        for stage, people in due.items():
            if not people:
                continue
            try:
                for person in people:
                    db.session.add(ConfidenceInvite(program_id=program.id, user_id=person.id, stage=stage, mailed_at=now))
                db.session.commit()
            except IntegrityError:
                # Another sweep invited them at the same moment: its rows (and its mail) stand.
                db.session.rollback()
                continue
            se.notify_round(program, stage, people)
            mailed += len(people)
    if mailed:
        log.info("self-efficacy: %d invitation(s) mailed", mailed)
    return {"mailed": mailed}
