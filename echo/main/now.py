"""The home page's answer to "what do I do now", per role: a session live now, the next
sessions, and the cases waiting for this user (coordinators: to review, summaries to write,
cases to publish; specialists: cases to read before the next session; participants: returned
cases, summaries received, a case to submit)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from echo.accounts.models import User
from echo.cases import operations as dc
from echo.cases import queries as Q
from echo.cases.models import Case, CaseState
from echo.closeout import operations as closeout
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.credit.awards import open_credit
from echo.evaluations import operations as evaluations
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, MembershipStatus, Program, Role
from echo.summaries.models import Summary

RECENT_SUMMARIES = 5
UPCOMING = 5
# The home page looks for credit to claim among this many recent sessions (the transcript
# looks further back).
CREDIT_SESSIONS = 20
# A session that has not been started this long after its scheduled start is still listed
# as next (it may start late); one that ended or was cancelled never is.
LATE_START = timedelta(hours=3)


@dataclass
class CoordinatorWork:
    program: Program
    to_review: int
    to_summarise: list[Case]


@dataclass
class Now:
    live: list[ClinicSession] = field(default_factory=list)
    upcoming: list[ClinicSession] = field(default_factory=list)
    coordinating: list[CoordinatorWork] = field(default_factory=list)
    to_read: list[Case] = field(default_factory=list)
    returned: list[Case] = field(default_factory=list)
    summaries: list[tuple[Case, Summary]] = field(default_factory=list)
    can_submit: list[Program] = field(default_factory=list)
    evaluations: list[evaluations.Due] = field(default_factory=list)
    closeouts: list[closeout.Due] = field(default_factory=list)
    credit_to_claim: int = 0

    @property
    def nothing_waiting(self) -> bool:
        return not (any(w.to_review or w.to_summarise for w in self.coordinating) or self.to_read or self.returned
                    or self.evaluations or self.closeouts or self.credit_to_claim)


def what_now(user: User, memberships: list[Membership]) -> Now:
    active = [m for m in memberships if m.status == MembershipStatus.active]
    ids = [m.program_id for m in active]
    now = Now()
    if ids:
        now.live = list(db.session.scalars(
            select(ClinicSession).where(ClinicSession.program_id.in_(ids), ClinicSession.status == SessionStatus.live).order_by(ClinicSession.starts_at)))
        now.upcoming = list(db.session.scalars(
            select(ClinicSession).where(ClinicSession.program_id.in_(ids), ClinicSession.status == SessionStatus.scheduled,
                                  ClinicSession.starts_at >= utcnow() - LATE_START)
            .order_by(ClinicSession.starts_at).limit(UPCOMING)))
    coordinated = [m.program for m in active if m.role == Role.coordinator]
    for p in coordinated:
        presented = list(db.session.scalars(
            select(Case).where(Case.program_id == p.id, Case.state == CaseState.presented).order_by(Case.id)))
        now.coordinating.append(CoordinatorWork(p, len(Q.queue(p)), presented))
    now.to_read = Q.to_read(user, [m.program for m in active if m.role in (Role.specialist, Role.coordinator)])
    now.returned = list(db.session.scalars(
        select(Case).where(Case.author_id == user.id, Case.state == CaseState.returned).order_by(Case.updated_at.desc())))
    now.summaries = [(c, s) for c, s in db.session.execute(
        select(Case, Summary).join(Summary, Summary.case_id == Case.id)
        .where(Case.author_id == user.id, Summary.sent_at.is_not(None))
        .order_by(Summary.sent_at.desc()).limit(RECENT_SUMMARIES))]
    now.can_submit = [m.program for m in active if m.role in dc.AUTHOR_ROLES]
    now.evaluations = evaluations.due_for(user)
    now.closeouts = closeout.due_for(user) if ids else []
    now.credit_to_claim = len(open_credit(user, limit=CREDIT_SESSIONS).claimable) if ids else 0
    return now
