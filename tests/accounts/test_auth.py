"""The existing auth: sign-up form errors, login/logout, remember me, password reset, CSRF
(sign-up confirmed by mail: test_signup.py)."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from echo.accounts import operations as accounts
from echo.accounts.models import User
from echo.core import mail
from echo.core.extensions import db
from echo.core.types import utcnow
from tests.factories import PASSWORD, make_user


def signup_data(**over):
    data = {"name": "Nia Nurse", "email": "nia@example.org", "password": PASSWORD, "confirm": PASSWORD,
            "profession": "Registered nurse", "organisation": "Mesa Clinic", "region": "Utah", "timezone": "America/Denver"}
    data.update(over)
    return data


def test_signup_bad_input(app, client):
    for over, field in [
        ({"password": "short", "confirm": "short"}, "password"),
        ({"confirm": "something else entirely"}, "confirm"),
        ({"email": "not-an-address"}, "email"),
        ({"timezone": "Nowhere/Land"}, "timezone"),
        ({"profession": ""}, "profession"),
    ]:
        r = client.post("/auth/signup", data=signup_data(**over))
        html = r.get_data(as_text=True)
        assert r.status_code == 400 and f'id="{field}-error"' in html, over
        assert 'value="Nia Nurse"' in html
    assert db.session.scalar(select(User)) is None


def test_login_logout(app, client):
    user = make_user(email="pat@example.org")
    r = client.post("/auth/login", data={"email": "PAT@example.org", "password": "wrong password"})
    assert r.status_code == 400 and "E-mail or password is not right" in r.get_data(as_text=True)
    r = client.post("/auth/login", data={"email": "pat@example.org", "password": PASSWORD})
    assert r.status_code == 302 and r.location.endswith("/home")
    assert client.get("/home").status_code == 200
    assert client.get_cookie("remember_token") is None  # not asked to remember
    r = client.post("/auth/logout")
    assert r.status_code == 302 and "/auth/login" in r.location
    r = client.get("/home")
    assert r.status_code == 302 and "/auth/login" in r.location
    assert user.id


def test_login_next_only_local(app, client):
    make_user(email="n@example.org")
    r = client.post("/auth/login?next=/programs", data={"email": "n@example.org", "password": PASSWORD})
    assert r.location.endswith("/programs")
    client.post("/auth/logout")
    r = client.post("/auth/login?next=https://evil.example/", data={"email": "n@example.org", "password": PASSWORD})
    assert r.location.endswith("/home")


def test_deactivated_account_cannot_log_in(app, client):
    make_user(email="gone@example.org", is_active_account=False)
    r = client.post("/auth/login", data={"email": "gone@example.org", "password": PASSWORD})
    assert r.status_code == 400 and "deactivated" in r.get_data(as_text=True)


def test_remember_me_cookie(app):
    make_user(email="r@example.org")
    c = app.test_client()
    c.post("/auth/login", data={"email": "r@example.org", "password": PASSWORD, "remember": "y"})
    cookie = c.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only and cookie.expires is not None
    # A new browser session (no session cookie) is logged in again by the remember cookie alone.
    fresh = app.test_client()
    fresh.set_cookie("remember_token", cookie.value)
    assert fresh.get("/home").status_code == 200
    # Without "remember me" no cookie is set.
    c2 = app.test_client()
    c2.post("/auth/login", data={"email": "r@example.org", "password": PASSWORD})
    assert c2.get_cookie("remember_token") is None


def _reset_link() -> str:
    body = mail.outbox[-1].get_content()
    return re.search(r"(/auth/reset/\S+)", body).group(1)


def test_reset_password_flow_and_reused_link(app, client):
    user = make_user(email="forgot@example.org")
    mail.outbox.clear()
    r = client.post("/auth/forgot", data={"email": "forgot@example.org"})
    assert r.status_code == 302
    assert mail.outbox[-1]["To"] == "forgot@example.org"
    link = _reset_link()
    assert client.get(link).status_code == 200
    r = client.post(link, data={"password": "a-brand-new-password", "confirm": "a-brand-new-password"})
    assert r.status_code == 302 and "/auth/login" in r.location
    db.session.expire_all()
    assert user.check_password("a-brand-new-password") and not user.check_password(PASSWORD)
    # The same link again: a clear message.
    r = client.get(link)
    assert r.status_code == 400 and "already been used" in r.get_data(as_text=True)


def test_forgot_does_not_reveal_accounts(app, client):
    mail.outbox.clear()
    r = client.post("/auth/forgot", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert "If an account exists" in r.get_data(as_text=True) and not mail.outbox


def test_expired_reset_link(app, client, monkeypatch):
    make_user(email="old@example.org")
    past = utcnow() - timedelta(hours=2)
    with monkeypatch.context() as m:  # the link was sent two hours ago
        m.setattr(accounts, "utcnow", lambda: past)
        client.post("/auth/forgot", data={"email": "old@example.org"})
    r = client.get(_reset_link())
    assert r.status_code == 400 and "expired" in r.get_data(as_text=True)


def test_tampered_reset_link(app, client):
    r = client.get("/auth/reset/not-a-token")
    assert r.status_code == 400 and "not valid" in r.get_data(as_text=True)


def test_reset_mismatched_passwords_kept_on_page(app, client):
    make_user(email="m@example.org")
    client.post("/auth/forgot", data={"email": "m@example.org"})
    r = client.post(_reset_link(), data={"password": "a-brand-new-password", "confirm": "different-password"})
    assert r.status_code == 200 and "do not match" in r.get_data(as_text=True)


def test_profile_time_zone(app, login_as):
    user = make_user()
    c = login_as(user)
    r = c.post("/auth/profile", data={"name": user.name, "profession": "Pharmacist", "organisation": "", "region": "", "timezone": "Europe/Berlin"})
    assert r.status_code == 302
    db.session.expire_all()
    assert user.timezone == "Europe/Berlin"
    r = c.post("/auth/profile", data={"name": user.name, "profession": "Pharmacist", "timezone": "Bad/Zone"})
    assert r.status_code == 400 and 'id="timezone-error"' in r.get_data(as_text=True)


def test_profile_requires_login(app, client):
    r = client.get("/auth/profile")
    assert r.status_code == 302 and "/auth/login" in r.location


def test_csrf_rejected_when_enabled(csrf_app):
    make_user(email="csrf@example.org")
    c = csrf_app.test_client()
    r = c.post("/auth/login", data={"email": "csrf@example.org", "password": PASSWORD})
    assert r.status_code == 400 and "form expired" in r.get_data(as_text=True)
    # With the token from the page it works.
    page = c.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = c.post("/auth/login", data={"csrf_token": token, "email": "csrf@example.org", "password": PASSWORD})
    assert r.status_code == 302
    # Logging out is a POST with the token too.
    assert c.post("/auth/logout").status_code == 400


def test_csrf_rejected_on_program_forms(csrf_app):
    from tests.factories import program_with_roles
    from tests.helpers import login

    people = program_with_roles()
    c = csrf_app.test_client()
    login(c, people.coordinator)
    assert c.post(f"/programs/{people.program.id}/calendar/reset").status_code == 400
    assert c.post("/programs/new", data={"name": "x"}).status_code == 400


def test_repeated_failed_logins_are_throttled(app, client):
    user = make_user(email="guess@example.org")
    app.config["LOGIN_FAILURE_LIMIT"] = "3/15 minutes"
    for _ in range(3):
        r = client.post("/auth/login", data={"email": user.email, "password": "wrong-password"})
        assert r.status_code == 400 and "not right" in r.get_data(as_text=True)
    # Now even the right password waits: a guesser cannot tell which try was right.
    r = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert r.status_code == 429 and "Too many failed attempts" in r.get_data(as_text=True)
    assert user.email in r.get_data(as_text=True)  # what was typed is kept
    # Another account from the same place is not locked out by these failures.
    other = make_user(email="other@example.org")
    assert client.post("/auth/login", data={"email": other.email, "password": PASSWORD}).status_code == 302


def test_reset_mails_are_limited_per_address(app, client):
    make_user(email="flood@example.org")
    app.config["RESET_MAIL_LIMIT"] = "2/hour"
    mail.outbox.clear()
    for _ in range(4):
        r = client.post("/auth/forgot", data={"email": "flood@example.org"})
        assert r.status_code == 302  # same answer every time
    assert len(mail.outbox) == 2
