"""Invitation links point at the address the app runs at: ECHO_BASE_URL when set, otherwise
the local server's own port (ECHO_PORT), not a fixed port 5000."""
from __future__ import annotations

import re

import pytest

from echo import create_app
from echo.core import mail


@pytest.fixture
def on_port_5123(monkeypatch):
    monkeypatch.setenv("ECHO_PORT", "5123")
    monkeypatch.delenv("ECHO_BASE_URL", raising=False)


def _invite_mail(client, program) -> str:
    mail.outbox.clear()
    r = client.post(f"/programs/{program.id}/invites", data={"email": "new.member@example.org", "role": "specialist"})
    assert r.status_code == 302
    return mail.outbox[-1].get_content()


def test_an_invitation_link_follows_the_servers_port(on_port_5123, app, people, login_as):
    body = _invite_mail(login_as(people.coordinator), people.program)
    assert re.search(r"http://127.0.0.1:5123/invites/\S+", body)
    assert ":5000" not in body


def test_an_invitation_link_follows_the_configured_base_url(monkeypatch, app, people, login_as):
    app.config["BASE_URL"] = "https://echo.example.org"
    body = _invite_mail(login_as(people.coordinator), people.program)
    assert re.search(r"https://echo\.example\.org/invites/\S+", body)


@pytest.mark.parametrize("env, expected", [
    ({"ECHO_PORT": "8080"}, "http://127.0.0.1:8080"),
    ({}, "http://127.0.0.1:5000"),
    ({"ECHO_PORT": "8080", "ECHO_BASE_URL": "https://clinic.example.org/"}, "https://clinic.example.org"),
])
def test_base_url_setting(monkeypatch, tmp_path, env, expected):
    for name in ("ECHO_PORT", "ECHO_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    made = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "TESTING": True, "SECRET_KEY": "k"})
    assert made.config["BASE_URL"] == expected
