"""A NUL character in what a user sends is dropped on the way in (echo/core/request.py): PostgreSQL
refuses NUL in text, SQLite stores it, and a case form with one pasted into it was a 500 on
PostgreSQL with the typed text lost. Every test runs on both databases (live posts:
tests/live/test_events.py)."""
from __future__ import annotations

from sqlalchemy import select

from echo.cases.models import Case, CaseState
from echo.core.extensions import db
from tests.factories import make_clean_case
from tests.helpers import post_new_case


def test_a_case_form_with_a_nul_character_saves_without_it(people, login_as):
    c = login_as(people.participant)
    r = post_new_case(c, people.program, narrative="Fatigue\x00 for three months", action="save")
    assert r.status_code == 303
    case = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    assert case.narrative == "Fatigue for three months"


def test_an_autosave_with_a_nul_character_saves_without_it(people, login_as):
    case = make_clean_case(people.program, people.participant, state=CaseState.draft)
    r = login_as(people.participant).post(f"/cases/{case.id}/autosave",
                                              json={"version": 1, "fields": {"narrative": "Poor\x00 sleep since spring"}})
    assert r.status_code == 200, r.get_data(as_text=True)
    db.session.refresh(case)
    assert case.narrative == "Poor sleep since spring"


def test_a_search_with_a_nul_character_searches_without_it(people, login_as):
    r = login_as(people.participant).get("/library/?q=hepa%00titis")
    assert r.status_code == 200
    assert 'value="hepatitis"' in r.get_data(as_text=True)
