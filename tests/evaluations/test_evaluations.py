"""Session evaluations: who may answer, one answer per person, the privacy guard on free text,
the sweep that opens and mails surveys once, response rates and reminders."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from echo.accounts.models import AuditLog
from echo.core import mail
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.evaluations import operations as ev
from echo.evaluations.models import (
    EvaluationQuestion,
    Survey,
    SurveyAnswer,
    SurveyInvite,
    SurveyKind,
    SurveyResponse,
)
from echo.evaluations.sweep import sweep
from echo.live.models import PresenceInterval
from echo.programs.clinic_session import SessionStatus
from echo.programs.models import Membership
from tests.factories import make_session


def _attend(session, *users):
    for u in users:
        db.session.add(PresenceInterval(session_id=session.id, user_id=u.id, sid=f"t-{u.id}",
                                        joined_at=session.starts_at, left_at=session.starts_at + timedelta(minutes=50)))
    db.session.commit()


@pytest.fixture
def world(people):
    """A session that ended an hour ago; the participant and the specialist attended, the learner did not."""
    now = utcnow()
    s = make_session(people.program, starts_at=now - timedelta(hours=2), status=SessionStatus.ended,
                     started_at=now - timedelta(hours=2), ended_at=now - timedelta(hours=1))
    _attend(s, people.participant, people.specialist)
    mail.outbox.clear()
    return {**vars(people), "session": s}


def _url(world, kind="end"):
    return f"/evaluations/session/{world['session'].id}/{kind}"


def _fields(program, kind=SurveyKind.end):
    ev.do_seed_questions(program)  # as opening the survey does
    db.session.commit()
    qs = ev.questions(program, kind)
    return {q.kind.value: f"q{q.id}" for q in qs}


def _responses():
    return db.session.scalar(select(func.count(SurveyResponse.id)))


def test_an_attendee_answers_and_a_second_answer_edits_the_first(world, login_as):
    c = login_as(world["participant"])
    page = c.get(_url(world))
    assert page.status_code == 200 and "Overall, how satisfied were you with this session?" in page.text
    f = _fields(world["program"])
    r = c.post(_url(world), data={f["scale"]: "4", f["intent"]: "2", f["text"]: "More on buprenorphine dosing."})
    assert r.status_code == 303
    assert _responses() == 1
    page = c.get(_url(world))
    assert "Sending again changes your answers" in page.text and "More on buprenorphine dosing." in page.text

    r = c.post(_url(world), data={f["scale"]: "5", f["intent"]: "1", f["text"]: ""})
    assert r.status_code == 303
    assert _responses() == 1  # one answer per person and survey: the second replaced the first
    numbers = sorted(db.session.scalars(select(SurveyAnswer.number).where(SurveyAnswer.number.is_not(None))))
    assert numbers == [1, 5]


def test_someone_who_did_not_attend_cannot_answer(world, login_as):
    for who in ("learner", "outsider", "admin"):
        c = login_as(world[who])
        assert c.get(_url(world)).status_code == 403
        assert c.post(_url(world), data={"q1": "5"}).status_code == 403
    assert _responses() == 0


def test_an_attendee_removed_from_the_program_cannot_answer(world, login_as):
    db.session.execute(Membership.__table__.delete().where(Membership.user_id == world["participant"].id))
    db.session.commit()
    assert login_as(world["participant"]).get(_url(world)).status_code == 403


def test_the_evaluation_opens_when_the_session_ends(world, login_as):
    live = make_session(world["program"], starts_at=utcnow() - timedelta(minutes=20), status=SessionStatus.live,
                        started_at=utcnow() - timedelta(minutes=20))
    _attend(live, world["participant"])
    r = login_as(world["participant"]).get(f"/evaluations/session/{live.id}/end")
    assert r.status_code == 409 and "opens when the session ends" in r.text


def test_the_follow_up_opens_thirty_days_after(world, login_as):
    c = login_as(world["participant"])
    assert c.get(_url(world, "followup")).status_code == 409
    world["session"].ended_at = utcnow() - timedelta(days=31)
    db.session.commit()
    page = c.get(_url(world, "followup"))
    assert page.status_code == 200 and "have you changed your practice" in page.text
    assert c.get(_url(world, "nonsense")).status_code == 404


def test_a_missing_answer_keeps_what_was_typed(world, login_as):
    c = login_as(world["participant"])
    f = _fields(world["program"])
    r = c.post(_url(world), data={f["text"]: "The case on tapering was useful."})
    assert r.status_code == 400
    assert "Please answer this question." in r.text and "The case on tapering was useful." in r.text
    assert _responses() == 0


def test_free_text_goes_through_the_privacy_guard(world, login_as):
    c = login_as(world["participant"])
    f = _fields(world["program"])
    answer = {f["scale"]: "4", f["intent"]: "2", f["text"]: "Mrs Jane called me on 555-123-4567 about it."}
    r = c.post(_url(world), data=answer)
    assert r.status_code == 400 and "This may identify a patient" in r.text and "555-123-4567" in r.text
    assert _responses() == 0  # nothing stored while held

    # Saying why, for the findings the page showed, lets it through; the audit names kinds only.
    seen = "name:mrs jane\nphone:5551234567"
    r = c.post(_url(world), data={**answer, "privacy_seen": seen, "privacy_reason": "A colleague, not a patient."})
    assert r.status_code == 303 and _responses() == 1
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "evaluation.privacy_confirmed"))
    assert entry is not None and "555" not in entry.detail and "phone" in entry.detail

    # A finding the writer was not shown is held again, reason or not.
    r = c.post(_url(world), data={**answer, f["text"]: "Also Mr Bob Jones.", "privacy_seen": seen, "privacy_reason": "same"})
    assert r.status_code == 400
    stored = db.session.scalar(select(SurveyAnswer.text).where(SurveyAnswer.text != ""))
    assert stored == "Mrs Jane called me on 555-123-4567 about it."


def test_the_sweep_opens_surveys_and_mails_each_attendee_once(world, app):
    now = utcnow()
    assert sweep(now) == {"opened": 1, "mailed": 2}
    assert sorted(m["To"] for m in mail.outbox) == sorted([world["participant"].email, world["specialist"].email])
    assert f"/evaluations/session/{world['session'].id}/end" in mail.outbox[0].get_content()
    assert sweep(now) == {"opened": 0, "mailed": 0}           # again: nothing more
    assert sweep(now + timedelta(days=3)) == {"opened": 0, "mailed": 0}
    assert len(mail.outbox) == 2

    # Thirty days on, the follow-up: opened and mailed once, and the end survey is not mailed again.
    later = world["session"].ended_at + ev.FOLLOWUP_AFTER + timedelta(hours=1)
    assert sweep(later) == {"opened": 1, "mailed": 2}
    assert sweep(later) == {"opened": 0, "mailed": 0}
    assert sum("30-day follow-up" in m["Subject"] for m in mail.outbox) == 2
    assert db.session.scalar(select(func.count(SurveyInvite.id))) == 4


def test_the_sweep_does_not_mail_someone_who_already_answered(world, login_as):
    c = login_as(world["participant"])
    f = _fields(world["program"])
    c.post(_url(world), data={f["scale"]: "4", f["intent"]: "2"})
    assert sweep() == {"opened": 0, "mailed": 1}
    assert [m["To"] for m in mail.outbox] == [world["specialist"].email]


def test_the_daily_upkeep_and_the_command_run_the_sweep(world, app, runner):
    from echo.programs.upkeep import run_upkeep

    run_upkeep(app)
    assert len(mail.outbox) == 2
    result = runner.invoke(args=["evaluations", "sweep"])
    assert result.exit_code == 0 and "0 survey(s) opened, 0 invitation(s) mailed" in result.output


def test_response_rates_and_a_reminder_once_a_day(world, login_as):
    f = _fields(world["program"])
    login_as(world["participant"]).post(_url(world), data={f["scale"]: "5", f["intent"]: "2"})
    coord = login_as(world["coordinator"])
    page = coord.get(f"/evaluations/program/{world['program'].id}")
    assert page.status_code == 200
    assert "1 of 2" in page.text and "50%" in page.text and "below target" in page.text and "80%" in page.text

    survey = db.session.scalar(select(Survey))
    mail.outbox.clear()
    r = coord.post(f"/evaluations/survey/{survey.id}/remind", follow_redirects=True)
    assert "Reminder sent to 1 person" in r.text
    assert [m["To"] for m in mail.outbox] == [world["specialist"].email] and mail.outbox[0]["Subject"].startswith("Reminder:")
    r = coord.post(f"/evaluations/survey/{survey.id}/remind", follow_redirects=True)
    assert "less than a day ago" in r.text and len(mail.outbox) == 1  # refused: nothing sent

    # A day later a reminder may go again; once everyone answered, the rate meets the target.
    survey.reminded_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    login_as(world["specialist"]).post(_url(world), data={f["scale"]: "3", f["intent"]: "0"})
    page = coord.get(f"/evaluations/program/{world['program'].id}")
    assert "2 of 2" in page.text and "target met" in page.text
    results = coord.get(f"/evaluations/survey/{survey.id}")
    assert results.status_code == 200 and "Average: <strong>4.0</strong>" in results.text
    assert login_as(world["participant"]).get(f"/evaluations/survey/{survey.id}").status_code == 403


def test_a_coordinator_edits_the_questions(world, login_as):
    coord = login_as(world["coordinator"])
    pid = world["program"].id
    assert coord.get(f"/evaluations/program/{pid}/questions").status_code == 200
    r = coord.post(f"/evaluations/program/{pid}/questions", data={"survey": "end", "kind": "scale", "prompt": ""})
    assert r.status_code == 400 and "Write the question." in r.text
    r = coord.post(f"/evaluations/program/{pid}/questions",
                   data={"survey": "end", "kind": "scale", "prompt": "How useful was the didactic?", "required": "y"})
    assert r.status_code == 303
    text_q = db.session.scalar(select(EvaluationQuestion).where(EvaluationQuestion.kind == "text", EvaluationQuestion.survey == "end"))
    assert coord.post(f"/evaluations/program/{pid}/questions/{text_q.id}/remove").status_code == 303
    form = login_as(world["participant"]).get(_url(world)).text
    assert "How useful was the didactic?" in form and text_q.prompt not in form
    assert login_as(world["specialist"]).get(f"/evaluations/program/{pid}/questions").status_code == 403


def test_the_home_page_links_an_open_evaluation(world, login_as):
    home = login_as(world["participant"]).get("/home")
    assert f"/evaluations/session/{world['session'].id}/end" in home.text
    assert f"/evaluations/session/{world['session'].id}/end" not in login_as(world["learner"]).get("/home").text


def test_the_session_page_links_the_evaluation_for_attendees(world, login_as):
    path = f"/sessions/{world['session'].id}"
    link = f"/evaluations/session/{world['session'].id}/end"
    assert link in login_as(world["participant"]).get(path).text
    assert link not in login_as(world["learner"]).get(path).text
