"""The JSON API's programs, sessions and agendas: what a signed-in client may join."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jsonschema
import pytest
from sqlalchemy import select

from echo.accounts.models import AuditLog
from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, MembershipStatus, Visibility
from tests.factories import make_case, make_program, make_session, make_user

NOW = datetime.now(UTC).replace(microsecond=0)


def _schema(client, name: str):
    doc = client.get("/api/v1/openapi.json").json
    schema = dict(doc, **{"$ref": f"#/components/schemas/{name}", "$schema": "https://json-schema.org/draft/2020-12/schema"})
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def world(people):
    p = people
    program = p.program
    past = make_session(program, NOW - timedelta(days=7), status=SessionStatus.ended, started_at=NOW - timedelta(days=7),
                        ended_at=NOW - timedelta(days=7) + timedelta(hours=1), last_seq=12)
    soon = make_session(program, NOW + timedelta(days=1), didactic_title="Buprenorphine starts", didactic_speaker="Dr. Hub")
    later = make_session(program, NOW + timedelta(days=8))
    case1 = make_case(program, p.participant, CaseState.accepted, soon, agenda_position=1, title="Alcohol use and insomnia",
                      questions="Which medication first?")
    case2 = make_case(program, p.specialist, CaseState.accepted, soon, agenda_position=2, title="Chronic pain taper")
    closed = make_program(make_user("Other Coordinator"), name="Closed clinic", visibility=Visibility.invite_only)
    make_session(closed, NOW + timedelta(days=2))
    return dict(vars(p), past=past, soon=soon, later=later, case1=case1, case2=case2, closed=closed)


def test_my_programs_lists_what_each_user_may_join_with_their_role(world, login_as, client):
    w = world
    assert client.get("/api/v1/programs").status_code == 401
    for who in ("coordinator", "specialist", "participant", "learner"):
        c = login_as(w[who])
        r = c.get("/api/v1/programs")
        assert r.status_code == 200
        body = r.json
        _schema(c, "Program").validate(body["programs"][0])
        assert [(x["id"], x["role"]) for x in body["programs"]] == [(w["program"].id, who)]
        assert body["programs"][0]["sessions_url"] == f"/api/v1/programs/{w['program'].id}/sessions"
    # A public program the outsider has not joined is not theirs to join.
    assert login_as(w["outsider"]).get("/api/v1/programs").json == {"programs": []}
    admin = login_as(w["admin"]).get("/api/v1/programs").json["programs"]
    assert {(x["name"], x["role"]) for x in admin} >= {("Closed clinic", "coordinator"), (w["program"].name, "coordinator")}
    # A request to join that is not yet approved is no membership.
    m = db.session.scalar(select(Membership).where(Membership.user_id == w["learner"].id))
    m.status = MembershipStatus.requested
    db.session.commit()
    assert login_as(w["learner"]).get("/api/v1/programs").json == {"programs": []}


def test_program_sessions_with_status_times_and_last_seq(world, login_as):
    w = world
    c = login_as(w["learner"])
    r = c.get(f"/api/v1/programs/{w['program'].id}/sessions")
    assert r.status_code == 200
    body = r.json
    _schema(c, "SessionPage").validate(body)
    assert [s["id"] for s in body["sessions"]] == [w["past"].id, w["soon"].id, w["later"].id]
    past, soon = body["sessions"][0], body["sessions"][1]
    assert past["status"] == "ended" and past["last_seq"] == 12
    assert past["started_at"] == (NOW - timedelta(days=7)).isoformat().replace("+00:00", "Z")
    assert soon["status"] == "scheduled" and soon["started_at"] is None and soon["last_seq"] == 0
    assert soon["starts_at"] == (NOW + timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert soon["didactic_title"] == "Buprenorphine starts" and soon["board_url"] == f"/sessions/{w['soon'].id}/live"
    base = f"/api/v1/programs/{w['program'].id}/sessions"
    assert [s["id"] for s in c.get(base + "?status=scheduled").json["sessions"]] == [w["soon"].id, w["later"].id]
    assert [s["id"] for s in c.get(base + "?status=ended&status=live").json["sessions"]] == [w["past"].id]
    frm = (NOW + timedelta(days=2)).isoformat().replace("+00:00", "Z")
    assert [s["id"] for s in c.get(base + "?from=" + frm).json["sessions"]] == [w["later"].id]
    paged = c.get(base + "?per_page=2&page=2").json
    assert paged["total"] == 3 and paged["pages"] == 2 and [s["id"] for s in paged["sessions"]] == [w["later"].id]


@pytest.mark.parametrize("qs, name", [("status=over", "status"), ("from=2026-12-01T00:00:00", "from"), ("from=tomorrow", "from"),
                                      ("page=x", "page"), ("per_page=51", "per_page"), ("status=live&status=null", "status")])
def test_program_sessions_refuse_invalid_parameters(world, login_as, qs, name):
    r = login_as(world["learner"]).get(f"/api/v1/programs/{world['program'].id}/sessions?{qs}")
    assert r.status_code == 400 and [p["name"] for p in r.json["error"]["parameters"]] == [name]


def test_sessions_and_agendas_are_for_members_only(world, login_as, client):
    w = world
    outsider = login_as(w["outsider"])
    for url in (f"/api/v1/programs/{w['program'].id}/sessions", f"/api/v1/sessions/{w['soon'].id}"):
        assert client.get(url).status_code == 401
        r = outsider.get(url)
        assert r.status_code == 403 and r.is_json and r.json["error"]["status"] == 403
    for url in ("/api/v1/programs/987654/sessions", "/api/v1/sessions/987654", "/api/v1/sessions/99999999999",
                "/api/v1/programs/99999999999/sessions"):
        assert outsider.get(url).status_code == 404
    closed_session = db.session.scalar(select(ClinicSession).where(ClinicSession.program_id == w["closed"].id))
    assert login_as(w["learner"]).get(f"/api/v1/sessions/{closed_session.id}").status_code == 403
    assert login_as(w["admin"]).get(f"/api/v1/sessions/{closed_session.id}").status_code == 200


def test_agenda_shows_case_fields_only_to_who_may_see_the_case(world, login_as):
    w = world
    url = f"/api/v1/sessions/{w['soon'].id}"
    spec = login_as(w["specialist"])
    r = spec.get(url)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    body = r.json
    _schema(spec, "SessionDetail").validate(body)
    assert body["id"] == w["soon"].id and body["status"] == "scheduled"
    agenda = body["agenda"]
    assert [(a["case_id"], a["position"], a["current"]) for a in agenda] == [(w["case1"].id, 1, False), (w["case2"].id, 2, False)]
    # Specialists read accepted cases before the session.
    assert agenda[0]["case"]["title"] == "Alcohol use and insomnia" and agenda[0]["case"]["questions"] == "Which medication first?"
    assert agenda[0]["case"]["presenter"] == {"id": w["participant"].id, "name": w["participant"].name}
    assert agenda[0]["case"]["state"] == "accepted"
    # A learner sees the agenda's order but not the text of cases not yet presented.
    learner = login_as(w["learner"])
    body = learner.get(url).json
    _schema(learner, "SessionDetail").validate(body)
    assert [(a["case_id"], a["case"]) for a in body["agenda"]] == [(w["case1"].id, None), (w["case2"].id, None)]
    assert "Alcohol use" not in learner.get(url).get_data(as_text=True)
    # The specialist's view of someone else's case is audited; their own case's is not.
    views = db.session.scalars(select(AuditLog).where(AuditLog.actor_id == w["specialist"].id, AuditLog.object_type == "case")).all()
    assert {v.object_id for v in views} == {w["case1"].id}


def test_a_live_session_names_its_current_case(world, login_as):
    w = world
    s = w["soon"]
    s.status, s.started_at, s.current_case_id, s.current_phase, s.last_seq = SessionStatus.live, NOW, w["case2"].id, "questions", 3
    db.session.commit()
    c = login_as(w["coordinator"])
    body = c.get(f"/api/v1/sessions/{s.id}").json
    _schema(c, "SessionDetail").validate(body)
    assert body["status"] == "live" and body["current_case_id"] == w["case2"].id and body["phase"] == "questions"
    assert body["last_seq"] == 3 and [a["current"] for a in body["agenda"]] == [False, True]
