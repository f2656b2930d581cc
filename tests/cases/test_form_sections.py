"""The case form in sections: every input in one section under a heading, a table of contents
of in-page links with done, privacy and error marks (all of it without JavaScript), and the
privacy panel linking to the field wherever it is."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from echo.cases.forms import INPUTS
from echo.cases.operations import REQUIRED_TO_SUBMIT
from echo.cases.sections import SECTIONS
from tests.factories import make_clean_case
from tests.helpers import CASE_FORM


class _Page(HTMLParser):
    """Which section each input sits in, the section headings and the table of contents."""

    def __init__(self) -> None:
        super().__init__()
        self.section: str | None = None
        self.placed: dict[str, str] = {}
        self.invalid: list[str] = []
        self.headings: list[str] = []
        self.toc: list[dict] = []
        self._in_heading = self._in_toc = False
        self._hidden_mark: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "fieldset" and "case-section" in (a.get("class") or ""):
            self.section = a["data-section"]
        elif tag in ("input", "select", "textarea") and self.section and a.get("type") != "hidden":
            self.placed[a["id"]] = self.section
            if a.get("aria-invalid") == "true":
                self.invalid.append(a["id"])
        elif tag == "h2" and "section-heading" in (a.get("class") or ""):
            self._in_heading = True
            self.headings.append("")
        elif tag == "nav" and a.get("id") == "case-toc":
            self._in_toc = True
        elif self._in_toc and tag == "li":
            self.toc.append({"key": a["data-section"], "href": None, "marks": []})
        elif self._in_toc and tag == "a":
            self.toc[-1]["href"] = a["href"]
        elif self._in_toc and tag == "span" and "mark" in (a.get("class") or "") and "hidden" not in a:
            self.toc[-1]["marks"].append(a["class"].split()[-1])

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self.section = None
        elif tag == "h2":
            self._in_heading = False
        elif tag == "nav":
            self._in_toc = False

    def handle_data(self, data):
        if self._in_heading:
            self.headings[-1] += data


def _parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    return p


def test_every_input_is_in_exactly_one_section_and_required_ones_are_named():
    placed = [name for s in SECTIONS for name in s.inputs]
    assert sorted(placed) == sorted(INPUTS)  # none lost, none twice
    required = {name for s in SECTIONS for name in s.required}
    assert required == {"age" if n == "age_band" else n for n in REQUIRED_TO_SUBMIT}


def test_the_form_is_in_sections_with_a_table_of_contents(people, login_as):
    c = login_as(people.participant)
    r = c.get(f"/cases/program/{people.program.id}/new")
    assert r.status_code == 200
    page = _parse(r.text)
    assert page.headings == [s.heading for s in SECTIONS]
    assert page.placed == {name: s.key for s in SECTIONS for name in s.inputs}
    # The table of contents links to each section, in order; nothing is done on a blank form.
    assert [(t["key"], t["href"]) for t in page.toc] == [(s.key, f"#section-{s.key}") for s in SECTIONS]
    assert all(t["marks"] == [] for t in page.toc)
    # The phone's Back / Next are for the script; without it they are not shown.
    assert '<div class="section-nav" id="section-nav" hidden>' in r.text
    assert re.search(r"js/case-sections\.[0-9a-f]{12}\.js", r.text)  # content-hashed name


def test_done_and_privacy_marks_follow_what_is_filled_and_found(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, title="Low mood", age_band="40-49", sex="female",
                     chief_concern="", questions="", social_factors="Lives at 12 Oak Street with her sister.")
    c = login_as(author)
    r = c.get(f"/cases/{case.id}/edit")
    marks = {t["key"]: t["marks"] for t in _parse(r.text).toc}
    assert marks["patient"] == ["mark-done"]           # title, age and sex given
    assert marks["presentation"] == []                 # no chief concern yet
    assert marks["question"] == []
    assert marks["social"] == ["mark-done", "mark-finding"]  # filled, and holds an address
    assert marks["narrative"] == ["mark-done"]         # optional inputs, something written
    # The privacy panel leads to the field holding the finding, whichever section it is in.
    assert 'href="#social_factors" class="show-finding"' in r.text
    assert 'id="social_factors"' in r.text


def test_a_refused_submission_marks_the_section_still_to_do(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, questions="")
    c = login_as(author)
    r = c.post(f"/cases/{case.id}/edit", data={**CASE_FORM, "questions": "", "version": "1", "action": "submit"})
    assert r.status_code == 400
    page = _parse(r.text)
    marks = {t["key"]: t["marks"] for t in page.toc}
    assert marks["question"] == ["mark-invalid"] and marks["patient"] == ["mark-done"]
    # The error sits beside the input, inside its section (the script opens the section from it).
    assert page.invalid == ["questions"] and page.placed["questions"] == "question"
