"""Browser: on a 360 px wide phone no page scrolls sideways, and no table hides columns in a
sideways-scrolling box (the members' role and the accounts' actions were off screen)."""
from __future__ import annotations

import pytest

from echo.extensions import db
from tests.e2e.helpers import browser_login, live_session_on_case
from tests.factories import add_member, make_user

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
    program = people["program"]
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
        browser_login(page, server.url, people[role].email)
        for path in paths:
            r = page.goto(server.url + path)
            assert r is not None and r.status == 200, path
            page.wait_for_load_state("load")
            if found := page.evaluate(OVERFLOW):
                wide[f"{role} {path}"] = found
    assert wide == {}
    # The columns that were hidden are on screen: a member's role, an account's actions.
    page = new_page(viewport=PHONE)
    browser_login(page, server.url, people["coordinator"].email)
    page.goto(f"{server.url}/programs/{program.id}/members")
    select = page.locator("select[name=role]").last
    box = select.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
