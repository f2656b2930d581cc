"""Logs never contain case text: not on save, submit, the privacy check, a failed request or
a mailed summary."""
import logging
import re
import sys
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from echo.cases.models import Case
from echo.core.extensions import db
from echo.core.mail import send_mail
from tests.helpers import feed_token

MARK = "Zanzibarquokka"  # a word that can only come from the case text


def _case_form(**extra):
    form = {
        "title": f"Low mood {MARK}", "age": "45", "sex": "female", "setting": "Rural clinic",
        "chief_concern": f"Low mood and poor sleep {MARK}", "narrative": f"Seen with {MARK} on 3/14/2025.",
        "questions": f"Should we switch the SSRI {MARK}?", "tags": "depression", "action": "save",
    }
    form.update(extra)
    return form


def _assert_clean(caplog):
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert MARK not in logged, "case text reached the log"


def test_saving_checking_and_submitting_a_case_logs_no_case_text(app, people, login_as, caplog):
    caplog.set_level(logging.DEBUG)
    c = login_as(people.participant)
    program = people.program
    resp = c.post(f"/cases/program/{program.id}/new", data=_case_form())
    assert resp.status_code == 303
    case = db.session.query(Case).one()
    c.post("/cases/privacy-check", json={"program_id": program.id, "fields": {"narrative": f"{MARK} Jones 3/4/2025"}})
    # Submission is refused (the date is a finding); the refusal must not echo the text either.
    c.post(f"/cases/{case.id}/edit", data=_case_form(action="submit", version=str(case.version)))
    _assert_clean(caplog)


def test_a_database_error_does_not_log_the_values(app, people, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(IntegrityError) as info:
        db.session.execute(text("INSERT INTO case_tags (case_id, tag) VALUES (:c, :t)"), {"c": 987654, "t": MARK})
        db.session.execute(text("INSERT INTO case_tags (case_id, tag) VALUES (:c, :t)"), {"c": 987654, "t": MARK})
        db.session.flush()
        db.session.commit()
    db.session.rollback()
    assert MARK not in str(info.value)
    logging.getLogger("echo.test").exception("simulated handler log", exc_info=info.value)
    _assert_clean(caplog)


def test_a_mailed_summary_is_not_logged_in_development(app, caplog):
    caplog.set_level(logging.DEBUG)
    with app.test_request_context():
        send_mail("presenter@example.org", "Summary of case #3", f"Recommendations: {MARK}", sensitive=True)
    _assert_clean(caplog)
    assert any("Summary of case #3" in r.getMessage() for r in caplog.records)


# --- secret tokens (calendar feeds, password resets, invitations) -------------------------------

def _secret_links(people) -> dict[str, str]:
    """A real token of each kind and the path that carries it."""
    from echo.accounts import confirmation
    from echo.accounts import operations as accounts
    from tests.factories import make_invite, make_user

    reset = accounts.do_request_reset(people.participant)
    db.session.commit()
    _invite, invite = make_invite(people.coordinator, people.program, "newcomer@example.org", "participant")
    program_feed, my_feed = feed_token(people.program), feed_token(people.participant)
    confirm = confirmation.confirm_token(make_user(email="pending@example.org", confirmed_at=None))
    return {
        program_feed: f"/calendar/program/{program_feed}.ics",
        my_feed: f"/calendar/me/{my_feed}.ics",
        reset: f"/auth/reset/{reset}",
        invite: f"/invites/{invite}",
        confirm: f"/auth/confirm/{confirm}",
    }


def _gunicorn(port: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "-c", "python:echo.server.gunicorn_conf", "-b", f"127.0.0.1:{port}",
            "--access-logfile", "-", "echo.server.wsgi:app"]


@pytest.mark.server
@pytest.mark.parametrize("server", ["echo.server.serve", "gunicorn"])
def test_access_logs_keep_no_tokens(app, people, live_server, server):
    import requests

    links = _secret_links(people)
    s = live_server(command=_gunicorn if server == "gunicorn" else None, ECHO_ACCESS_LOG="1")
    reset_page = s.url + next(p for p in links.values() if p.startswith("/auth/reset/"))
    invite_path = next(p for p in links.values() if p.startswith("/invites/"))
    # Where an invitation sends a visitor who is not logged in.
    login_next = "/auth/login?next=" + requests.utils.quote(invite_path, safe="")
    for path in [*links.values(), login_next]:
        # The Referer is what the reset page's own stylesheet request sends.
        assert requests.get(s.url + path, headers={"Referer": reset_page}, timeout=10).status_code in (200, 302)
    # The server writes a request's log line after its answer: let the last one land before stopping it.
    deadline = time.monotonic() + 10
    while "/auth/login?next=" not in s.log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    s.stop()
    logged = s.log_path.read_text()
    for token in links:
        assert token not in logged, "a secret token reached the access log"
    for kept in ("/calendar/program/<secret>", "/calendar/me/<secret>", "/auth/reset/<secret>", "/invites/<secret>",
                 "/auth/confirm/<secret>",
                 "/auth/login?next=%2Finvites%2F<secret>"):
        assert f"GET {kept} HTTP/1.1" in logged  # the lines are there, without their secret


def test_every_route_with_a_token_is_redacted(app):
    from flask import url_for

    from echo.ops.accesslog import redact

    secret = "Sx3cretT0ken_-value"
    rules = [r for r in app.url_map.iter_rules() if "token" in r.arguments]
    assert len(rules) >= 4
    with app.test_request_context():
        for rule in rules:
            path = url_for(rule.endpoint, token=secret)
            assert secret not in redact(f'GET {path} HTTP/1.1" 200 "https://site{path}"'), rule.rule
            encoded = url_for("auth.login", next=path)
            assert secret not in redact(f"GET {encoded} HTTP/1.1"), encoded


def test_the_development_server_log_keeps_no_tokens(app, people, caplog):
    caplog.set_level(logging.INFO)
    token = feed_token(people.participant)
    # What Werkzeug's development server (`flask run`) logs for each request.
    logging.getLogger("werkzeug").info('%s - - [%s] "%s" %s -', "127.0.0.1", "04/Dec/2026 12:00:00",
                                       f"GET /calendar/me/{token}.ics HTTP/1.1", "200")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert token not in logged and "GET /calendar/me/<secret> HTTP/1.1" in logged


def test_an_unexpected_error_on_a_token_url_logs_the_route_not_the_token(app, people, client, caplog, monkeypatch):
    from echo.programs import calendar_links

    def broken(token):
        raise RuntimeError("feed failed")

    monkeypatch.setattr(calendar_links, "user_by_token", broken)
    caplog.set_level(logging.INFO)
    token = feed_token(people.participant)
    assert client.get(f"/calendar/me/{token}.ics").status_code == 500
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert token not in logged and "/calendar/me/<token>.ics" in logged


def test_reset_invitation_and_sign_up_mails_keep_their_links_out_of_the_log(app, people, client, login_as, caplog):
    import mailbox

    from echo.core import mail

    caplog.set_level(logging.DEBUG)
    mail.outbox.clear()
    client.post("/auth/forgot", data={"email": people.participant.email})
    r = login_as(people.coordinator).post(f"/programs/{people.program.id}/invites",
                                             data={"email": "newcomer@example.org", "role": "participant"})
    assert r.status_code in (200, 302)
    client.post("/auth/signup", data={"name": "New Person", "email": "signing-up@example.org", "password": "long-enough-pass",
                                      "confirm": "long-enough-pass", "profession": "Pharmacist", "timezone": "UTC"})
    links = [re.search(r"https?://\S+/(?:auth/reset|invites|auth/confirm)/(\S+)", m.get_content()).group(1) for m in mail.outbox]
    assert len(links) == 3
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for token in links:
        assert token not in logged
    # Developers without SMTP still follow the links: the mails are kept in a Maildir.
    # (decoded: a long link is folded by the mail's quoted-printable encoding, as any mail client reads it)
    kept = "\n".join(m.get_payload(decode=True).decode() for m in mailbox.Maildir(app.config["MAIL_DIR"], create=False))
    assert all(token in kept for token in links)


def test_a_reset_link_carries_nothing_readable(app, people, client):
    import base64

    from echo.accounts.models import PasswordReset
    from echo.core import mail

    user = people.participant
    mail.outbox.clear()
    client.post("/auth/forgot", data={"email": user.email})
    token = re.search(r"/auth/reset/(\S+)", mail.outbox[-1].get_content()).group(1)
    # Not a signed payload (id and time in base64, then a signature): 256 random bits.
    assert "." not in token
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) == 32
    client.post("/auth/forgot", data={"email": user.email})
    assert re.search(r"/auth/reset/(\S+)", mail.outbox[-1].get_content()).group(1) != token
    # Only a hash is stored: the database does not hold a usable link.
    stored = db.session.query(PasswordReset).all()
    assert len(stored) == 2 and all(token not in r.token_hash and r.user_id == user.id for r in stored)


# --- JSON log lines (ECHO_LOG_FORMAT=json) -------------------------------------------------------

def test_json_log_lines_keep_no_case_text_no_tokens(app, people, login_as, client, monkeypatch):
    import io
    import json

    from echo.ops.logs import REQUEST_ID, configure_logging
    from echo.programs import calendar_links

    out = io.StringIO()
    handler = logging.StreamHandler(out)  # as the process's own handler on stderr
    root = logging.getLogger()
    root.addHandler(handler)
    level, root.level = root.level, logging.DEBUG
    try:
        configure_logging("json")
        c = login_as(people.participant)
        assert c.post(f"/cases/program/{people.program.id}/new", data=_case_form()).status_code == 303

        def broken(token):
            raise RuntimeError("feed failed")

        monkeypatch.setattr(calendar_links, "user_by_token", broken)
        token = feed_token(people.participant)
        # A request id made of case text or a path is not taken (nor logged): a new one is made.
        r = client.get(f"/calendar/me/{token}.ics", headers={"X-Request-ID": f"{MARK} /calendar/me/{token}"})
        assert r.status_code == 500 and MARK not in r.headers["X-Request-ID"]
    finally:
        root.removeHandler(handler)
        handler.removeFilter(REQUEST_ID)
        root.level = level
        configure_logging("text")
    written = out.getvalue()
    lines = [json.loads(line) for line in written.splitlines()]  # every line is one JSON object
    assert MARK not in written and token not in written
    error = next(line for line in lines if line["message"].startswith("unhandled error"))
    assert error["message"] == "unhandled error on GET /calendar/me/<token>.ics"
    assert error["request_id"] == r.headers["X-Request-ID"]
