"""Browser, JavaScript off: a specialist posts a recommendation with the plain HTML form and
sees it after the redirect; the presenter's JavaScript board shows it live. A post held by the
privacy guard comes back with the text kept."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import browser_login, live_session_on_case

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def test_recommendation_posted_without_javascript(app, people, live_server, new_page):
    session, case = live_session_on_case(people)
    server = live_server()
    board = f"{server.url}/sessions/{session.id}/live"

    presenter = new_page()  # JavaScript on
    browser_login(presenter, server.url, people["participant"].email)
    presenter.goto(board)
    presenter.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    assert presenter.locator(".nojs-refresh").count() == 0  # the no-JS parts are gone
    assert presenter.is_visible("#conn-status")

    spec = new_page(java_script_enabled=False, viewport={"width": 390, "height": 844})  # an old phone
    browser_login(spec, server.url, people["specialist"].email)
    spec.goto(board)
    assert spec.is_visible("noscript p.flash-warning")  # (text= selectors skip noscript)
    assert spec.is_hidden("#conn-status")

    # Held by the privacy guard: the page comes back with the text and the finding.
    spec.select_option(f"#r-cat-{case.id}", "monitoring")
    spec.fill(f"#r-text-{case.id}", "Call her on 505-555-0142 next week.")
    spec.click(f"#recommend-{case.id} button[type=submit]:has-text('Post')")
    spec.wait_for_selector(f"#recommend-{case.id} mark >> text=505-555-0142")
    assert spec.input_value(f"#r-text-{case.id}") == "Call her on 505-555-0142 next week."
    assert spec.input_value(f"#r-cat-{case.id}") == "monitoring"

    # Fixed and posted: redirected to the board, which shows it; the JavaScript board gets it live.
    spec.fill(f"#r-text-{case.id}", "Phone check-in next week; recheck the PHQ-9 in four weeks.")
    spec.click(f"#recommend-{case.id} button[type=submit]:has-text('Post')")
    spec.wait_for_selector("text=Your recommendation was posted.")
    assert "?case=" in spec.url and spec.input_value(f"#r-text-{case.id}") == ""
    spec.wait_for_selector(f"#recs-{case.id} > li >> text=Phone check-in next week")
    assert "Monitoring" in spec.inner_text(f"#recs-{case.id}")
    presenter.wait_for_selector(f"#recs-{case.id} > li >> text=Phone check-in next week")
    assert "505-555-0142" not in presenter.content()
    texts = presenter.eval_on_selector_all(f"#recs-{case.id} > li .text", "els => els.map(e => e.textContent)")
    assert texts == ["Phone check-in next week; recheck the PHQ-9 in four weeks."]  # once, not twice
    # Reloaded, the JavaScript board replaces the server-rendered item instead of adding a second.
    presenter.reload()
    presenter.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    assert presenter.locator(f"#recs-{case.id} > li").count() == 1
    assert presenter.locator(f"#recs-{case.id} form").count() == 0  # its no-JS forms went with it
    # Nothing overflows sideways at phone width.
    assert spec.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
