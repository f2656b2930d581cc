"""Accounts and throttling: failed logins limited per account and per client address, the same
work for an unknown address as for a wrong password, the client address behind trusted proxies."""
from __future__ import annotations

import pytest

import echo.accounts.operations as accounts
from tests.factories import PASSWORD, make_user


def attempt(c, email, password, addr="203.0.113.5", **headers):
    return c.post("/auth/login", data={"email": email, "password": password},
                  environ_base={"REMOTE_ADDR": addr}, headers=headers)


def test_failed_logins_are_limited_per_account_over_all_addresses(app, client):
    user = make_user()
    app.config["LOGIN_FAILURE_LIMIT"] = "3/15 minutes"
    for n in range(3):
        assert attempt(client, user.email, "wrong-password", addr=f"198.51.100.{n}").status_code == 400
    # A fourth address, even with the right password: the account waits.
    r = attempt(app.test_client(), user.email, PASSWORD, addr="192.0.2.77")
    assert r.status_code == 429 and "Too many failed attempts" in r.get_data(as_text=True)
    assert attempt(app.test_client(), make_user().email, PASSWORD, addr="192.0.2.77").status_code == 302


def test_failed_logins_are_limited_per_address_over_all_accounts(app, client):
    user = make_user()
    app.config["LOGIN_ADDRESS_FAILURE_LIMIT"] = "3/15 minutes"
    for n in range(3):
        assert attempt(client, f"guess{n}@example.org", "wrong-password", addr="203.0.113.9").status_code == 400
    r = attempt(app.test_client(), user.email, PASSWORD, addr="203.0.113.9")
    assert r.status_code == 429
    assert attempt(app.test_client(), user.email, PASSWORD, addr="203.0.113.10").status_code == 302


def test_an_unknown_address_checks_a_hash_like_a_wrong_password(app, client, monkeypatch):
    user = make_user()
    checked = []
    real = accounts.check_password_hash

    def spy(pwhash, password):
        checked.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    monkeypatch.setattr("echo.accounts.models.check_password_hash", spy)
    r = attempt(client, "nobody-here@example.org", "some-password")
    assert r.status_code == 400 and "E-mail or password is not right" in r.get_data(as_text=True)
    assert len(checked) == 1
    # Made like real hashes (same method and cost), so it takes as long as a wrong password.
    method = user.password_hash.split("$")[0]
    assert checked[0].split("$")[0] == method and checked[0] != user.password_hash
    r = attempt(client, user.email, "some-password")
    assert r.status_code == 400 and len(checked) == 2 and checked[1] == user.password_hash


@pytest.fixture
def proxied_app(db_url):
    """The app as deployed behind one reverse proxy (ECHO_TRUSTED_PROXIES=1)."""
    from echo import create_app
    from echo.core.extensions import db

    proxied = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "TESTING": True, "WTF_CSRF_ENABLED": False,
                          "SECRET_KEY": "test-secret-key-not-for-production", "TRUSTED_PROXIES": 1})
    yield proxied
    with proxied.app_context():
        db.engine.dispose()


def test_behind_a_trusted_proxy_each_client_has_its_own_address(app, proxied_app):
    user = make_user()
    proxied_app.config["LOGIN_ADDRESS_FAILURE_LIMIT"] = "3/15 minutes"
    c = proxied_app.test_client()
    proxy = "10.0.0.2"  # every request arrives from the proxy
    for n in range(3):
        assert attempt(c, f"guess{n}@example.org", "wrong", addr=proxy, **{"X-Forwarded-For": "198.51.100.20"}).status_code == 400
    assert attempt(c, user.email, PASSWORD, addr=proxy, **{"X-Forwarded-For": "198.51.100.20"}).status_code == 429
    # Another clinic behind the same proxy is not locked out by the first one's guesses.
    assert attempt(proxied_app.test_client(), user.email, PASSWORD, addr=proxy,
                   **{"X-Forwarded-For": "198.51.100.21"}).status_code == 302


def test_without_trusted_proxies_a_forwarded_address_is_ignored(app, client):
    """A client cannot pick its own address with a header when no proxy is trusted."""
    user = make_user()
    app.config["LOGIN_ADDRESS_FAILURE_LIMIT"] = "3/15 minutes"
    for n in range(3):
        attempt(client, f"guess{n}@example.org", "wrong", addr="203.0.113.30", **{"X-Forwarded-For": f"198.51.100.{n}"})
    assert attempt(client, user.email, PASSWORD, addr="203.0.113.30", **{"X-Forwarded-For": "198.51.100.99"}).status_code == 429


def test_trusted_proxies_setting_from_the_environment(monkeypatch, tmp_path):
    from echo.core.config import load_config

    assert load_config(tmp_path)["TRUSTED_PROXIES"] == 0
    monkeypatch.setenv("ECHO_TRUSTED_PROXIES", "2")
    assert load_config(tmp_path)["TRUSTED_PROXIES"] == 2
