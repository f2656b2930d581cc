"""Error pages: clear messages, JSON under /api/, and one failing request does not break the next."""
import pytest
from sqlalchemy.exc import OperationalError

from echo.accounts.models import User
from echo.core.extensions import db


def test_unknown_page_is_a_friendly_404(client):
    resp = client.get("/no/such/page")
    assert resp.status_code == 404
    assert "There is nothing here" in resp.get_data(as_text=True)


def test_api_errors_are_json(client):
    resp = client.get("/api/v1/no-such-thing")
    assert resp.status_code == 404
    assert resp.get_json()["error"]["status"] == 404


def test_a_crash_gives_a_500_page_and_the_next_request_works(app, people, login_as):
    @app.route("/test-crash")
    def crash():
        db.session.add(User(email="half@example.org", name="Half written", password_hash="x"))
        db.session.flush()
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    c = login_as(people.participant)
    resp = c.get("/test-crash")
    assert resp.status_code == 500
    assert "Something went wrong" in resp.get_data(as_text=True)
    # The half-done write was rolled back, and the app goes on serving.
    assert db.session.query(User).filter_by(email="half@example.org").count() == 0
    assert c.get("/home").status_code == 200


def test_security_headers(client):
    resp = client.get("/auth/login")
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_health_check(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_the_outage_answer_is_in_the_browser_language(app, client, accept):
    """Without the database, the account's own language cannot be read: the answer follows the
    browser (or the switcher's choice, kept in the cookie)."""
    def unreachable() -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    app.before_request_funcs.setdefault(None, []).append(unreachable)
    r = client.get("/auth/login", headers={"Accept": accept, "Accept-Language": "fr-CA,fr;q=0.9"})
    assert r.status_code == 503
    text = r.get_json()["error"]["message"] if accept == "application/json" else r.get_data(as_text=True)
    assert "La base de données est momentanément injoignable." in text
    if accept == "text/html":
        assert text.startswith('<!doctype html><html lang="fr"><title>Indisponible</title>')
    with client.session_transaction() as sess:
        sess["lang"] = "es"
    r = client.get("/auth/login", headers={"Accept": accept, "Accept-Language": "fr"})
    text = r.get_json()["error"]["message"] if accept == "application/json" else r.get_data(as_text=True)
    assert "La base de datos no está disponible por un momento." in text
