"""Evaluations in Spanish and French: the pages in the reader's language, the mail in the
recipient's (their own, else the program's, else English), the default questions in the
program's language; English stays as it was."""
from __future__ import annotations

from datetime import timedelta

import pytest

from echo.core import mail
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.evaluations import operations as ev
from echo.evaluations.models import SurveyKind
from echo.evaluations.sweep import sweep
from echo.live.models import PresenceInterval
from echo.programs.clinic_session import SessionStatus
from tests.factories import make_session


@pytest.fixture
def world(people):
    now = utcnow()
    s = make_session(people.program, starts_at=now - timedelta(hours=2), status=SessionStatus.ended,
                     started_at=now - timedelta(hours=2), ended_at=now - timedelta(hours=1))
    for u in (people.participant, people.specialist):
        db.session.add(PresenceInterval(session_id=s.id, user_id=u.id, sid=f"t-{u.id}",
                                        joined_at=s.starts_at, left_at=s.starts_at + timedelta(minutes=50)))
    db.session.commit()
    mail.outbox.clear()
    return {**vars(people), "session": s}


def _mail_to(user):
    (m,) = [m for m in mail.outbox if m["To"] == user.email]
    return m["Subject"], m.get_content()


def test_each_attendee_is_mailed_in_their_language_else_the_programs(world, app):
    program, session = world["program"], world["session"]
    program.language = "fr"
    world["participant"].language = "es"      # their own choice wins
    world["specialist"].language = None       # no choice: the program's language
    db.session.commit()
    assert sweep() == {"opened": 1, "mailed": 2}
    subject, body = _mail_to(world["participant"])
    assert subject.startswith(f"{program.name}: la evaluación de la sesión del ")
    assert "Gracias por asistir a la sesión de" in body and "Responda la evaluación" in body
    assert f"/evaluations/session/{session.id}/end" in body
    subject, body = _mail_to(world["specialist"])
    assert subject.startswith(f"{program.name} : l'évaluation de la séance du ")
    assert "Merci d'avoir assisté" in body


def test_english_mail_is_unchanged(world, app):
    sweep()
    subject, body = _mail_to(world["participant"])
    day = world["session"].starts_at
    assert subject == f"{world['program'].name}: the evaluation of the session of {day:%d %b %Y}"
    assert body.startswith(f"Thank you for attending the {world['program'].name} session of {day:%d %B %Y}.\n\n"
                           "Please answer the evaluation; it takes a minute")


def test_a_reminder_in_spanish_names_the_month_in_spanish(world, app):
    world["program"].language = "es"
    db.session.commit()
    survey = ev.do_open_survey(world["session"], SurveyKind.followup)
    db.session.commit()
    session = world["session"]
    session.starts_at = session.starts_at.replace(month=3, day=5)
    ev.notify_survey(survey, [world["participant"]], reminder=True)
    subject, body = _mail_to(world["participant"])
    assert subject.startswith("Recordatorio: ") and "encuesta de seguimiento a 30 días" in subject
    assert "5 mar" in subject and "5 de marzo de" in body


def test_default_questions_are_written_in_the_programs_language(world, app):
    world["program"].language = "es"
    db.session.commit()
    ev.do_seed_questions(world["program"])
    db.session.commit()
    prompts = [q.prompt for q in ev.questions(world["program"], SurveyKind.end)]
    assert prompts[0] == "En general, ¿qué tan satisfecho/a quedó con esta sesión?"
    # Seeded once as the program's own text: switching the page language does not change them.
    assert all("session" not in p for p in prompts)


def test_default_questions_stay_english_for_an_english_program(world, login_as):
    page = login_as(world["participant"]).get(f"/evaluations/session/{world['session'].id}/end")
    assert "Overall, how satisfied were you with this session?" in page.text


def test_the_survey_page_in_french(world, login_as):
    world["participant"].language = "fr"
    db.session.commit()
    page = login_as(world["participant"]).get(f"/evaluations/session/{world['session'].id}/end")
    assert page.status_code == 200
    assert "Évaluation : Fin de séance" in page.text and "Envoyer mes réponses" in page.text
    assert "5 : excellente" in page.text and "Peut-être" in page.text


def test_coordinator_pages_in_spanish(world, login_as):
    world["coordinator"].language = "es"
    db.session.commit()
    c = login_as(world["coordinator"])
    page = c.get(f"/evaluations/program/{world['program'].id}/questions")
    assert "Preguntas de evaluación" in page.text and "Agregar la pregunta" in page.text
    assert "Fin de la sesión" in page.text and "Puntuación de 1 a 5" in page.text
    r = c.post(f"/evaluations/program/{world['program'].id}/questions", data={"survey": "end", "kind": "text", "prompt": ""})
    assert r.status_code == 400 and "Escriba la pregunta." in r.text
    page = c.get(f"/evaluations/program/{world['program'].id}")
    assert "Los financiadores piden respuestas de al menos el <strong>80 %</strong>" in page.text


def test_results_in_french_use_the_decimal_comma(world, login_as):
    survey = ev.do_open_survey(world["session"], SurveyKind.end)
    scale = next(q for q in ev.questions(world["program"], SurveyKind.end) if q.kind.value == "scale")
    ev.do_answer(survey, world["participant"], {scale.id: 4})
    ev.do_answer(survey, world["specialist"], {scale.id: 5})
    world["coordinator"].language = "fr"
    db.session.commit()
    page = login_as(world["coordinator"]).get(f"/evaluations/survey/{survey.id}")
    assert "Moyenne : <strong>4,5</strong> sur 5 (2 réponses)" in page.text
    world["coordinator"].language = "en"
    db.session.commit()
    page = login_as(world["coordinator"]).get(f"/evaluations/survey/{survey.id}")
    assert "Average: <strong>4.5</strong> of 5 (2 answers)" in page.text
