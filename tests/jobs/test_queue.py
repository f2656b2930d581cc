"""The job queue: mail leaves the request and is sent by the consumer, on SQLite (make run)
and on Redis (production); immediate in tests; a failed send is tried again later."""
from __future__ import annotations

import smtplib
import time
from datetime import timedelta
from typing import ClassVar

import pytest

from echo.core import mail
from echo.core.jobs import start_embedded_consumer
from tests.helpers import REDIS_URL

STORES = ["sqlite"] + (["redis"] if REDIS_URL else [])


@pytest.fixture(params=STORES)
def queued_app(request, app, tmp_path):
    """The test's app with a real queue instead of immediate mode (its own, emptied)."""
    from echo.core.jobs import init_jobs
    from echo.server.blueprints import JOBS

    app.config["JOBS_URL"] = f"sqlite:///{tmp_path / 'jobs.db'}" if request.param == "sqlite" else REDIS_URL
    huey = init_jobs(app, JOBS)
    huey.flush()
    yield app
    huey.flush()
    app.config["JOBS_URL"] = "immediate"
    init_jobs(app, JOBS)


class FlakySMTP:
    """Stands in for smtplib.SMTP: refuses the first `failures` connections, then accepts."""

    failures = 1
    attempts = 0
    sent: ClassVar[list] = []

    def __init__(self, host, port, timeout=None):
        FlakySMTP.attempts += 1
        if FlakySMTP.attempts <= FlakySMTP.failures:
            raise ConnectionRefusedError("mail server down")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def send_message(self, msg):
        FlakySMTP.sent.append(msg)


@pytest.fixture
def flaky_smtp(monkeypatch, app):
    FlakySMTP.attempts, FlakySMTP.sent = 0, []
    monkeypatch.setattr(smtplib, "SMTP", FlakySMTP)
    monkeypatch.setitem(app.config, "SMTP_HOST", "smtp.example.org")
    return FlakySMTP


def test_immediate_mode_sends_while_queuing(app):
    mail.outbox.clear()
    mail.send_mail("someone@example.org", "Hello", "A body")
    assert [m["To"] for m in mail.outbox] == ["someone@example.org"]


def test_send_mail_only_queues_and_the_consumer_sends(queued_app):
    huey = queued_app.extensions["huey"]
    mail.outbox.clear()
    mail.send_mail("someone@example.org", "Your invitation", "Open the link")
    assert mail.outbox == [] and huey.pending_count() == 1  # nothing sent inside the request
    task = huey.dequeue()
    huey.execute(task)
    assert [(m["To"], m["Subject"]) for m in mail.outbox] == [("someone@example.org", "Your invitation")]
    assert huey.pending_count() == 0


def test_a_failed_send_is_tried_again_later(queued_app, flaky_smtp):
    huey = queued_app.extensions["huey"]
    mail.send_mail("someone@example.org", "Reset your password", "The link")
    huey.execute(huey.dequeue())
    assert flaky_smtp.attempts == 1 and flaky_smtp.sent == []
    [retry] = huey.scheduled()  # waiting for its retry, not lost
    assert retry.retries == mail.MAIL_RETRIES - 1
    assert huey.read_schedule(retry.eta - timedelta(seconds=1)) == []  # not before its delay
    later = retry.eta + timedelta(seconds=1)
    [due] = huey.read_schedule(later)
    huey.execute(due, timestamp=later)
    assert flaky_smtp.attempts == 2
    assert [m["Subject"] for m in flaky_smtp.sent] == ["Reset your password"]
    assert huey.scheduled() == [] and huey.pending_count() == 0


def test_a_send_that_keeps_failing_stops_after_its_retries(queued_app, flaky_smtp, caplog):
    huey = queued_app.extensions["huey"]
    flaky_smtp.failures = 100
    try:
        mail.send_mail("someone@example.org", "Subject line", "secret body text")
        task, later = huey.dequeue(), None
        for _ in range(mail.MAIL_RETRIES + 1):
            huey.execute(task, timestamp=later)
            waiting = huey.scheduled()
            if not waiting:
                break
            later = waiting[0].eta + timedelta(seconds=1)
            task = huey.read_schedule(later)[0]
    finally:
        flaky_smtp.failures = 1
    assert flaky_smtp.attempts == mail.MAIL_RETRIES + 1 and huey.scheduled() == []
    assert "secret body text" not in caplog.text  # the body never reaches the log


def test_the_embedded_consumer_sends_in_the_background(queued_app):
    """make run's server runs the consumer in its own process."""
    mail.outbox.clear()
    consumer = start_embedded_consumer(queued_app)
    try:
        mail.send_mail("someone@example.org", "Background", "Body")
        deadline = time.monotonic() + 30
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        consumer.stop(graceful=True)
    assert [m["Subject"] for m in mail.outbox] == ["Background"]


@pytest.mark.server
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_make_runs_server_sends_queued_mail_itself(app, live_server, tmp_path):
    """`make run`'s server (echo.server.serve) consumes the SQLite queue beside its database:
    a message queued by another process (here, the test) is kept in its Maildir."""
    import mailbox

    from echo.core.jobs import init_jobs
    from echo.server.blueprints import JOBS

    mail_dir = tmp_path / "server-mail"
    live_server(ECHO_MAIL_DIR=str(mail_dir))
    app.config["JOBS_URL"] = None  # the default: the SQLite file beside the database, as the server
    try:
        init_jobs(app, JOBS)
        mail.send_mail("someone@example.org", "Queued by another process", "Body")
    finally:
        app.config["JOBS_URL"] = "immediate"
        init_jobs(app, JOBS)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (mail_dir / "new").is_dir():
        time.sleep(0.1)
    while time.monotonic() < deadline and not any((mail_dir / "new").iterdir()):
        time.sleep(0.1)
    [kept] = list(mailbox.Maildir(mail_dir, create=False))
    assert kept["Subject"] == "Queued by another process"
