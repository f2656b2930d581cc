"""Every form control on every main page has a label (WCAG 1.3.1 / 4.1.2), each page has one
h1 and a language, and images have alt text: checked on the rendered HTML, per role."""
from __future__ import annotations

import pytest

from echo.cases.models import CaseState
from tests.factories import make_case, make_session
from tests.helpers import check_accessible


def pages(p, session, case, presented) -> dict[str, list[str]]:
    prog = p.program.id
    common = ["/home", "/programs", f"/programs/{prog}", f"/sessions/{session.id}", "/library/", "/library/?q=mood",
              "/notifications", "/auth/profile", f"/sessions/{session.id}/live"]
    return {
        "coordinator": common + ["/programs/new", f"/programs/{prog}/edit", f"/programs/{prog}/members",
                                 f"/cases/program/{prog}/queue", f"/cases/{presented.id}", f"/cases/program/{prog}/audit",
                                 f"/live/cases/{presented.id}/summary", f"/sessions/{session.id}/attendance", "/library/publish"],
        "participant": common + [f"/cases/program/{prog}/new", f"/cases/{case.id}", f"/cases/{case.id}/edit", "/cases/"],
        "specialist": common,
        "learner": common + ["/library/saved"],
        "admin": ["/admin/users", "/admin/programs"],
    }


ANONYMOUS = ["/", "/auth/login", "/auth/signup", "/auth/forgot", "/auth/confirm"]


@pytest.mark.parametrize("role", ["coordinator", "participant", "specialist", "learner", "admin"])
def test_pages_have_labels_headings_and_language(people, login_as, role):
    session = make_session(people.program)
    draft = make_case(people.program, people.participant)
    presented = make_case(people.program, people.participant, CaseState.presented, session, agenda_position=1)
    c = login_as(people.user(role))
    controls = {}
    for path in pages(people, session, draft, presented)[role]:
        resp = c.get(path)
        assert resp.status_code == 200, f"{role} {path}: {resp.status_code}"
        controls[path] = check_accessible(resp.get_data(as_text=True), path)
    if role == "participant":
        # The case form is the biggest form a person fills in: all its fields were checked.
        assert controls[f"/cases/{draft.id}/edit"] >= 15


def test_public_pages_have_labels(client):
    controls = {}
    for path in ANONYMOUS:
        resp = client.get(path)
        assert resp.status_code == 200, path
        controls[path] = check_accessible(resp.get_data(as_text=True), path)
    assert controls["/auth/signup"] >= 8
