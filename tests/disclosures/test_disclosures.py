"""Disclosures: the hub records its financial relationships (or none), dated; they show on the
session page and the live board before the session starts; stale ones are flagged; the
coordinator sees who has not disclosed; others are refused."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from echo.accounts.models import AuditLog
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.disclosures.models import Disclosure, DisclosureRelationship, Nature
from echo.programs.clinic_session import SessionStatus
from tests.factories import make_session


def _url(people):
    return f"/disclosures/program/{people.program.id}/mine"


def _relationship(entity="Pfizer", nature="consultant", mitigated=True, row=0):
    data = {f"relationships-{row}-entity": entity, f"relationships-{row}-nature": nature}
    if mitigated:
        data[f"relationships-{row}-mitigated"] = "y"
    return data


def test_a_specialist_discloses_a_relationship(people, login_as):
    c = login_as(people.specialist)
    assert c.get(_url(people)).status_code == 200
    assert c.post(_url(people), data=_relationship()).status_code == 303
    d = db.session.scalar(select(Disclosure))
    assert (d.user_id, d.program_id, d.none_to_disclose) == (people.specialist.id, people.program.id, False)
    assert [(r.entity, r.nature, r.mitigated) for r in d.relationships] == [("Pfizer", Nature.consultant, True)]
    assert d.declared_at > utcnow() - timedelta(minutes=1)
    assert db.session.query(AuditLog).filter_by(action="disclosure.recorded", object_id=d.id).count() == 1


def test_nothing_to_disclose_is_a_statement_too(people, login_as):
    assert login_as(people.coordinator).post(_url(people), data={"none_to_disclose": "y"}).status_code == 303
    d = db.session.scalar(select(Disclosure))
    assert d.none_to_disclose and d.relationships == []


@pytest.mark.parametrize("data, message", [
    ({}, "List at least one relationship, or tick that you have nothing to disclose."),
    ({"none_to_disclose": "y", **_relationship()}, "You said you have nothing to disclose"),
    (_relationship(entity=""), "Name the company of each relationship."),
    (_relationship(nature=""), "Choose the nature of each relationship."),
])
def test_an_incomplete_disclosure_is_refused_with_the_form_kept(people, login_as, data, message):
    resp = login_as(people.specialist).post(_url(people), data=data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400 and message in page
    if data.get("relationships-0-entity"):
        assert 'value="Pfizer"' in page
    assert db.session.query(Disclosure).count() == 0


@pytest.mark.parametrize("role", ["learner", "outsider", "admin"])
def test_only_the_hub_and_speakers_disclose(people, login_as, role):
    c = login_as(people.user(role))
    assert c.get(_url(people)).status_code == 403
    assert c.post(_url(people), data={"none_to_disclose": "y"}).status_code == 403
    assert db.session.query(Disclosure).count() == 0


def _disclose(user, program, none=False, days_ago=0, entity="Gilead"):
    d = Disclosure(program_id=program.id, user_id=user.id, none_to_disclose=none,
                   declared_at=utcnow() - timedelta(days=days_ago))
    if not none:
        d.relationships.append(DisclosureRelationship(entity=entity, nature=Nature.speaker, mitigated=False))
    db.session.add(d)
    db.session.commit()
    return d


def test_disclosures_show_on_the_session_page_and_board_before_the_start(people, login_as):
    _disclose(people.specialist, people.program, entity="Gilead Sciences")
    _disclose(people.coordinator, people.program, none=True)
    s = make_session(people.program)
    for role in ("learner", "participant", "outsider"):
        page = login_as(people.user(role)).get(f"/sessions/{s.id}").get_data(as_text=True)
        assert "Disclosures" in page and "Gilead Sciences" in page and "nothing to disclose" in page
    board = login_as(people.learner).get(f"/sessions/{s.id}/live")
    assert board.status_code == 200 and "Gilead Sciences" in board.get_data(as_text=True)


def test_disclosures_are_not_shown_after_the_session(people, login_as):
    _disclose(people.specialist, people.program, entity="Gilead Sciences")
    now = utcnow()
    s = make_session(people.program, starts_at=now - timedelta(hours=2), status=SessionStatus.ended,
                     started_at=now - timedelta(hours=2), ended_at=now - timedelta(hours=1))
    assert "Gilead Sciences" not in login_as(people.learner).get(f"/sessions/{s.id}").get_data(as_text=True)


def test_the_newest_statement_counts_and_a_stale_one_is_flagged(people, login_as):
    _disclose(people.specialist, people.program, days_ago=400, entity="Old Pharma")
    s = make_session(people.program)
    page = login_as(people.learner).get(f"/sessions/{s.id}").get_data(as_text=True)
    assert "Old Pharma" in page and "Stale: more than 12 months old" in page
    own = login_as(people.specialist).get(_url(people)).get_data(as_text=True)
    assert "more than 12 months old: please confirm or update it" in own and 'value="Old Pharma"' in own
    _disclose(people.specialist, people.program, entity="New Biotech")
    page = login_as(people.learner).get(f"/sessions/{s.id}").get_data(as_text=True)
    assert "New Biotech" in page and "Old Pharma" not in page and "Stale" not in page


def test_the_coordinator_sees_who_has_not_disclosed(people, login_as):
    _disclose(people.specialist, people.program, days_ago=400)
    c = login_as(people.coordinator)
    page = c.get(f"/disclosures/program/{people.program.id}").get_data(as_text=True)
    assert "1 person of the hub has not disclosed." in page
    assert people.coordinator.name in page and "Not disclosed" in page and "Stale" in page
    s = make_session(people.program)
    assert "1 person of the hub has not disclosed." in c.get(f"/sessions/{s.id}").get_data(as_text=True)
    # Others do not see who is missing.
    assert "has not disclosed" not in login_as(people.learner).get(f"/sessions/{s.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["specialist", "participant", "learner", "outsider"])
def test_only_coordinators_see_the_overview(people, login_as, role):
    assert login_as(people.user(role)).get(f"/disclosures/program/{people.program.id}").status_code == 403


def test_a_participant_named_as_speaker_is_shown(people, login_as):
    _disclose(people.participant, people.program, entity="Speaker Corp")
    s = make_session(people.program, didactic_title="Buprenorphine in primary care", didactic_speaker=people.participant.name)
    page = login_as(people.learner).get(f"/sessions/{s.id}").get_data(as_text=True)
    assert "Speaker Corp" in page and "Speaker" in page
    guest = make_session(people.program, didactic_speaker="Dr. Guest Lecturer")
    assert "is not a member of this program" in login_as(people.learner).get(f"/sessions/{guest.id}").get_data(as_text=True)
