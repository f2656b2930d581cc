"""Sign-up confirmed by mail: the same answer whatever the address, the link (valid, expired,
tampered, reused, replaced), unconfirmed accounts refused at login, "send the link again"."""
from __future__ import annotations

import re
import time

from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from echo.accounts import confirmation
from echo.accounts.models import User
from echo.core import mail
from echo.core.extensions import db
from tests.factories import PASSWORD, make_user


def signup_data(**over):
    data = {"name": "Nia Nurse", "email": "nia@example.org", "password": PASSWORD, "confirm": PASSWORD,
            "profession": "Registered nurse", "organisation": "Mesa Clinic", "region": "Utah", "timezone": "America/Denver"}
    data.update(over)
    return data


def _user(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def _confirm_link() -> str:
    return re.search(r"(/auth/confirm/\S+)", mail.outbox[-1].get_content()).group(1)


def _answer(client, email: str):
    """What a visitor sees after signing up with this address: status, where it sends them, the page."""
    r = client.post("/auth/signup", data=signup_data(email=email))
    page = client.get(r.location).get_data(as_text=True)
    return r.status_code, r.location, re.sub(r'name="csrf_token"[^>]*', "", page)


def test_a_new_address_and_a_taken_one_get_the_same_answer(app, client):
    owner = make_user(email="taken@example.org")
    mail.outbox.clear()
    new = _answer(client, "new@example.org")
    taken = _answer(app.test_client(), "TAKEN@example.org")
    assert new == taken
    assert new[0] == 302 and "/auth/login" in new[1] and "Check your inbox to finish signing up" in new[2]
    # Nobody is logged in either way.
    assert client.get("/home").status_code == 302
    # What differs goes by mail, to each address's owner.
    first, second = mail.outbox
    assert first["To"] == "new@example.org" and first["Subject"] == "Confirm your ECHO account"
    assert "/auth/confirm/" in first.get_content()
    assert second["To"] == "taken@example.org" and second["Subject"] == "You already have an ECHO account"
    assert "/auth/forgot" in second.get_content() and "/auth/confirm/" not in second.get_content()
    assert owner.password_hash not in second.get_content()
    # The taken address keeps its one account, with its own password and name.
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "taken@example.org")) == 1
    assert _user("taken@example.org").check_password(PASSWORD) and _user("taken@example.org").name == owner.name


def test_both_paths_hash_the_password(app, client, monkeypatch):
    """The answer's time: a taken address costs a password hash too, like a new account."""
    make_user(email="taken@example.org")
    hashed = []
    real = confirmation.generate_password_hash
    monkeypatch.setattr(confirmation, "generate_password_hash", lambda pw: hashed.append(pw) or real(pw))
    client.post("/auth/signup", data=signup_data(email="taken@example.org", password="another-password-1",
                                                 confirm="another-password-1"))
    assert hashed == ["another-password-1"]
    new = _user("taken@example.org")
    assert not new.check_password("another-password-1")


def test_the_link_confirms_the_new_account_which_then_logs_in(app, client):
    mail.outbox.clear()
    client.post("/auth/signup", data=signup_data(email="Nia@Example.org"))
    user = _user("nia@example.org")
    assert user is not None and user.confirmed_at is None and user.check_password(PASSWORD)
    assert PASSWORD not in user.password_hash and user.timezone == "America/Denver"
    # Before the link: refused, with the way to a new link.
    r = client.post("/auth/login", data={"email": "nia@example.org", "password": PASSWORD})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Confirm your e-mail address first" in html and 'href="/auth/confirm"' in html
    assert client.get("/home").status_code == 302
    r = client.get(_confirm_link())
    assert r.status_code == 302 and "/auth/login" in r.location
    assert _user("nia@example.org").confirmed_at is not None
    assert "Your account is confirmed" in client.get(r.location).get_data(as_text=True)
    r = client.post("/auth/login", data={"email": "nia@example.org", "password": PASSWORD})
    assert r.status_code == 302 and r.location.endswith("/home")
    assert "Welcome, Nia Nurse" in client.get("/home").get_data(as_text=True)


def test_a_wrong_password_on_an_unconfirmed_account_says_only_that(app, client):
    client.post("/auth/signup", data=signup_data())
    r = client.post("/auth/login", data={"email": "nia@example.org", "password": "not-the-password"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "E-mail or password is not right" in html and "Confirm your e-mail" not in html


def test_a_used_link_says_so_and_changes_nothing(app, client):
    mail.outbox.clear()
    client.post("/auth/signup", data=signup_data())
    link = _confirm_link()
    assert client.get(link).status_code == 302
    confirmed = _user("nia@example.org").confirmed_at
    r = client.get(link)
    assert r.status_code == 400 and "already been used" in r.get_data(as_text=True)
    assert _user("nia@example.org").confirmed_at == confirmed


def test_an_expired_link_is_refused(app, client, monkeypatch):
    mail.outbox.clear()
    four_days_ago = int(time.time()) - 4 * 24 * 3600
    with monkeypatch.context() as m:  # the link was mailed four days ago
        m.setattr(TimestampSigner, "get_timestamp", lambda self: four_days_ago)
        client.post("/auth/signup", data=signup_data())
    r = client.get(_confirm_link())
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "expired" in html and 'action="/auth/confirm"' in html
    assert _user("nia@example.org").confirmed_at is None


def test_a_tampered_link_is_refused(app, client):
    mail.outbox.clear()
    client.post("/auth/signup", data=signup_data())
    link = _confirm_link()
    # Another account's id in the payload, the signature kept: refused.
    other = make_user(email="other@example.org", confirmed_at=None)
    payload, rest = link.removeprefix("/auth/confirm/").split(".", 1)
    forged = confirmation.confirm_token(other).split(".", 1)[0]
    for bad in ["/auth/confirm/not-a-token", f"/auth/confirm/{forged}.{rest}", link[:-2] + ("AA" if link[-2:] != "AA" else "BB")]:
        r = client.get(bad)
        assert r.status_code == 400 and "not valid" in r.get_data(as_text=True), bad
    assert _user("nia@example.org").confirmed_at is None and _user("other@example.org").confirmed_at is None
    assert payload  # the link did carry a payload to tamper with


def test_signing_up_again_before_confirming_replaces_the_earlier_link(app, client):
    """Someone else signed up first with this address: the owner's own sign-up sets their password,
    and the earlier link (which would confirm the other person's password) stops working."""
    mail.outbox.clear()
    client.post("/auth/signup", data=signup_data(name="Not Nia", password="someone-elses-pw", confirm="someone-elses-pw"))
    earlier = _confirm_link()
    client.post("/auth/signup", data=signup_data())
    later = _confirm_link()
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert client.get(earlier).status_code == 400
    assert client.get(later).status_code == 302
    user = _user("nia@example.org")
    assert user.name == "Nia Nurse" and user.check_password(PASSWORD) and not user.check_password("someone-elses-pw")


def test_send_the_link_again_answers_the_same_for_every_address(app, client):
    make_user(email="confirmed@example.org")
    app.test_client().post("/auth/signup", data=signup_data())
    mail.outbox.clear()
    pages = []
    for email in ["nia@example.org", "confirmed@example.org", "nobody@example.org"]:
        r = client.post("/auth/confirm", data={"email": email})
        assert r.status_code == 302 and "/auth/login" in r.location
        pages.append(re.sub(r'name="csrf_token"[^>]*', "", client.get(r.location).get_data(as_text=True)))
    assert pages[0] == pages[1] == pages[2] and "a new link is on its way" in pages[0]
    [message] = mail.outbox  # only the account that waits for confirmation gets one
    assert message["To"] == "nia@example.org"
    assert client.get(_confirm_link()).status_code == 302
    assert client.post("/auth/login", data={"email": "nia@example.org", "password": PASSWORD}).status_code == 302


def test_send_again_form_errors(app, client):
    assert client.get("/auth/confirm").status_code == 200
    r = client.post("/auth/confirm", data={"email": "not-an-address"})
    assert r.status_code == 400 and 'id="email-error"' in r.get_data(as_text=True)


def test_sign_up_mails_are_limited_per_address(app, client):
    app.config["RESET_MAIL_LIMIT"] = "2/hour"
    mail.outbox.clear()
    for _ in range(4):
        r = client.post("/auth/signup", data=signup_data())
        assert r.status_code == 302
    client.post("/auth/confirm", data={"email": "nia@example.org"})
    assert len(mail.outbox) == 2


def test_a_password_reset_confirms_the_address(app, client):
    """The reset link reached the address as surely as the sign-up's would have."""
    client.post("/auth/signup", data=signup_data())
    mail.outbox.clear()
    client.post("/auth/forgot", data={"email": "nia@example.org"})
    link = re.search(r"(/auth/reset/\S+)", mail.outbox[-1].get_content()).group(1)
    client.post(link, data={"password": "a-brand-new-password", "confirm": "a-brand-new-password"})
    assert _user("nia@example.org").confirmed_at is not None
    assert client.post("/auth/login", data={"email": "nia@example.org", "password": "a-brand-new-password"}).status_code == 302


def test_sign_up_from_an_invitation_comes_back_to_it_after_confirming(app, client):
    mail.outbox.clear()
    r = client.post("/auth/signup?next=/programs", data=signup_data())
    assert r.location.endswith("/auth/login?next=/programs")
    r = client.get(_confirm_link())
    assert r.location.endswith("/auth/login?next=/programs")
    r = client.post(r.location, data={"email": "nia@example.org", "password": PASSWORD})
    assert r.location.endswith("/programs")


def _page(r) -> tuple[int, str, str]:
    return r.status_code, r.location or "", re.sub(r'name="csrf_token"[^>]*', "", r.get_data(as_text=True))


def test_login_and_forgot_answer_the_same_for_known_and_unknown_addresses(app):
    make_user(email="known@example.org")
    unconfirmed = make_user(email="pending@example.org", confirmed_at=None)
    # A wrong password: the same page for an account, an unconfirmed one and no account at all
    # (the address typed is echoed back in the form, so compare with it taken out).
    answers = []
    for email in ["known@example.org", unconfirmed.email, "nobody@example.org"]:
        r = app.test_client().post("/auth/login", data={"email": email, "password": "not-the-password"})
        status, location, page = _page(r)
        answers.append((status, location, page.replace(email, "EMAIL")))
    assert answers[0] == answers[1] == answers[2] and answers[0][0] == 400
    # Forgot password: the same redirect and the same message.
    answers = []
    for email in ["known@example.org", "nobody@example.org"]:
        c = app.test_client()
        r = c.post("/auth/forgot", data={"email": email})
        answers.append((r.status_code, r.location, _page(c.get(r.location))[2]))
    assert answers[0] == answers[1] and answers[0][0] == 302
