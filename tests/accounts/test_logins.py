"""Logins that can be ended: each login its own secret, ended on the server by logout, a
password change or reset, or from the profile's list of logins; the remember cookie."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask_login.utils import encode_cookie
from sqlalchemy import select

from echo.accounts import logins
from echo.accounts.models import UserLogin
from echo.core import mail
from echo.core.extensions import db
from echo.core.types import utcnow
from tests.factories import PASSWORD, make_user

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"


def log_in(app, user, remember=False, agent=FIREFOX):
    c = app.test_client()
    r = c.post("/auth/login", data={"email": user.email, "password": PASSWORD, **({"remember": "y"} if remember else {})},
               headers={"User-Agent": agent})
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    return c


def logged_in(c) -> bool:
    r = c.get("/home")
    assert r.status_code in (200, 302)
    return r.status_code == 200


def with_cookies(app, **cookies):
    c = app.test_client()
    for name, value in cookies.items():
        c.set_cookie(name, value)
    return c


def cookies_of(c) -> dict:
    return {name: c.get_cookie(name).value for name in ("session", "remember_token") if c.get_cookie(name) is not None}


def test_each_login_has_its_own_remember_cookie_lax_and_30_days(app):
    user = make_user()
    a, b = log_in(app, user, remember=True), log_in(app, user, remember=True)
    ca, cb = a.get_cookie("remember_token"), b.get_cookie("remember_token")
    assert ca.value != cb.value  # not one cookie per account
    assert ca.same_site == "Lax" and ca.http_only
    lifetime = ca.expires - datetime.now(UTC)
    assert timedelta(days=29) < lifetime <= timedelta(days=30)
    assert str(user.id) != ca.value.split("|")[0]  # it names a login, not the account


def test_remember_lifetime_is_configurable(monkeypatch, tmp_path):
    from echo.core.config import load_config

    monkeypatch.setenv("ECHO_REMEMBER_DAYS", "7")
    assert load_config(tmp_path)["REMEMBER_COOKIE_DURATION"] == timedelta(days=7)
    monkeypatch.delenv("ECHO_REMEMBER_DAYS")
    cfg = load_config(tmp_path)
    assert cfg["REMEMBER_COOKIE_DURATION"] == timedelta(days=30) and cfg["REMEMBER_COOKIE_SAMESITE"] == "Lax"


def test_logout_ends_the_login_for_its_session_and_remember_cookies(app):
    user = make_user()
    c = log_in(app, user, remember=True)
    stolen = cookies_of(c)
    assert set(stolen) == {"session", "remember_token"}
    assert c.post("/auth/logout").status_code == 302
    assert not logged_in(c)
    # Copies of both cookies taken before the logout no longer log anyone in.
    assert not logged_in(with_cookies(app, session=stolen["session"]))
    assert not logged_in(with_cookies(app, remember_token=stolen["remember_token"]))
    assert db.session.scalar(select(UserLogin).where(UserLogin.user_id == user.id)) is None


def test_cookies_naming_an_account_id_are_logged_out(app):
    """Cookies made before logins had their own secret carried the account id."""
    user = make_user()
    c = app.test_client()
    with c.session_transaction() as sess:
        sess["_user_id"] = str(user.id)
        sess["_fresh"] = True
    assert not logged_in(c)
    assert not logged_in(with_cookies(app, remember_token=encode_cookie(str(user.id))))


def test_password_reset_ends_every_login(app):
    user = make_user(email="reset@example.org")
    a, b = log_in(app, user), log_in(app, user, remember=True)
    remembered = b.get_cookie("remember_token").value
    mail.outbox.clear()
    app.test_client().post("/auth/forgot", data={"email": user.email})
    link = re.search(r"(/auth/reset/\S+)", mail.outbox[-1].get_content()).group(1)
    r = app.test_client().post(link, data={"password": "a-brand-new-password", "confirm": "a-brand-new-password"})
    assert r.status_code == 302
    assert not logged_in(a) and not logged_in(b)
    assert not logged_in(with_cookies(app, remember_token=remembered))
    assert logged_in(log_in_with(app, user.email, "a-brand-new-password"))


def log_in_with(app, email, password):
    c = app.test_client()
    assert c.post("/auth/login", data={"email": email, "password": password}).status_code == 302
    return c


def test_changing_the_password_ends_the_other_logins_and_keeps_this_one(app):
    user = make_user()
    here, elsewhere = log_in(app, user), log_in(app, user, remember=True, agent=CHROME_ANDROID)
    remembered = elsewhere.get_cookie("remember_token").value
    # A wrong current password: refused beside the field, nothing ends.
    r = here.post("/auth/password", data={"current": "not my password", "password": "another-long-password",
                                          "confirm": "another-long-password"})
    assert r.status_code == 400 and 'id="current-error"' in r.get_data(as_text=True)
    r = here.post("/auth/password", data={"current": PASSWORD, "password": "another-long-password", "confirm": "different"})
    assert r.status_code == 400 and "do not match" in r.get_data(as_text=True)
    assert logged_in(elsewhere)
    db.session.expire_all()
    assert user.check_password(PASSWORD)
    r = here.post("/auth/password", data={"current": PASSWORD, "password": "another-long-password",
                                          "confirm": "another-long-password"})
    assert r.status_code == 302
    assert logged_in(here)
    assert not logged_in(elsewhere) and not logged_in(with_cookies(app, remember_token=remembered))
    db.session.expire_all()
    assert user.check_password("another-long-password")


def test_profile_lists_logins_and_ends_one_or_all(app):
    user, other = make_user(), make_user()
    here = log_in(app, user, agent=FIREFOX)
    phone = log_in(app, user, remember=True, agent=CHROME_ANDROID)
    third = log_in(app, user, agent=FIREFOX)
    foreign = log_in(app, other)
    html = here.get("/auth/profile").get_data(as_text=True)
    assert html.count("<strong>Firefox on Windows</strong>") == 2 and "<strong>Chrome on Android</strong>" in html
    assert html.count("this device") == 1 and "last seen" in html and "Log out everywhere" in html
    assert "remembered" in html
    phone_login = db.session.scalar(select(UserLogin).where(UserLogin.user_id == user.id, UserLogin.remember.is_(True)))
    foreign_login = db.session.scalar(select(UserLogin).where(UserLogin.user_id == other.id))
    # Someone else's login cannot be ended from here (as if it did not exist).
    assert here.post(f"/auth/logins/{foreign_login.id}/end").status_code == 404
    assert logged_in(foreign)
    # End the phone's login: the phone is logged out, this device is not.
    assert here.post(f"/auth/logins/{phone_login.id}/end").status_code == 302
    assert not logged_in(phone) and logged_in(here) and logged_in(third)
    assert "Chrome on Android" not in here.get("/auth/profile").get_data(as_text=True)
    # Log out everywhere: every login of the account, this one included; not other accounts'.
    r = here.post("/auth/logins/end-all")
    assert r.status_code == 302 and "/auth/login" in r.location
    assert not logged_in(here) and not logged_in(third) and logged_in(foreign)


def test_login_routes_need_a_login(app, client):
    for path in ("/auth/password", "/auth/logins/1/end", "/auth/logins/end-all"):
        r = client.post(path)
        assert r.status_code == 302 and "/auth/login" in r.location


def test_remember_cookie_rotates_when_it_restores_a_session(app):
    user = make_user()
    first = log_in(app, user, remember=True).get_cookie("remember_token").value
    restored = with_cookies(app, remember_token=first)
    assert logged_in(restored)
    second = restored.get_cookie("remember_token").value
    assert second != first
    # The old cookie still works for a moment (requests already on their way), then not.
    row = db.session.scalar(select(UserLogin).where(UserLogin.user_id == user.id))
    db.session.refresh(row)
    row.rotated_at = utcnow() - logins.ROTATION_GRACE - timedelta(seconds=1)
    db.session.commit()
    assert not logged_in(with_cookies(app, remember_token=first))
    assert logged_in(with_cookies(app, remember_token=second))
    assert db.session.scalar(select(UserLogin).where(UserLogin.user_id == user.id)) is not None


def test_a_login_unused_longer_than_the_remember_lifetime_ends(app):
    user = make_user()
    c = log_in(app, user, remember=True)
    row = db.session.scalar(select(UserLogin).where(UserLogin.user_id == user.id))
    row.last_seen_at = utcnow() - app.config["REMEMBER_COOKIE_DURATION"] - timedelta(minutes=1)
    db.session.commit()
    assert not logged_in(c)
    assert not logged_in(with_cookies(app, remember_token=c.get_cookie("remember_token").value))


def test_a_login_without_remember_me_ends_after_hours_unused_not_a_month(app):
    """Its cookie lasts until the browser closes; a copy of it (a shared computer left on) must
    not work for the remember cookie's month."""
    user = make_user()
    short, remembered = log_in(app, user), log_in(app, user, remember=True)
    limit = app.config["LOGIN_IDLE_WITHOUT_REMEMBER"]
    assert limit < app.config["REMEMBER_COOKIE_DURATION"]
    for row in db.session.scalars(select(UserLogin).where(UserLogin.user_id == user.id)):
        row.last_seen_at = utcnow() - limit - timedelta(minutes=1)
    db.session.commit()
    assert not logged_in(short)
    assert logged_in(remembered)
    # The profile lists only the logins that still work.
    html = remembered.get("/auth/profile").get_data(as_text=True)
    assert html.count('action="/auth/logins/') == 1


def test_a_login_without_remember_me_within_its_hours_stays(app):
    user = make_user()
    c = log_in(app, user)
    row = db.session.scalar(select(UserLogin).where(UserLogin.user_id == user.id))
    row.last_seen_at = utcnow() - app.config["LOGIN_IDLE_WITHOUT_REMEMBER"] + timedelta(minutes=5)
    db.session.commit()
    assert logged_in(c)


def test_using_a_login_marks_it_seen(app):
    user = make_user()
    c = log_in(app, user)
    row = db.session.scalar(select(UserLogin).where(UserLogin.user_id == user.id))
    row.last_seen_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    assert logged_in(c)
    db.session.expire_all()
    assert db.session.get(UserLogin, row.id).last_seen_at > utcnow() - timedelta(minutes=1)


def test_device_labels():
    assert logins.device_label(FIREFOX) == "Firefox on Windows"
    assert logins.device_label(CHROME_ANDROID) == "Chrome on Android"
    assert logins.device_label("") == "Browser"


def test_login_user_without_a_started_login_names_no_account(app):
    """A bare flask_login.login_user() (no echo.accounts.login_sessions.start) lasts one request: the
    session gets no account id that a later request could load."""
    from flask import session
    from flask_login import current_user, login_user

    user = make_user()
    with app.test_request_context():
        login_user(user)
        assert current_user.id == user.id and session["_user_id"] == ""
    assert logins.load("", timedelta(days=30)) is None
