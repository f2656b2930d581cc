"""Every form control on every main page has a label (WCAG 1.3.1 / 4.1.2), each page has one
h1 and a language, and images have alt text: checked on the rendered HTML, per role."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from echo.cases.models import CaseState
from tests.factories import make_case, make_session


class Audit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.h1 = 0
        self.lang = None
        self.images_without_alt = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag == "img" and "alt" not in a:
            self.images_without_alt += 1
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and a.get("type") in ("hidden", "submit", "button", "reset", "image"):
                return
            self.controls.append({"tag": tag, "id": a.get("id"), "name": a.get("name"), "wrapped": self.label_depth > 0,
                                  "aria": a.get("aria-label") or a.get("aria-labelledby") or a.get("title")})

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)

    def unlabelled(self) -> list[dict]:
        return [c for c in self.controls if not (c["wrapped"] or c["aria"] or (c["id"] and c["id"] in self.label_for))]


def pages(p, session, case, presented) -> dict[str, list[str]]:
    prog = p["program"].id
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


ANONYMOUS = ["/", "/auth/login", "/auth/signup", "/auth/forgot"]


def check(html: str, path: str) -> int:
    """Asserts the rules on one page; returns how many labelled controls it has."""
    a = Audit()
    a.feed(html)
    assert a.lang == "en", path
    assert a.h1 == 1, f"{path}: {a.h1} h1 elements"
    assert a.images_without_alt == 0, path
    assert not a.unlabelled(), f"{path}: controls without a label: {a.unlabelled()}"
    return len(a.controls)


@pytest.mark.parametrize("role", ["coordinator", "participant", "specialist", "learner", "admin"])
def test_pages_have_labels_headings_and_language(people, login_as, role):
    session = make_session(people["program"])
    draft = make_case(people["program"], people["participant"])
    presented = make_case(people["program"], people["participant"], CaseState.presented, session, agenda_position=1)
    c = login_as(people[role])
    controls = {}
    for path in pages(people, session, draft, presented)[role]:
        resp = c.get(path)
        assert resp.status_code == 200, f"{role} {path}: {resp.status_code}"
        controls[path] = check(resp.get_data(as_text=True), path)
    if role == "participant":
        # The case form is the biggest form a person fills in: all its fields were checked.
        assert controls[f"/cases/{draft.id}/edit"] >= 15


def test_public_pages_have_labels(client):
    controls = {}
    for path in ANONYMOUS:
        resp = client.get(path)
        assert resp.status_code == 200, path
        controls[path] = check(resp.get_data(as_text=True), path)
    assert controls["/auth/signup"] >= 8
