"""A small world for the reports: one program with three sessions held in the first quarter of
2026 (and sessions outside the period, cancelled or not held), presence on the live board,
cases with close-outs and answered evaluations; a second program with one session."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from echo.accounts.models import User
from echo.cases.models import Case, CaseState
from echo.closeout.models import Closeout, CloseoutItem
from echo.core.extensions import db
from echo.evaluations import operations as ev
from echo.evaluations.models import QuestionKind, SurveyKind
from echo.live.models import PresenceInterval, Recommendation
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Program, Role
from tests.factories import (
    People,
    add_member,
    make_case,
    make_program,
    make_session,
    make_user,
)

PERIOD = {"start": "2026-01-01", "end": "2026-03-31"}


def at(month: int, day: int, year: int = 2026, hour: int = 18) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def held(program: Program, start: datetime, minutes: int = 60) -> ClinicSession:
    return make_session(program, starts_at=start, status=SessionStatus.ended, started_at=start,
                        ended_at=start + timedelta(minutes=minutes), duration_minutes=minutes)


def present(session: ClinicSession, user: User, minutes: int = 60) -> None:
    db.session.add(PresenceInterval(session_id=session.id, user_id=user.id, sid=f"s{session.id}-{user.id}",
                                    joined_at=session.started_at, left_at=session.started_at + timedelta(minutes=minutes)))


def answer(survey, user: User, rating: int, intent: int) -> None:
    program = db.session.get(Program, survey.program_id)
    values = {}
    for q in ev.questions(program, survey.kind):
        values[q.id] = rating if q.kind == QuestionKind.scale else intent if q.kind == QuestionKind.intent else ""
    ev.do_answer(survey, user, values)


def closeout(case: Case, weeks: int, avoided: str, items: dict[Recommendation, str]) -> None:
    c = Closeout(case_id=case.id, weeks=weeks, due_at=case.presented_at + timedelta(weeks=weeks),
                 answered_at=case.presented_at + timedelta(weeks=weeks, days=1), referral_avoided=avoided)
    c.items = [CloseoutItem(recommendation_id=r.id, implemented=v) for r, v in items.items()]
    db.session.add(c)


@dataclass
class World:
    people: People
    nurse: User
    nurse2: User
    sessions: list[ClinicSession]
    other_program: Program
    other_coordinator: User


@pytest.fixture
def world(people) -> World:
    program = people.program
    nurse = make_user("Nadia Nurse", profession="Nurse practitioner", region="Montana")
    nurse2 = make_user("Noor Nurse", profession="Nurse practitioner", region="Wyoming")
    add_member(program, nurse, Role.participant)
    add_member(program, nurse2, Role.participant)
    people.specialist.profession, people.specialist.region = "Psychiatrist", ""
    s1, s2, s3 = held(program, at(1, 13)), held(program, at(2, 10)), held(program, at(3, 10))
    before = held(program, at(12, 2, 2025))                 # before the period
    make_session(program, starts_at=at(3, 17), status=SessionStatus.cancelled)   # not held
    make_session(program, starts_at=at(3, 24))              # scheduled, never held
    present(s1, nurse, 30)
    present(s1, nurse2)
    present(s1, people.specialist)
    present(s2, nurse)
    present(s2, nurse2)
    present(s3, nurse)
    present(before, people.participant)
    db.session.commit()

    # Cases: two presented in the period (one closed out at both stages), one before it.
    c1 = make_case(program, nurse, CaseState.summarised, s1, presented_at=s1.starts_at)
    c2 = make_case(program, nurse2, CaseState.summarised, s2, presented_at=s2.starts_at)
    old = make_case(program, nurse, CaseState.summarised, before, presented_at=before.starts_at)
    recs = [Recommendation(case_id=c.id, source="hub", category="medication", text="Start naltrexone.")
            for c in (c1, c1, old)]
    db.session.add_all(recs)
    db.session.commit()
    closeout(c1, 2, "yes", {recs[0]: "fully", recs[1]: "not"})
    closeout(c1, 12, "no", {recs[0]: "fully", recs[1]: "partly"})
    db.session.add(Closeout(case_id=c2.id, weeks=2, due_at=s2.starts_at + timedelta(weeks=2)))   # asked, not answered
    closeout(old, 2, "yes", {recs[2]: "fully"})
    db.session.commit()

    # Evaluations: s1's asked 3 (2 answered), s2's asked 2 (both answered).
    e1 = ev.do_open_survey(s1, SurveyKind.end)
    e2 = ev.do_open_survey(s2, SurveyKind.end)
    db.session.commit()
    answer(e1, nurse, 5, 2)
    answer(e1, nurse2, 4, 1)
    answer(e2, nurse, 3, 0)
    answer(e2, nurse2, 5, 2)
    db.session.commit()

    # Another program: one session in the period, attended by the participant.
    other_coordinator = make_user("Oscar Other")
    other = make_program(other_coordinator, name="Hepatitis C ECHO")
    add_member(other, people.participant, Role.participant)
    people.participant.profession, people.participant.region = "Pharmacist", "Alberta"
    o1 = held(other, at(2, 20))
    present(o1, people.participant)
    db.session.commit()
    return World(people, nurse, nurse2, [s1, s2, s3], other, other_coordinator)
