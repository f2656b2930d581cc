"""Logs never contain case text: not on save, submit, the privacy check, a failed request or
a mailed summary."""
import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from echo.extensions import db
from echo.mail import send_mail
from echo.models import Case

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
    c = login_as(people["participant"])
    program = people["program"]
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
