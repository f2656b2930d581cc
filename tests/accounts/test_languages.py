"""Accounts in the reader's language: the profile's Language setting, the account mails in the
recipient's language, notices written in their reader's language, the login list's devices."""
from __future__ import annotations

import json
import re

from flask_babel import lazy_gettext as _l
from flask_babel import refresh

from echo.accounts import logins
from echo.accounts.models import Notification
from echo.accounts.notify import add_notification
from echo.core import mail
from echo.core.extensions import db
from tests.factories import PASSWORD, make_user


def _lang(resp) -> str:
    return resp.get_data(as_text=True).split('<html lang="', 1)[1].split('"', 1)[0]


def _profile(user, **changes) -> dict:
    data = {"name": user.name, "profession": user.profession, "organisation": user.organisation,
            "region": user.region, "timezone": user.timezone, "language": user.language or ""}
    return {**data, **changes}


def test_the_profile_language_is_kept_and_wins_over_the_browser(app, login_as):
    user = make_user(email="ines@example.org")
    c = login_as(user)
    page = c.get("/auth/profile", headers={"Accept-Language": "fr"})
    # Nothing chosen yet: the browser's language, and the select shows its first choice, so.
    assert _lang(page) == "fr"
    select = re.search(r'<select[^>]*id="language".*?</select>', page.get_data(as_text=True)).group(0)
    assert '<option value="">Selon mon navigateur</option><option value="en">' in select and "selected" not in select
    r = c.post("/auth/profile", data=_profile(user, language="es"), headers={"Accept-Language": "fr"}, follow_redirects=True)
    db.session.refresh(user)
    assert user.language == "es"
    # The confirmation is already in the language just chosen.
    assert _lang(r) == "es" and "Perfil guardado." in r.get_data(as_text=True)
    assert '<option selected value="es">Español</option>' in r.get_data(as_text=True)
    assert _lang(c.get("/home", headers={"Accept-Language": "en"})) == "es"


def test_saving_no_language_follows_the_browser_again(app, login_as):
    user = make_user(email="jo@example.org", language="fr")
    c = login_as(user)
    r = c.post("/auth/profile", data=_profile(user, language=""), headers={"Accept-Language": "es"})
    assert r.status_code == 302
    db.session.refresh(user)
    assert user.language is None
    assert _lang(c.get("/auth/profile", headers={"Accept-Language": "es"})) == "es"
    assert _lang(c.get("/auth/profile", headers={"Accept-Language": "en-GB"})) == "en"


def test_an_unknown_language_is_refused_beside_the_field(app, login_as):
    user = make_user(email="xx@example.org", language="fr")
    c = login_as(user)
    r = c.post("/auth/profile", data=_profile(user, language="de"))
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and 'id="language-error"' in html
    assert "Choisissez English, Español ou Français." in html   # the page is in the account's language
    db.session.refresh(user)
    assert user.language == "fr"


def test_the_reset_mail_is_in_the_recipient_language_not_the_asker(app, client):
    make_user(email="ana@example.org", name="Ana", language="es")
    mail.outbox.clear()
    client.post("/auth/forgot", data={"email": "ana@example.org"}, headers={"Accept-Language": "fr"})
    [message] = mail.outbox
    body = message.get_content()
    assert message["Subject"] == "Restablezca su contraseña de ECHO"
    assert body.startswith("Hola, Ana:") and "antes de una hora" in body
    assert re.search(r"http://\S+/auth/reset/\S+", body)


def test_a_recipient_without_a_language_gets_english_mail(app, client):
    make_user(email="sam@example.org", name="Sam")
    mail.outbox.clear()
    client.post("/auth/forgot", data={"email": "sam@example.org"}, headers={"Accept-Language": "es"})
    [message] = mail.outbox
    assert message["Subject"] == "Reset your ECHO password"
    assert message.get_content().startswith("Hello Sam,\n\nTo choose a new password, open this link within an hour:\n")


def test_the_existing_account_mail_is_in_its_owner_language(app, client):
    make_user(email="luc@example.org", name="Luc", language="fr")
    mail.outbox.clear()
    r = client.post("/auth/signup", data={"name": "Someone", "email": "luc@example.org", "password": "long-enough-pass",
                                          "confirm": "long-enough-pass", "profession": "Pharmacist",
                                          "timezone": "America/Denver"}, headers={"Accept-Language": "es"},
                    follow_redirects=True)
    # The page answers in the visitor's language; the mail in the owner's.
    assert "Enviamos un mensaje a esa dirección." in r.get_data(as_text=True)
    [message] = mail.outbox
    assert message["Subject"] == "Vous avez déjà un compte ECHO"
    assert "Quelqu’un, peut-être vous, a essayé de créer un compte ECHO" in message.get_content()


def test_form_errors_and_flashes_in_the_browser_language(app, client):
    r = client.post("/auth/signup", data={"email": "nope", "password": "short", "confirm": "other"},
                    headers={"Accept-Language": "es"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    for text in ("Use al menos 10 caracteres.", "Las contraseñas no coinciden.", "Elija su profesión.",
                 "Este campo es obligatorio."):   # the last one is WTForms' own catalogue
        assert text in html
    r = client.post("/auth/login", data={"email": "nobody@example.org", "password": "wrong-password"},
                    headers={"Accept-Language": "fr"})
    assert r.status_code == 400 and "Le courriel ou le mot de passe est incorrect." in r.get_data(as_text=True)


def test_the_sign_up_script_gets_its_sentence_in_the_page_language(app, client):
    html = client.get("/auth/signup", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    strings = re.search(r'<script type="application/json" id="strings-signup">(.*?)</script>', html).group(1)
    assert json.loads(strings)["zone_from_browser"].endswith("Proposé d’après le réglage de ce navigateur ; modifiez-le s’il est faux.")
    english = client.get("/auth/signup").get_data(as_text=True)
    strings = re.search(r'<script type="application/json" id="strings-signup">(.*?)</script>', english).group(1)
    assert json.loads(strings)["zone_from_browser"] == ("Session times are shown in this zone. Proposed from this browser's "
                                                        "setting; change it if it is wrong.")


def test_a_notice_is_written_in_its_recipient_language(app):
    es = make_user(email="n-es@example.org", language="es")
    none = make_user(email="n-none@example.org")
    # As a French-speaking coordinator's request would cause it: the notices follow their readers.
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        refresh()
        add_notification(es, "test", _l("%(name)s is active.", name="Ana"))
        add_notification(none, "test", _l("%(name)s is active.", name="Ana"), program_language="fr")
        add_notification(none, "test", _l("%(name)s is active.", name="Ana"))
        add_notification(none, "test", "Stored as given.")
    db.session.commit()
    refresh()
    messages = [n.message for n in db.session.query(Notification).order_by(Notification.id)]
    assert messages == ["Ana está activo/a.", "Ana est actif/ve.", "Ana is active.", "Stored as given."]


def test_devices_are_named_in_the_reader_language(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        refresh()
        assert logins.device_text("Firefox on Windows") == "Firefox en Windows"
        assert logins.device_text("Browser") == "Navegador"
        assert logins.device_text("") == "Dispositivo desconocido"
    with app.test_request_context():
        refresh()
        # English reads as stored.
        assert logins.device_text("Firefox on Windows") == "Firefox on Windows"
        assert logins.device_text("Browser on Linux") == "Browser on Linux"


def test_english_pages_read_as_before(app, client, login_as):
    user = make_user(email="en@example.org", name="Eve")
    c = login_as(user)
    html = c.get("/auth/profile").get_data(as_text=True)
    assert "<p>Signed in as en@example.org.</p>" in html
    assert '<option value="">As my browser asks</option>' in html
    assert "Logged in " in html and " · last seen " in html
    r = client.post("/auth/login", data={"email": "en@example.org", "password": PASSWORD}, follow_redirects=True)
    assert "<h1>Welcome, Eve</h1>" in r.get_data(as_text=True)
