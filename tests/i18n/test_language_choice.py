"""Which language a page is in: the user's setting, else the switcher's choice, else the
browser's Accept-Language; <html lang> follows it, and so do dates."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import refresh
from flask_login import login_user

from echo.core.catalogues import LOCALES, conflicts, features, missing
from echo.core.extensions import db
from echo.core.timefmt import fmt, fmt_pair
from tests.factories import make_user
from tests.helpers import login


def _lang(resp) -> str:
    html = resp.get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_browser_language_decides_for_a_visitor(client):
    assert _lang(client.get("/auth/login")) == "en"
    es = client.get("/auth/login", headers={"Accept-Language": "es-PE,es;q=0.9,en;q=0.5"})
    assert _lang(es) == "es"
    assert "Ir al contenido" in es.get_data(as_text=True)
    assert _lang(client.get("/auth/login", headers={"Accept-Language": "fr-CA"})) == "fr"
    # A language we do not have falls back to English.
    assert _lang(client.get("/auth/login", headers={"Accept-Language": "de-DE"})) == "en"


def test_switcher_choice_outlasts_the_browser_for_a_visitor(client):
    resp = client.post("/auth/language?next=/auth/login", data={"lang": "fr"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/auth/login")
    page = client.get("/auth/login", headers={"Accept-Language": "es"})
    assert _lang(page) == "fr" and "Aller au contenu" in page.get_data(as_text=True)


def test_switcher_refuses_unknown_language_and_foreign_next(client):
    assert client.post("/auth/language", data={"lang": "xx"}).status_code == 400
    resp = client.post("/auth/language?next=https://evil.example/", data={"lang": "es"})
    assert resp.status_code == 302 and "evil.example" not in resp.headers["Location"]


def test_switcher_is_on_every_page_with_the_current_language_marked(client):
    html = client.get("/auth/login", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'name="lang" value="fr" lang="fr"' in html
    assert 'value="es" lang="es" class="link" aria-describedby="language-label" aria-current="true"' in html


def test_signed_in_user_setting_wins_and_the_switcher_saves_it(app):
    user = make_user(email="lucia@example.org")
    client = app.test_client()
    login(client, user)
    assert _lang(client.get("/auth/profile", headers={"Accept-Language": "es"})) == "es"
    client.post("/auth/language", data={"lang": "fr"})
    db.session.refresh(user)
    assert user.language == "fr"
    assert _lang(client.get("/auth/profile", headers={"Accept-Language": "es"})) == "fr"
    # A new login elsewhere (no cookie choice) still gets the account's language.
    other = app.test_client()
    login(other, user)
    assert _lang(other.get("/auth/profile", headers={"Accept-Language": "en"})) == "fr"


def test_dates_in_the_locale_form_with_zone_in_its_words(app):
    dt = datetime(2031, 12, 9, 19, 0, tzinfo=UTC)  # a Tuesday; 2:00 pm in Lima
    with app.test_request_context(headers={"Accept-Language": "es"}):
        login_user(make_user(timezone_name="America/Lima", email="pe@example.org"))
        assert fmt(dt) == "martes 9 de diciembre de 2031, 14:00"
        assert fmt(dt, "America/Toronto") == "martes 9 de diciembre de 2031, 14:00 (hora de Toronto)"
        assert "en la zona del programa" in fmt_pair(dt, "America/Denver")
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        refresh()  # a test request context shares the test's app context, where Babel caches the locale
        assert fmt(dt, "America/Toronto") == "mardi 9 décembre 2031, 14 h 00 (heure de Toronto)"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("feature", features())
def test_every_string_has_its_translation(feature, locale):
    """Every string the code and templates mark for translation is in the feature's catalogue,
    translated and not fuzzy (`make catalogues` then translating fixes a gap)."""
    assert missing(feature, locale) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_one_string_has_one_translation_across_features(locale):
    """Flask-Babel merges the features' catalogues and the last read wins: a string two
    features share must read the same in both, or a page shows the other's wording."""
    assert conflicts(locale) == {}
