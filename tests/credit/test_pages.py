"""The credit pages follow the site's accessibility rules (one h1, every control labelled, the
page's language), and speak Spanish and French, certificates included."""
from __future__ import annotations

from sqlalchemy import select

from echo.core.extensions import db
from echo.credit.models import CreditAward
from tests.helpers import check_accessible as check


def test_credit_pages_are_labelled(credit_world, login_as, client):
    people, s = credit_world
    participant = login_as(people.participant)
    check(participant.get("/credit/transcript").text, "transcript, with a claim")
    participant.post(f"/credit/session/{s.id}/claim")
    check(participant.get("/credit/transcript").text, "transcript")
    award = db.session.scalar(select(CreditAward))
    coordinator = login_as(people.coordinator)
    pid = people.program.id
    check(coordinator.get(f"/credit/program/{pid}/rule").text, "rule")
    check(coordinator.post(f"/credit/program/{pid}/rule", data={"hours": "0"}).text, "rule, refused")
    check(coordinator.get(f"/credit/session/{s.id}").text, "session credit")
    check(coordinator.get(f"/credit/program/{pid}/exports", query_string={"start": "2020-01-01", "end": "2040-01-01"}).text,
          "exports")
    check(coordinator.get(f"/programs/{pid}").text, "program page with its credit")
    session_page = coordinator.get(f"/sessions/{s.id}").text
    check(session_page, "session page")
    assert f"/credit/session/{s.id}" in session_page
    check(client.get("/verify").text, "verify")
    check(client.get(f"/verify/{award.code}").text, "verified")
    check(client.get("/verify/NOPE-NOPE-NOPE").text, "not found")
    revoke = f"/credit/certificate/{award.code}/revoke"
    check(coordinator.get(revoke).text, "revoke")
    check(coordinator.post(revoke, data={"reason": ""}).text, "revoke, refused")
    coordinator.post(revoke, data={"reason": "Duplicate award"})
    check(coordinator.get(revoke).text, "revoked, to reinstate")
    check(client.get(f"/verify/{award.code}").text, "verified, revoked")
    check(participant.get("/credit/transcript").text, "transcript with revoked credit")


def test_credit_in_spanish_and_french(credit_world, login_as, client):
    people, s = credit_world
    people.participant.language = "es"
    db.session.commit()
    participant = login_as(people.participant)
    assert "Su historial de créditos" in participant.get("/credit/transcript").text
    participant.post(f"/credit/session/{s.id}/claim")
    award = db.session.scalar(select(CreditAward))
    pdf = participant.get(f"/credit/certificate/{award.code}.pdf").data
    assert "Se certifica que".encode("windows-1252") in pdf and b"horas" in pdf
    # The coordinator downloads it in the learner's language too.
    assert b"Se certifica que" in login_as(people.coordinator).get(f"/credit/certificate/{award.code}.pdf").data
    page = client.get(f"/verify/{award.code}", headers={"Accept-Language": "fr"}).text
    assert "Cette attestation est authentique" in page and "1,5" in page
