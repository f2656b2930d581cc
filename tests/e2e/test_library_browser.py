"""Browser: a learner searches the library, narrows by a facet, opens a case and saves it."""
from __future__ import annotations

import pytest

from tests.factories import published_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def test_learner_searches_narrows_opens_and_saves(app, people, live_server, new_page):
    p = people
    published_case(p.program, p.participant, p.coordinator, title="Alcohol use after surgery",
                   tags=["alcohol"], recs=[("hub", "medication", "Offer naltrexone 50 mg daily.")])
    target = published_case(p.program, p.participant, p.coordinator, title="Opioid use disorder in pregnancy",
                            tags=["opioids", "pregnancy"], recs=[("hub", "medication", "Buprenorphine; naltrexone is not advised.")],
                            summary="Continue buprenorphine through delivery.")
    server = live_server()
    base = server.url

    page = new_page()
    browser_login(page, base, p.learner.email)

    page.click("nav >> text=Library")
    page.wait_for_url("**/library/**")
    page.fill("#q", "naltrexone")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/library/?q=naltrexone*")
    assert "2 cases" in page.locator("#results-heading").inner_text()
    assert page.locator(".hit .snippet mark").first.inner_text().lower() == "naltrexone"

    # Narrow by the "pregnancy" tag: the count and the list follow; the URL carries both.
    page.locator(".facet a[data-facet=tag][data-value=pregnancy]").click()
    page.wait_for_url("**tag=pregnancy*")
    assert "q=naltrexone" in page.url
    assert "1 case" in page.locator("#results-heading").inner_text()
    assert page.locator(".hit").count() == 1

    page.click(".hit h3 a")
    page.wait_for_url(f"**/library/cases/{target.id}")
    assert page.locator("h1").inner_text() == "Opioid use disorder in pregnancy"
    assert "Continue buprenorphine" in page.locator("#summary-h + .prose").inner_text()

    page.click("text=Save to my list")
    page.wait_for_url(f"**/library/cases/{target.id}")
    assert page.locator(".flash-success").inner_text() == "Saved to your list."
    page.click(".actions a[href$=\"/library/saved\"]")
    page.wait_for_url("**/library/saved")
    assert page.locator("ul.saved li a", has_text="Opioid use disorder in pregnancy").count() == 1
