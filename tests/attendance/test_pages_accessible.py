"""The attendance and disclosure pages: labels, one h1, a language (tests.helpers.check_accessible),
with their forms showing, and in Spanish and French."""
from __future__ import annotations

from datetime import timedelta

from echo.core.types import utcnow
from echo.programs.clinic_session import SessionStatus
from tests.factories import make_session
from tests.helpers import check_accessible


def test_pages_are_accessible(people, login_as):
    s = make_session(people.program, starts_at=utcnow() - timedelta(minutes=20), status=SessionStatus.live,
                     started_at=utcnow() - timedelta(minutes=20))
    c = login_as(people.coordinator)
    c.post(f"/attendance/sessions/{s.id}/code")
    for path in (f"/attendance/sessions/{s.id}/edits", f"/attendance/sessions/{s.id}/code", "/attendance/claim",
                 f"/disclosures/program/{people.program.id}/mine", f"/disclosures/program/{people.program.id}",
                 f"/sessions/{s.id}/attendance", f"/sessions/{s.id}"):
        resp = c.get(path)
        assert resp.status_code == 200, path
        check_accessible(resp.get_data(as_text=True), path)
    # A form refused keeps its labels and errors accessible too.
    resp = c.post(f"/attendance/sessions/{s.id}/edits", data={"attendee": str(people.participant.id), "minutes": "5"})
    assert resp.status_code == 400
    check_accessible(resp.get_data(as_text=True), "edits (refused)")


def test_pages_speak_spanish_and_french(people, login_as):
    s = make_session(people.program)
    c = login_as(people.coordinator)
    es = c.get(f"/sessions/{s.id}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Declaraciones de conflictos de interés" in es
    fr = c.get("/attendance/claim", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Enregistrer ma présence par téléphone" in fr
