"""Fixtures of the credit tests: ended sessions with attendance, evaluations answered, a rule."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from echo.core.extensions import db
from echo.credit import rules as cr
from echo.credit.models import CreditType
from echo.evaluations import operations as ev
from echo.evaluations.models import SurveyKind, SurveyResponse
from echo.live.models import PresenceInterval
from echo.programs.clinic_session import SessionStatus
from tests.factories import make_session


def ended_session(program, attended: dict, starts_at: datetime | None = None):
    """An ended 60-minute session; attended: user -> minutes present from its start."""
    start = starts_at or datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    s = make_session(program, starts_at=start, duration_minutes=60, status=SessionStatus.ended, started_at=start,
                     ended_at=start + timedelta(minutes=60))
    for user, minutes in attended.items():
        db.session.add(PresenceInterval(session_id=s.id, user_id=user.id, sid=f"credit-{user.id}-{s.id}", joined_at=start,
                                        left_at=start + timedelta(minutes=minutes)))
    db.session.commit()
    return s


def answer_evaluation(session, user) -> None:
    survey = ev.do_open_survey(session, SurveyKind.end)
    db.session.add(SurveyResponse(survey_id=survey.id, user_id=user.id))
    db.session.commit()


def set_rule(program, coordinator, hours="1.5", share=75, evaluation=True, credit=CreditType.ama_pra_1, pars=""):
    rule = cr.do_save_rule(program, coordinator, cr.RuleValues(True, credit, Decimal(hours), share, evaluation, pars))
    db.session.commit()
    return rule


@pytest.fixture
def credit_world(people):
    """A program offering 1.5 hours of AMA PRA Category 1 Credit™ (75%, evaluation required); an
    ended session the participant attended 50 minutes (83%) and answered the evaluation of, the
    specialist 50 minutes without answering it, the learner 30 minutes (50%)."""
    set_rule(people.program, people.coordinator)
    s = ended_session(people.program, {people.participant: 50, people.specialist: 50, people.learner: 30})
    answer_evaluation(s, people.participant)
    return people, s
