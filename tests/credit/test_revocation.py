"""Credit: revoking an award given in error and reinstating it. Who may (the program's
coordinators and site admins only), the reason (required, kept when refused), what the learner is
told, and what revoked credit looks like on the verification page, the certificate, the
transcript and the exports."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from babel.dates import format_date
from sqlalchemy import select

from echo.accounts.models import AuditLog, Notification
from echo.core import mail
from echo.core.extensions import db
from echo.credit import awards as aw
from echo.credit import rules as cr
from echo.credit.models import CreditAward
from echo.credit.revocation import revoked_day
from tests.credit.conftest import ended_session, set_rule
from tests.factories import make_program, make_user

REASON = "Duplicate: attendance was counted twice after a reconnection."


@pytest.fixture
def award(credit_world):
    people, s = credit_world
    made = aw.do_award(s, aw.check_claim(people.participant, s), None)
    db.session.commit()
    mail.outbox.clear()
    return people, made


def _revoke(client, award, reason=REASON):
    return client.post(f"/credit/certificate/{award.code}/revoke", data={"reason": reason})


def _fresh(award) -> CreditAward:
    db.session.expire_all()
    return db.session.get(CreditAward, award.id)


def test_coordinator_revokes_with_a_reason_and_the_learner_is_told(award, login_as):
    people, a = award
    c = login_as(people.coordinator)
    page = c.get(f"/credit/certificate/{a.code}/revoke").text
    assert people.participant.name in page and 'name="reason"' in page and a.display_code in page
    r = _revoke(c, a)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/credit/certificate/{a.code}/revoke")
    a = _fresh(a)
    assert a.revoked and a.revoked_by_id == people.coordinator.id and a.revoked_reason == REASON
    assert a.revoked_at is not None and (datetime.now(UTC) - a.revoked_at).total_seconds() < 60
    shown = c.get(r.headers["Location"]).text
    assert "The credit is revoked." in shown and REASON in shown and "Reinstate this credit" in shown
    # The learner: a notice linking to the transcript, and a mail with the reason.
    notice = db.session.scalar(select(Notification).where(Notification.user_id == people.participant.id,
                                                           Notification.kind == "credit_revoked"))
    assert notice is not None and "was revoked" in notice.message and notice.url == "/credit/transcript"
    assert [m["To"] for m in mail.outbox] == [people.participant.email]
    assert "was revoked" in mail.outbox[0]["Subject"] and REASON in mail.outbox[0].get_content()
    # The audit trail: who and when, no free text.
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "credit.revoked"))
    assert (entry.actor_id, entry.object_id, entry.program_id) == (people.coordinator.id, a.id, people.program.id)
    assert REASON not in entry.detail


def test_the_learner_is_told_in_their_language(award, login_as):
    people, a = award
    people.participant.language = "fr"
    db.session.commit()
    _revoke(login_as(people.coordinator), a)
    notice = db.session.scalar(select(Notification).where(Notification.kind == "credit_revoked"))
    assert "ont été révoqués" in notice.message
    assert "ont été révoqués" in mail.outbox[0]["Subject"] and REASON in mail.outbox[0].get_content()


def test_a_missing_reason_is_refused_and_a_long_one_kept(award, login_as):
    people, a = award
    c = login_as(people.coordinator)
    r = _revoke(c, a, "   ")
    assert r.status_code == 400 and "Give the reason for revoking this credit" in r.text
    long = "Attended another session by mistake. " * 12
    r = _revoke(c, a, long)
    assert r.status_code == 400 and "400 characters at most" in r.text
    assert "Attended another session by mistake." in r.text          # what was typed is kept
    assert not _fresh(a).revoked and mail.outbox == []


def test_only_the_programs_coordinators_and_admins_revoke(award, login_as, client):
    people, a = award
    other_coordinator = make_user("Otto Other")
    make_program(other_coordinator)
    url = f"/credit/certificate/{a.code}/revoke"
    for who in (people.participant, people.specialist, people.learner, people.outsider, other_coordinator):
        c = login_as(who)
        assert c.get(url).status_code == 403
        r = _revoke(c, a)
        assert r.status_code == 403 and "may revoke or reinstate its credit" in r.text
    assert client.post(url, data={"reason": REASON}).status_code == 302           # to the login page
    assert not _fresh(a).revoked
    # A site admin may, as a coordinator of every program.
    assert _revoke(login_as(people.admin), a).status_code == 303
    assert _fresh(a).revoked_by_id == people.admin.id
    for who in (people.participant, other_coordinator):
        assert login_as(who).post(f"/credit/certificate/{a.code}/reinstate").status_code == 403
    assert _fresh(a).revoked


def test_revoking_twice_and_reinstating_what_stands_are_clear_errors(award, login_as):
    people, a = award
    c = login_as(people.coordinator)
    r = c.post(f"/credit/certificate/{a.code}/reinstate")
    assert r.status_code == 409 and "This credit is not revoked" in r.text
    assert _revoke(c, a).status_code == 303
    r = _revoke(c, a, "Another reason")
    assert r.status_code == 409 and "already revoked on" in r.text
    assert _fresh(a).revoked_reason == REASON                             # the first reason stands
    assert len(mail.outbox) == 1


def test_reinstating_gives_the_credit_back(award, login_as):
    people, a = award
    c = login_as(people.coordinator)
    _revoke(c, a)
    r = c.post(f"/credit/certificate/{a.code}/reinstate")
    assert r.status_code == 303
    a = _fresh(a)
    assert not a.revoked and a.revoked_by_id is None and a.revoked_reason == ""
    assert "This certificate is genuine" in c.get(f"/verify/{a.code}").text
    learner = login_as(people.participant)
    assert learner.get(f"/credit/certificate/{a.code}.pdf").status_code == 200
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == people.participant.id)
                               .order_by(Notification.id)).all()
    assert kinds[-2:] == ["credit_revoked", "credit_reinstated"]
    assert "was reinstated" in mail.outbox[-1]["Subject"]
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.object_type == "credit_award",
                                                               AuditLog.object_id == a.id).order_by(AuditLog.id)).all()
    assert actions[-2:] == ["credit.revoked", "credit.reinstated"]
    log = c.get(f"/cases/program/{people.program.id}/audit").text
    assert "Credit revoked" in log and "Credit reinstated" in log
    # And it may be revoked again.
    assert _revoke(c, a, "Did not attend after all.").status_code == 303


def test_verification_page_says_revoked_without_the_reason(award, login_as, client):
    people, a = award
    _revoke(login_as(people.coordinator), a)
    r = client.get(f"/verify/{a.display_code}")
    page = r.text
    assert r.status_code == 200
    assert "This certificate was revoked" in page and "It no longer certifies any credit." in page
    assert "genuine" not in page and REASON not in page
    assert people.participant.name in page and a.display_code in page
    assert format_date(revoked_day(_fresh(a)), "long", locale="en") in page     # when, in words
    assert "a été révoquée" in client.get(f"/verify/{a.code}", headers={"Accept-Language": "fr"}).text


def test_a_revoked_certificate_cannot_be_downloaded(award, login_as):
    people, a = award
    _revoke(login_as(people.coordinator), a)
    for who in (people.participant, people.coordinator):
        r = login_as(who).get(f"/credit/certificate/{a.code}.pdf")
        assert r.status_code == 409 and r.mimetype == "text/html" and "was revoked on" in r.text


def test_transcript_lists_revoked_credit_apart_and_outside_the_totals(award, login_as):
    people, a = award
    learner = login_as(people.participant)
    assert "1.5 hours in all" in learner.get("/credit/transcript").text
    _revoke(login_as(people.coordinator), a)
    page = learner.get("/credit/transcript").text
    assert "Credit revoked" in page and REASON in page
    assert "hours in all" not in page and f"/credit/certificate/{a.code}.pdf" not in page
    assert "No credit yet" in page
    # Claiming again does not undo the coordinators' decision.
    r = learner.post(f"/credit/session/{a.session_id}/claim")
    assert r.status_code == 409 and "was revoked" in r.text
    assert len(db.session.scalars(select(CreditAward)).all()) == 1


def test_session_credit_page_shows_revoked_and_offers_revoking(award, login_as):
    people, a = award
    c = login_as(people.coordinator)
    page = c.get(f"/credit/session/{a.session_id}").text
    assert f"/credit/certificate/{a.code}/revoke" in page and ">revoke<" in page
    _revoke(c, a)
    page = c.get(f"/credit/session/{a.session_id}").text
    assert "why, or reinstate" in page and f"/credit/certificate/{a.code}.pdf" not in page
    # A coordinator awarding the session again does not award revoked credit anew.
    c.post(f"/credit/session/{a.session_id}/award")
    assert len(db.session.scalars(select(CreditAward)).all()) == 1


@pytest.fixture
def season(people):
    """Two sessions (10 March and 14 April 2026, noon in Denver) both attended by the participant;
    the specialist attended the first. 1.5 hours each, no evaluation needed."""
    set_rule(people.program, people.coordinator, evaluation=False, pars="202600042")
    rule = cr.rule_of(people.program)
    for month, day in ((3, 10), (4, 14)):
        s = ended_session(people.program, {people.participant: 60, people.specialist: 60} if month == 3 else
                          {people.participant: 60}, starts_at=datetime(2026, month, day, 18, 0, tzinfo=UTC))
        aw.do_award_session(s, rule, people.coordinator)
    db.session.commit()
    return people


def test_exports_mark_revoked_credit_in_the_csv_and_leave_it_out_of_pars(season, login_as):
    people = season
    c = login_as(people.coordinator)
    april = db.session.scalar(select(CreditAward).where(CreditAward.user_id == people.participant.id)
                              .order_by(CreditAward.session_starts_at.desc()))
    assert _revoke(c, april).status_code == 303
    q = {"start": "2026-01-01", "end": "2026-12-31"}
    rows = list(csv.DictReader(io.StringIO(c.get(f"/credit/program/{people.program.id}/awards.csv", query_string=q).text)))
    assert len(rows) == 3
    by_code = {row["verification_code"]: row for row in rows}
    assert by_code[april.display_code]["status"] == "revoked" and by_code[april.display_code]["revoked_at_utc"]
    assert [row["status"] for row in rows if row["verification_code"] != april.display_code] == ["awarded", "awarded"]
    lines = c.get(f"/credit/program/{people.program.id}/pars.txt", query_string=q).text.split("\r\n")[1:-1]
    by_email = {line.split("\t")[4]: line.split("\t") for line in lines}
    # The participant's April credit is withdrawn: March alone is reported, with its date.
    assert by_email[people.participant.email][7:] == ["1.50", "03/10/2026"]
    assert by_email[people.specialist.email][7] == "1.50"
    page = c.get(f"/credit/program/{people.program.id}/exports", query_string=q).text
    assert "1 of them was revoked" in page and "why, or reinstate" in page
    # Every credit revoked: the learner is not in the PARS file at all.
    march = db.session.scalar(select(CreditAward).where(CreditAward.user_id == people.participant.id)
                              .order_by(CreditAward.session_starts_at))
    _revoke(c, march)
    text = c.get(f"/credit/program/{people.program.id}/pars.txt", query_string=q).text
    assert people.participant.email not in text and people.specialist.email in text


def test_revoking_needs_the_forms_csrf_token(award, csrf_app, login_as):
    people, a = award
    c = login_as(people.coordinator)
    assert _revoke(c, a).status_code == 400                              # a forged post: no token
    assert not _fresh(a).revoked
    page = c.get(f"/credit/certificate/{a.code}/revoke").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    r = c.post(f"/credit/certificate/{a.code}/revoke", data={"reason": REASON, "csrf_token": token})
    assert r.status_code == 303 and _fresh(a).revoked


def test_an_award_whose_program_is_gone_is_for_site_admins(award, login_as):
    """Awards outlive their program (six years of records): then only a site admin may revoke."""
    people, a = award
    a.program_id = None
    db.session.commit()
    assert _revoke(login_as(people.coordinator), a).status_code == 403
    r = login_as(people.admin).get(f"/credit/certificate/{a.code}/revoke")
    assert r.status_code == 200 and "Revoke this credit" in r.text
    assert _revoke(login_as(people.admin), a).status_code == 303
