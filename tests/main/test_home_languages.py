"""The home page and the notifications in the reader's language: counts take the right plural,
case titles stay as written, and a new notice is marked new in that language."""
from __future__ import annotations

from echo.accounts.models import Notification
from echo.cases.models import CaseState
from echo.core.extensions import db
from tests.factories import make_case


def test_cases_to_review_are_counted_in_each_language(people, login_as):
    make_case(people.program, people.participant, CaseState.submitted, title="Low mood")
    c = login_as(people.coordinator)

    def todo(lang: str) -> str:
        return c.get("/home", headers={"Accept-Language": lang}).get_data(as_text=True)

    assert "1 case to review</a>" in todo("en")
    assert "1 caso por revisar</a>" in todo("es")
    make_case(people.program, people.participant, CaseState.submitted, title="Poor sleep")
    assert "2 cases to review</a>" in todo("en")
    assert "2 casos por revisar</a>" in todo("es")
    assert "2 cas à examiner</a>" in todo("fr")
    assert "<h1>Bienvenue, Carmen Coordinator</h1>" in todo("fr")


def test_a_returned_case_keeps_its_title_in_the_sentence(people, login_as):
    case = make_case(people.program, people.participant, CaseState.returned, title="Tremor & lithium")
    html = login_as(people.participant).get("/home", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    # The title is the author's text: escaped, not translated.
    assert f"Le cas nº {case.id} : Tremor &amp; lithium a été renvoyé" in html


def test_new_notices_are_marked_new_in_the_reader_language(people, login_as):
    db.session.add(Notification(user_id=people.participant.id, kind="test", message="Case #1 was accepted."))
    db.session.commit()
    c = login_as(people.participant)
    home = c.get("/home", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'aria-label="1 non lue"' in home
    page = c.get("/notifications", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "<strong>Nouveau :</strong> Case #1 was accepted." in page
    assert "Rien pour l’instant." not in page
