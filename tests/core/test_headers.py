"""Response headers every deployment relies on: nothing with case text is stored by a browser
or proxy, the CSP keeps pages to this site, HSTS once the site is HTTPS-only; and absolute
links come from the configured base URL, never from the request's Host header."""
from __future__ import annotations

import pytest

from echo.core.config import load_config
from echo.core.extensions import db
from tests.factories import make_session, published_case
from tests.helpers import feed_token

EVIL = {"Host": "evil.example"}


def test_pages_api_print_and_csv_are_not_stored(app, people, login_as):
    p = people
    case = published_case(p.program, p.participant, p.coordinator, title="Opioid taper", tags=["opioids"])
    session = make_session(p.program)
    coordinator = login_as(p.coordinator)
    for url in ["/home", f"/programs/{p.program.id}", f"/library/cases/{case.id}",
                f"/live/cases/{case.id}/summary/print", "/api/v1/library/search?q=taper",
                f"/api/v1/library/cases/{case.id}", f"/sessions/{session.id}/attendance.csv"]:
        r = coordinator.get(url)
        assert r.status_code == 200, url
        assert r.headers["Cache-Control"] == "no-store", url
    # Error pages, the login page and a refused request are not kept either.
    assert app.test_client().get("/auth/login").headers["Cache-Control"] == "no-store"
    assert login_as(p.learner).get(f"/sessions/{session.id}/attendance.csv").headers["Cache-Control"] == "no-store"


def test_static_files_and_calendar_feeds_keep_their_own_caching(app, people, client):
    r = client.get("/static/css/app.css")
    assert r.status_code == 200 and "no-store" not in r.headers.get("Cache-Control", "")
    r = client.get(f"/calendar/program/{feed_token(people.program)}.ics")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "private, max-age=300"


def test_socketio_polling_answers_are_not_stored(app, login_as, people):
    r = login_as(people.participant).get("/socket.io/?EIO=4&transport=polling")
    assert r.status_code == 200 and r.get_data(as_text=True).startswith("0{")
    assert r.headers["Cache-Control"] == "no-store"


def _csp(resp) -> dict[str, str]:
    return {d.split()[0]: " ".join(d.split()[1:]) for d in resp.headers["Content-Security-Policy"].split(";") if d.strip()}


def test_csp_limits_base_forms_and_connections_to_this_site(app, client):
    csp = _csp(client.get("/auth/login"))
    assert csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"
    # Only this site's own origin, its WebSocket included; no ws:/wss: to anywhere.
    assert csp["connect-src"].split() == ["'self'", "ws://127.0.0.1:5000"]
    assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    app.config["BASE_URL"] = "https://echo.example.org"
    csp = _csp(client.get("/auth/login", headers=EVIL))
    assert csp["connect-src"].split() == ["'self'", "wss://echo.example.org"]


def test_hsts_only_when_cookies_are_secure(app, client):
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    hsts = client.get("/auth/login", base_url="https://localhost").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1]) >= 180 * 24 * 3600


def test_the_secure_cookies_setting_turns_hsts_on(app, monkeypatch):
    from echo import create_app

    monkeypatch.setenv("ECHO_SECURE_COOKIES", "1")
    monkeypatch.setenv("ECHO_BASE_URL", "https://echo.example.org")
    deployed = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": True})
    r = deployed.test_client().get("/auth/login", base_url="https://echo.example.org")
    assert r.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "wss://echo.example.org" in r.headers["Content-Security-Policy"]


# --- absolute links ------------------------------------------------------------------------

@pytest.fixture
def site(app):
    app.config["BASE_URL"] = "https://echo.example.org"
    return "https://echo.example.org"


def test_calendar_feeds_link_to_the_configured_site(site, people, client):
    p = people
    make_session(p.program)
    for url in [f"/calendar/program/{feed_token(p.program)}.ics", f"/calendar/me/{feed_token(p.participant)}.ics"]:
        body = client.get(url, headers=EVIL).get_data(as_text=True).replace("\r\n ", "")
        assert "evil.example" not in body
        assert f"URL:{site}/sessions/" in body


def test_feed_links_on_pages_use_the_configured_site(site, app, people):
    p = people
    c = app.test_client()
    from echo.accounts import logins

    token = logins.do_start_login(p.coordinator, remember=False)
    db.session.commit()
    with c.session_transaction(base_url="http://evil.example") as sess:  # logged in on the forged host
        sess["_user_id"] = token
    page = c.get(f"/programs/{p.program.id}", base_url="http://evil.example").get_data(as_text=True)
    assert f"{site}/calendar/program/{feed_token(p.program)}.ics" in page and "evil.example" not in page
    page = c.get("/programs", base_url="http://evil.example").get_data(as_text=True)
    assert f"{site}/calendar/me/{feed_token(p.coordinator)}.ics" in page and "evil.example" not in page


def test_api_links_and_openapi_servers_use_the_configured_site(site, people, login_as):
    p = people
    case = published_case(p.program, p.participant, p.coordinator, title="Opioid taper", tags=["opioids"])
    c = login_as(p.learner)
    doc = c.get("/api/v1/openapi.json", headers=EVIL).json
    assert doc["servers"][0]["url"] == f"{site}/api/v1"
    hits = c.get("/api/v1/library/search?q=taper", headers={"X-Forwarded-Host": "evil.example"}).json["results"]
    assert hits and hits[0]["url"] == f"{site}/library/cases/{case.id}"
    assert hits[0]["api_url"] == f"{site}/api/v1/library/cases/{case.id}"


def test_mailed_reset_link_uses_the_configured_site(site, client):
    from echo.core import mail
    from tests.factories import make_user

    make_user(email="host@example.org")
    mail.outbox.clear()
    client.post("/auth/forgot", data={"email": "host@example.org"}, headers=EVIL)
    body = mail.outbox[-1].get_content()
    assert f"{site}/auth/reset/" in body and "evil.example" not in body


@pytest.mark.parametrize("value", ["echo.example.org", "ftp://echo.example.org", "https://echo.example.org/app", "https://",
                                   "https://echo.example.org:port"])
def test_a_base_url_that_is_not_an_origin_is_refused_at_start(monkeypatch, tmp_path, value):
    monkeypatch.setenv("ECHO_BASE_URL", value)
    with pytest.raises(ValueError, match="ECHO_BASE_URL"):
        load_config(tmp_path)


@pytest.mark.server
def test_the_server_links_to_its_own_port_by_default(live_server, people, monkeypatch):
    import requests

    monkeypatch.delenv("ECHO_BASE_URL", raising=False)
    server = live_server()
    make_session(people.program)
    body = requests.get(f"{server.url}/calendar/program/{feed_token(people.program)}.ics", timeout=10).text
    assert f"URL:{server.url}/sessions/" in body.replace("\r\n ", "")
