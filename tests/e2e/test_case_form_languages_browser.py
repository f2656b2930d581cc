"""Browser: the case form's scripts speak the page's language (their words come from the page's
#strings-cases block): the section steps, the privacy findings they list as the author types, and
autosave's status, in Spanish; and in English, word for word as before."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from echo.core.extensions import db
from tests.factories import make_clean_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PHONE = {"width": 360, "height": 740}
WAIT = 20000  # ms: the autosave waits 5 s after the last keystroke, then one request


def test_the_case_form_scripts_in_spanish_then_english(app, people, live_server, new_page):
    author = people.participant
    author.language = "es"
    db.session.commit()
    case = make_clean_case(people.program, author)
    base = live_server().url
    page = new_page(viewport=PHONE)
    browser_login(page, base, author.email)
    page.goto(f"{base}/cases/{case.id}/edit")
    expect(page.locator("#autosave-status")).to_have_text(
        "El guardado automático está activado: los cambios se guardan unos segundos después de que deja de escribir.")
    expect(page.locator("#section-progress")).to_have_text("Sección 1 de 7: Paciente")
    page.click("#section-next")
    expect(page.locator("#section-progress")).to_have_text("Sección 2 de 7: Presentación")

    page.fill("#chief_concern", "Maria Gonzalez came back in the spring with low mood.")
    item = page.locator("#privacy-list li.finding-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Nombre de persona en Motivo de consulta: Maria Gonzalez")
    expect(item.locator(".show-finding")).to_have_text("Mostrar en el texto")
    expect(item.locator("button")).to_have_text("Descartar con motivo")
    expect(page.locator("#privacy-status")).to_have_text("1 posible identificador por corregir o descartar antes de enviar.")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Guardado: .+\.$"), timeout=WAIT)

    author.language = "en"
    db.session.commit()
    page.goto(f"{base}/cases/{case.id}/edit")
    expect(page.locator("#autosave-status")).to_have_text("Autosave is on: changes are saved a few seconds after you stop typing.")
    expect(page.locator("#section-progress")).to_have_text("Section 1 of 7: Patient")
    page.fill("#title", "Seen by Dr. Alan Whitfield")
    expect(page.locator("#privacy-list li.finding-item")).to_have_count(2)
    expect(page.locator("#privacy-status")).to_have_text("2 possible identifiers to fix or dismiss before submitting.")
    expect(page.locator("#privacy-list li.finding-item").last).to_contain_text("Person name in Short title: Dr. Alan Whitfield")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Saved \d{1,2}:\d{2}[^,]*\.$"), timeout=WAIT)
