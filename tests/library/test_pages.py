"""Library pages: search page, shareable URLs, case page, saved list, publishing pages, access."""
from __future__ import annotations

import re
from html import unescape

from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.library import publish as lib
from echo.library.models import SavedCase
from echo.programs.models import Role, Visibility
from tests.factories import (
    add_member,
    make_case,
    make_program,
    make_user,
    published_case,
    summarised_case,
)


def _links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


def test_library_needs_login(client, people):
    r = client.get("/library/")
    assert r.status_code == 302 and "/auth/login" in r.headers["Location"]
    r = client.get("/api/v1/library/search")
    assert r.status_code == 401 and r.is_json


def test_search_page_with_facets_and_shareable_urls(people, login_as):
    p = people
    a = published_case(p.program, p.participant, p.coordinator, title="Alcohol and low mood", tags=["alcohol", "depression"])
    b = published_case(p.program, p.participant, p.coordinator, title="Insomnia", tags=["sleep"],
                       recs=[("hub", "medication", "Consider bupropion in the morning.")])
    c = login_as(p.learner)
    html = c.get("/library/?q=bupropion").text
    assert "2 cases" in html and "<mark>bupropion</mark>" in html.lower()
    assert 'value="bupropion"' in html
    links = _links(html)
    tag_link = next(h for h in links if "tag=sleep" in h)
    assert "q=bupropion" in tag_link  # a facet link keeps the query
    narrowed = c.get(tag_link).text
    assert "1 case " in narrowed or "1 case<" in narrowed or ">1 case" in narrowed
    assert f"/library/cases/{b.id}" in narrowed and f"/library/cases/{a.id}" not in narrowed
    assert 'aria-current="true"' in narrowed  # the chosen filter is marked
    # The same URL gives the same page to someone else (shareable).
    other = login_as(p.specialist).get(tag_link).text
    assert f"/library/cases/{b.id}" in other and f"/library/cases/{a.id}" not in other
    # Removing the filter (the same link, toggled) keeps the query.
    untoggle = next(h for h in _links(narrowed) if "q=bupropion" in h and "tag=" not in h and "sort=" not in h)
    assert f"/library/cases/{a.id}" in c.get(untoggle).text


def test_sort_and_pagination_links(people, login_as):
    p = people
    for k in range(23):
        published_case(p.program, p.participant, p.coordinator, title=f"Case number {k}")
    c = login_as(p.learner)
    html = c.get("/library/?q=patient&sort=newest").text
    assert "23 cases" in html and "Page 1 of 2" in html
    nxt = next(h for h in _links(html) if "page=2" in h)
    assert "sort=newest" in nxt and "q=patient" in nxt
    html2 = c.get(nxt).text
    assert "Page 2 of 2" in html2 and "Case number 0<" in html2


def test_case_page_shows_the_entry(people, login_as):
    p = people
    parent = published_case(p.program, p.participant, p.coordinator, title="First visit", tags=["depression"])
    case = published_case(p.program, p.participant, p.coordinator, title="Second visit", parent_id=parent.id,
                          tags=["depression"], phq9=14,
                          recs=[("hub", "medication", "Raise sertraline to 150 mg."), ("spoke", "behavioural", "Walking group.")],
                          summary="Raise the dose; **review** in 4 weeks.", follow_up="Present again in 6 weeks.")
    lib.write_document(parent)  # the parent's entry now lists its follow-up
    db.session.commit()
    html = login_as(p.learner).get(f"/library/cases/{case.id}").text
    assert "Second visit" in html and "PHQ-9" in html and "Chief concern" in html
    assert re.search(r"Medication</h3>.*Hub.*Raise sertraline", html, re.DOTALL)
    assert re.search(r"Behavioural</h3>.*Spoke.*Walking group", html, re.DOTALL)
    assert "<strong>review</strong>" in html  # summary Markdown rendered
    assert "Present again in 6 weeks." in html
    assert f"/library/cases/{parent.id}" in html  # timeline: earlier presentation; related: same tag
    assert p.participant.name not in html  # not named
    parent_html = login_as(p.learner).get(f"/library/cases/{parent.id}").text
    assert "Follow-up presentation" in parent_html and f"/library/cases/{case.id}" in parent_html


def test_presenter_named_on_page_when_agreed(people, login_as):
    case = published_case(people.program, people.participant, people.coordinator, presenter_named=True)
    assert f"presented by {people.participant.name}" in login_as(people.learner).get(f"/library/cases/{case.id}").text


def test_save_and_unsave(people, login_as):
    case = published_case(people.program, people.participant, people.coordinator)
    c = login_as(people.learner)
    r = c.post(f"/library/cases/{case.id}/save")
    assert r.status_code == 302
    c.post(f"/library/cases/{case.id}/save")  # twice is still once
    assert db.session.query(SavedCase).filter_by(user_id=people.learner.id).count() == 1
    assert "In your list" in c.get(f"/library/cases/{case.id}").text
    assert "Persistent low mood" in c.get("/library/saved").text
    c.post(f"/library/cases/{case.id}/unsave")
    assert "not saved any cases" in c.get("/library/saved").text
    assert c.post(f"/library/cases/{case.id}/unsave").status_code == 404


def test_access_to_case_pages(people, login_as):
    coord = make_user("Closed Coordinator")
    closed = make_program(coord, visibility=Visibility.invite_only)
    member = make_user("Closed Member")
    add_member(closed, member, Role.learner)
    secret = published_case(closed, coord, coord, title="Closed program case")
    draft = make_case(people.program, people.participant, CaseState.draft)
    summarised = summarised_case(people.program, people.participant)
    outsider = login_as(people.outsider)
    assert outsider.get(f"/library/cases/{secret.id}").status_code == 403
    assert outsider.post(f"/library/cases/{secret.id}/save").status_code == 403
    assert outsider.get(f"/api/v1/library/cases/{secret.id}").status_code == 403
    assert "Closed program case" not in outsider.get("/library/").text
    assert login_as(member).get(f"/library/cases/{secret.id}").status_code == 200
    for cid in (draft.id, summarised.id, 999999):
        assert outsider.get(f"/library/cases/{cid}").status_code == 404
        assert login_as(people.coordinator).get(f"/api/v1/library/cases/{cid}").status_code == 404


def test_publish_pages(people, login_as):
    p = people
    ready = summarised_case(p.program, p.participant, title="Ready to go")
    leaky = summarised_case(p.program, p.participant, title="Leaky", recs=[("hub", "referral", "Call 505-555-0142.")])
    coord = login_as(p.coordinator)
    html = coord.get("/library/publish").text
    assert "Ready to go" in html and "Leaky" in html
    assert "No unresolved findings" in coord.get(f"/library/publish/{ready.id}").text
    page = coord.get(f"/library/publish/{leaky.id}").text
    assert "505-555-0142" in page and "must be fixed or dismissed" in page
    r = coord.post(f"/library/publish/{leaky.id}")
    assert r.status_code == 400 and "Publishing refused" in r.text
    r = coord.post(f"/library/publish/{ready.id}")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/library/cases/{ready.id}")
    assert "Ready to go" in coord.get("/library/?q=ready").text
    for role in ("learner", "participant", "specialist", "outsider"):
        u = login_as(p.user(role))
        assert u.get("/library/publish").status_code == 403
        assert u.get(f"/library/publish/{leaky.id}").status_code == 403
        assert u.post(f"/library/publish/{leaky.id}").status_code == 403
        assert u.post(f"/library/publish/{ready.id}/unpublish").status_code == 403
    r = coord.post(f"/library/publish/{ready.id}/unpublish")
    assert r.status_code == 302
    assert coord.get(f"/library/cases/{ready.id}").status_code == 404
    assert coord.post(f"/library/publish/{ready.id}/unpublish").status_code == 409
