"""Browser: on a 360 px wide phone no page scrolls sideways, and no table hides columns in a
sideways-scrolling box (the members' role and the accounts' actions were off screen)."""
from __future__ import annotations

import pytest

from echo.core.extensions import db
from tests.factories import add_member, live_session_on_case, make_user, published_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PHONE = {"width": 360, "height": 740}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > width) wide.push('page ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('main *')) {
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(style.overflowX))
      wide.push((el.className || el.tagName) + ' ' + el.scrollWidth);
  }
  return wide;
}"""


def test_no_page_scrolls_sideways_on_a_360px_phone(app, people, live_server, new_page):
    program = people.program
    long = make_user("Dr. Maximiliana Bartholomew-Featherstonehaugh",
                     email="maximiliana.bartholomew-featherstonehaugh@rural-clinic-network.example.org",
                     organisation="Sierra Blanca Rural Family Medicine and Community Health Clinic")
    add_member(program, long, "participant")
    session, case = live_session_on_case(people)
    db.session.commit()
    server = live_server()
    pages = {
        "coordinator": ["/home", "/programs", f"/programs/{program.id}", f"/programs/{program.id}/members",
                        f"/sessions/{session.id}", f"/sessions/{session.id}/live", f"/sessions/{session.id}/attendance",
                        f"/cases/program/{program.id}/queue", f"/cases/program/{program.id}/audit", "/library/",
                        "/notifications", f"/cases/{case.id}"],
        "admin": ["/admin/users", "/admin/programs"],
        "participant": ["/cases/", f"/cases/program/{program.id}/new"],
    }
    wide = {}
    for role, paths in pages.items():
        page = new_page(viewport=PHONE)
        browser_login(page, server.url, people.user(role).email)
        for path in paths:
            r = page.goto(server.url + path)
            assert r is not None and r.status == 200, path
            page.wait_for_load_state("load")
            if found := page.evaluate(OVERFLOW):
                wide[f"{role} {path}"] = found
    assert wide == {}
    # The columns that were hidden are on screen: a member's role, an account's actions.
    page = new_page(viewport=PHONE)
    browser_login(page, server.url, people.coordinator.email)
    page.goto(f"{server.url}/programs/{program.id}/members")
    select = page.locator("select[name=role]").last
    box = select.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_library_filters_fold_away_on_a_phone(app, people, live_server, new_page):
    p = people
    for k in range(3):
        published_case(p.program, p.participant, p.coordinator, title=f"Depression case {k}",
                       tags=["depression", f"tag{k}", "insomnia", "alcohol"][: k + 2])
    server = live_server()

    phone = new_page(viewport=PHONE)
    browser_login(phone, server.url, p.learner.email)
    phone.goto(f"{server.url}/library/")
    facet = phone.locator(".facet a[data-facet=tag][data-value=depression]")
    assert not facet.is_visible()
    first = phone.locator(".hit h3 a").first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= PHONE["height"]  # no scrolling to reach a result
    phone.check("#show-filters")  # "Show filters"
    facet.click()
    phone.wait_for_url("**tag=depression*")
    assert phone.locator("label[for=show-filters]").inner_text() == "Show filters (1 selected)"
    assert "3 cases" in phone.locator("#results-heading").inner_text()

    wide = new_page(viewport={"width": 1280, "height": 800})
    browser_login(wide, server.url, p.learner.email)
    wide.goto(f"{server.url}/library/")
    assert wide.locator(".facet a[data-facet=tag][data-value=depression]").is_visible()
    assert not wide.locator("label[for=show-filters]").is_visible()


def test_a_new_post_out_of_sight_is_one_tap_away_on_a_phone(app, people, live_server, new_page):
    session, case = live_session_on_case(people)
    server = live_server()
    board = f"{server.url}/sessions/{session.id}/live"
    connected = "() => document.getElementById('conn-status').textContent.startsWith('Connected')"

    phone = new_page(viewport={"width": 360, "height": 640})
    browser_login(phone, server.url, people.participant.email)
    phone.goto(board)
    phone.wait_for_function(connected)
    arrivals = phone.locator("button.arrivals")
    assert not arrivals.is_visible()

    specialist = new_page()
    browser_login(specialist, server.url, people.specialist.email)
    specialist.goto(board)
    specialist.wait_for_function(connected)
    specialist.select_option(f"#r-cat-{case.id}", "medication")
    specialist.fill(f"#r-text-{case.id}", "Consider sertraline 50 mg daily and recheck the PHQ-9 in four weeks.")
    specialist.click(f"#case-{case.id} form[data-post=post_recommendation] button[type=submit]")

    arrivals.wait_for(state="visible")
    assert arrivals.inner_text() == "↓ 1 new post"
    post = phone.locator(f"#recs-{case.id} li", has_text="sertraline 50 mg")
    assert post.bounding_box()["y"] > 640  # it arrived below the screen
    arrivals.click()  # one tap
    box = post.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 640
    assert phone.evaluate("() => document.activeElement.id") == post.get_attribute("id")
    assert not arrivals.is_visible()
