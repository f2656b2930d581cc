"""Browser: a Spanish coordinator and an English specialist on one live board. Each board's own
words (connection, status, phase, buttons, announcements) are in its reader's language, read by
live.js from the page's strings; the item itself reads the same for both (the program's language)."""
from __future__ import annotations

import pytest

from echo.core.extensions import db
from tests.factories import live_session_on_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def test_each_board_speaks_its_readers_language(app, people, live_server, new_page):
    session, case = live_session_on_case(people)
    people.coordinator.language = "es"
    db.session.commit()
    server = live_server()

    coord, spec = new_page(), new_page()
    browser_login(coord, server.url, people.coordinator.email)
    browser_login(spec, server.url, people.specialist.email)
    coord.goto(f"{server.url}/sessions/{session.id}/live")
    spec.goto(f"{server.url}/sessions/{session.id}/live")
    coord.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Conectado')")
    spec.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    assert coord.inner_text("#session-status") == "en vivo" and spec.inner_text("#session-status") == "live"

    spec.select_option(f"#r-cat-{case.id}", "medication")
    spec.fill(f"#r-text-{case.id}", "Switch to venlafaxine 75 mg daily.")
    spec.click(f"#case-{case.id} form[data-post=post_recommendation] button[type=submit]")
    item = f"#recs-{case.id} > li"
    coord.wait_for_selector(f"{item} >> text=Switch to venlafaxine 75 mg daily.")
    coord.wait_for_function("() => document.getElementById('announcer').textContent.startsWith('Nueva recomendación')")
    assert "(Medicación) de " in coord.inner_text("#announcer") and "(especialista)" in coord.inner_text("#announcer")
    buttons = coord.eval_on_selector_all(f"{item} button", "els => els.map(e => e.textContent)")
    assert buttons == ["Respaldar", "Marcar como consenso"]
    spec.wait_for_selector(f"{item} >> text=Switch to venlafaxine 75 mg daily.")
    assert spec.eval_on_selector_all(f"{item} button", "els => els.map(e => e.textContent)") == ["Edit", "Withdraw"]
    # The item's own words: the program's language (English), the same on both boards.
    assert "By Specialist" in coord.inner_text(item) and coord.inner_text(f"{item} .meta") == spec.inner_text(f"{item} .meta")

    # Facilitation from the Spanish board: the phase is named in Spanish, in English on the other.
    coord.click('[data-action="set_phase"][data-phase="questions"]')
    coord.wait_for_function("() => document.getElementById('current-phase').textContent === 'Preguntas aclaratorias'")
    spec.wait_for_function("() => document.getElementById('current-phase').textContent === 'Clarifying questions'")
