"""The evaluation and close-out pages follow the site's accessibility rules (one h1, every
control labelled), with the privacy reason box shown, as after a held answer."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.evaluations import operations as ev
from echo.evaluations.models import SurveyKind
from echo.live.models import PresenceInterval, Recommendation
from echo.programs.clinic_session import SessionStatus
from echo.summaries.models import Summary
from tests.factories import make_case, make_session
from tests.helpers import check_accessible as check


def test_evaluation_and_close_out_pages_are_labelled(people, login_as):
    now = utcnow()
    program = people.program
    s = make_session(program, starts_at=now - timedelta(days=20), status=SessionStatus.ended,
                     started_at=now - timedelta(days=20), ended_at=now - timedelta(days=20) + timedelta(hours=1))
    db.session.add(PresenceInterval(session_id=s.id, user_id=people.participant.id, sid="a", joined_at=s.starts_at))
    case = make_case(program, people.participant, CaseState.summarised, s, summarised_at=now - timedelta(days=20))
    db.session.add(Recommendation(case_id=case.id, source="hub", category="behavioural", text="CBT for insomnia."))
    db.session.add(Summary(case_id=case.id, text="Consensus.", sent_at=now - timedelta(days=20)))
    db.session.commit()

    participant = login_as(people.participant)
    check(participant.get(f"/evaluations/session/{s.id}/end").text, "evaluation")
    fields = {q.kind.value: f"q{q.id}" for q in ev.questions(program, SurveyKind.end)}
    held = participant.post(f"/evaluations/session/{s.id}/end",
                            data={fields["scale"]: "4", fields["intent"]: "2", fields["text"]: "Mrs Jane called."})
    assert held.status_code == 400 and 'name="privacy_reason"' in held.text
    check(held.text, "evaluation, held")
    check(participant.get(f"/closeout/case/{case.id}/2").text, "close-out")
    rec = db.session.scalar(select(Recommendation.id).where(Recommendation.case_id == case.id))
    held = participant.post(f"/closeout/case/{case.id}/2", data={
        f"impl_{rec}": "fully", "referral_avoided": "yes", "patient_status": "better", "note": "Mrs Jane called."})
    assert held.status_code == 400 and 'name="privacy_reason"' in held.text
    check(held.text, "close-out, held")
    check(participant.get(f"/cases/{case.id}").text, "case page")

    coordinator = login_as(people.coordinator)
    for path in (f"/evaluations/program/{program.id}", f"/evaluations/program/{program.id}/questions",
                 f"/closeout/program/{program.id}/overdue"):
        page = coordinator.get(path)
        assert page.status_code == 200, path
        check(page.text, path)
