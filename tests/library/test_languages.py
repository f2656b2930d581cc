"""The library's pages in Spanish and French: headings, facet labels, counts and messages in
the reader's language; the case text itself is never translated."""
from __future__ import annotations

import pytest

from echo.core.extensions import db
from tests.factories import published_case


@pytest.fixture
def lib(people):
    case = published_case(people.program, people.participant, people.coordinator, title="Insomnia and low mood",
                          chief_concern="Poor sleep", tags=["sleep"], phq9=14,
                          recs=[("hub", "behavioural", "CBT-I through the telehealth program.")])
    return {"case": case, **vars(people)}


def _as(login_as, user, language):
    user.language = language
    db.session.commit()
    return login_as(user)


def test_search_page_in_spanish(lib, login_as):
    page = _as(login_as, lib["learner"], "es").get("/library/?q=sleep").text
    assert "<h1>Biblioteca de casos</h1>" in page
    assert "1 caso para «sleep»" in page
    assert ">Etiqueta</h3>" in page and ">Categoría de la recomendación</h3>" in page and ">Conductual</a>" in page
    assert "Insomnia and low mood" in page  # data stays as written
    page = _as(login_as, lib["learner"], "es").get("/library/?q=zzzz").text
    assert "0 casos para «zzzz»" in page and "Ningún caso publicado coincide." in page


def test_search_page_in_french(lib, login_as):
    page = _as(login_as, lib["learner"], "fr").get("/library/?tag=sleep").text
    assert "Bibliothèque de cas" in page and "Afficher les filtres (1 sélectionné)" in page
    assert "Trier :" in page and "plus récents" in page


def test_case_page_in_french(lib, login_as):
    page = _as(login_as, lib["learner"], "fr").get(f"/library/cases/{lib['case'].id}").text
    assert ">Motif de consultation</h3>" in page and "Poor sleep" in page
    assert "Question pour le panel" in page or "Questions pour le panel" in page
    assert ">Comportemental</h3>" in page and "Enregistrer dans ma liste" in page


def test_messages_in_spanish(lib, login_as):
    c = _as(login_as, lib["learner"], "es")
    r = c.post(f"/library/cases/{lib['case'].id}/save", follow_redirects=True)
    assert "Guardado en su lista." in r.text
    r = c.post(f"/library/cases/{lib['case'].id}/unsave", follow_redirects=True)
    assert "Quitado de su lista." in r.text and "Todavía no ha guardado ningún caso." in r.text


def test_english_is_unchanged(lib, login_as):
    page = _as(login_as, lib["learner"], None).get("/library/?q=sleep").text
    assert "<h1>Case library</h1>" in page and "1 case for “sleep”" in page and ">Behavioural</a>" in page
    page = login_as(lib["learner"]).get(f"/library/cases/{lib['case'].id}").text
    assert ">Chief concern</h3>" in page and "Save to my list" in page
