"""The written summary in each reader's language: the pages in the reader's, and what goes to
the presenter (the pre-filled text, the notice, the mail) in the presenter's: their own
setting, else their program's."""
from __future__ import annotations

import html as htmllib

import pytest
from sqlalchemy import select

from echo.accounts.models import Notification
from echo.cases.models import CaseState
from echo.core import mail
from echo.core.extensions import db
from echo.live.models import Recommendation
from tests.factories import make_case, make_session, soon


@pytest.fixture
def presented(people):
    """A presented case of the participant, with one consensus recommendation (medication)."""
    session = make_session(people.program, starts_at=soon())
    case = make_case(people.program, people.participant, CaseState.presented, session, agenda_position=1)
    db.session.add(Recommendation(case_id=case.id, session_id=session.id, author_id=people.specialist.id, source="hub",
                                  category="medication", text="Switch to venlafaxine.", consensus=True))
    db.session.commit()
    return case


def speaks(user, language: str | None) -> None:
    user.language = language
    db.session.commit()


def page(client, url: str) -> str:
    return htmllib.unescape(client.get(url).get_data(as_text=True))


def test_summary_in_spanish_for_a_spanish_presenter(people, presented, login_as):
    case = presented
    speaks(people.participant, "es")
    coord = login_as(people.coordinator)  # English
    html = page(coord, f"/live/cases/{case.id}/summary")
    # The page in the coordinator's language; the text they write for the presenter starts in the presenter's.
    assert "Summary for the presenter" in html and "Send to the presenter" in html
    assert "## Recomendaciones del panel" in html and "### Medicación" in html and "- Switch to venlafaxine." in html
    mail.outbox.clear()
    r = coord.post(f"/live/cases/{case.id}/summary", data={"text": "## Consejo\n\n- Cambiar a venlafaxina.",
                                                         "follow_up": "Presentar de nuevo en 8 semanas.", "action": "send"})
    assert r.status_code == 302
    sent = mail.outbox[-1]
    assert sent["To"] == people.participant.email and sent["Subject"] == f"Resumen ECHO de su caso n.º {case.id}"
    body = sent.get_content()
    assert f"A continuación está el resumen escrito del panel para su caso n.º {case.id}" in body
    assert "Seguimiento:\nPresentar de nuevo en 8 semanas." in body and "Follow-up" not in body
    note = db.session.scalar(select(Notification).where(Notification.user_id == people.participant.id))
    assert note.message == f"El resumen escrito del panel para su caso n.º {case.id} está listo."
    # The presenter reads the print view in Spanish.
    html = page(login_as(people.participant), f"/live/cases/{case.id}/summary/print")
    for words in ('<html lang="es">', "Resumen de la conferencia de casos ECHO", f"Caso n.º {case.id}: ",
                  "Pregunta para el panel", "<h2>Seguimiento</h2>", "enviado el ", "el médico tratante sigue siendo responsable"):
        assert words in html, words
    assert "Question for the panel" not in html


def test_compose_page_in_spanish_and_its_errors(people, presented, login_as):
    case = presented
    speaks(people.coordinator, "es")
    coord = login_as(people.coordinator)
    html = page(coord, f"/live/cases/{case.id}/summary")
    assert f"Resumen del caso n.º {case.id}" in html and "Resumen para quien presentó el caso" in html
    assert "Guardar el borrador" in html and "## Recommendations of the panel" in html  # an English presenter's text
    r = coord.post(f"/live/cases/{case.id}/summary", data={"text": "", "action": "save"})
    assert r.status_code == 400 and "Redacte el resumen antes de guardarlo." in r.get_data(as_text=True)
    r = coord.post(f"/live/cases/{case.id}/summary", data={"text": "Llamar al 505-555-0142.", "action": "save"})
    body = htmllib.unescape(r.get_data(as_text=True))
    assert r.status_code == 400 and "El resumen podría identificar al paciente." in body and "Posibles identificadores" in body
    r = coord.post(f"/live/cases/{case.id}/summary", data={"text": "Cambiar a venlafaxina.", "action": "save"})
    assert "Resumen guardado (todavía no enviado)." in coord.get(r.headers["Location"]).get_data(as_text=True)


def test_mail_in_the_programs_language_when_the_presenter_has_none(people, presented, login_as):
    case = presented
    people.program.language = "fr"
    db.session.commit()
    speaks(people.participant, None)
    mail.outbox.clear()
    r = login_as(people.coordinator).post(f"/live/cases/{case.id}/summary", data={"text": "Switch to venlafaxine.", "action": "send"})
    assert r.status_code == 302
    assert mail.outbox[-1]["Subject"] == f"Synthèse ECHO de votre cas nº {case.id}"
    assert "Suivi :\n-" in mail.outbox[-1].get_content()
