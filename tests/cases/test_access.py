"""Who sees what, per role and state; every case route refuses the wrong people with 403."""
from datetime import UTC, datetime, timedelta

import pytest

from echo.accounts.models import AuditLog
from echo.cases.models import CaseState as S
from echo.cases.operations import can_view_case, check_view_case
from echo.core.errors import NotAllowed
from echo.core.extensions import db
from echo.programs.clinic_session import SessionStatus
from tests.factories import add_member, make_clean_case, make_session, make_user

ROLES = ("author", "coordinator", "specialist", "participant", "learner", "outsider", "admin")
VISIBLE = {
    # A draft is the author's own until submitted (coordinators used to see it too).
    S.draft: {"author"},
    S.submitted: {"author", "coordinator", "admin"},
    S.returned: {"author", "coordinator", "admin"},
    S.accepted: {"author", "coordinator", "admin", "specialist"},
    S.presented: {"author", "coordinator", "admin", "specialist", "participant", "learner"},
    S.summarised: {"author", "coordinator", "admin", "specialist", "participant", "learner"},
    S.published: {"author", "coordinator", "admin", "specialist", "participant", "learner"},
}


def _author(people):
    a = make_user("Annie Author")
    add_member(people.program, a, "participant")
    return a


def _who(people, author, role):
    return author if role == "author" else people.user(role)


@pytest.mark.parametrize("state", list(S), ids=lambda s: s.value)
def test_visibility_per_role_and_state(people, login_as, state):
    author = _author(people)
    session = make_session(people.program) if state != S.draft else None
    case = make_clean_case(people.program, author, state=state, session=session)
    for role in ROLES:
        user = _who(people, author, role)
        expected = role in VISIBLE[state]
        assert can_view_case(user, case) is expected, (state, role)
        r = login_as(user).get(f"/cases/{case.id}")
        assert r.status_code == (200 if expected else 403), (state, role)
        if not expected:
            with pytest.raises(NotAllowed):
                check_view_case(user, case)


def test_accepted_case_reaches_members_only_when_presented(people):
    """Participants and learners see an accepted case while it is the current case of its live
    session, then once presented; a case never presented stays with the panel, even after the session."""
    author = _author(people)
    past = make_session(people.program, starts_at=datetime.now(UTC) - timedelta(days=2))
    case = make_clean_case(people.program, author, state=S.accepted, session=past)
    assert not can_view_case(people.learner, case) and can_view_case(people.specialist, case)
    past.status = SessionStatus.ended
    db.session.commit()
    assert not can_view_case(people.participant, case)
    past.status, past.current_case_id = SessionStatus.live, case.id
    db.session.commit()
    assert can_view_case(people.participant, case) and can_view_case(people.learner, case)
    assert not can_view_case(people.outsider, case)


def test_anonymous_is_sent_to_login(client, people):
    case = make_clean_case(people.program, people.participant)
    r = client.get(f"/cases/{case.id}")
    assert r.status_code == 302 and "/auth/login" in r.headers["Location"]
    assert not can_view_case(None, case)


def test_views_by_non_authors_are_audited(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, state=S.submitted)
    login_as(author).get(f"/cases/{case.id}")
    assert db.session.query(AuditLog).filter_by(action="case.viewed").count() == 0
    login_as(people.coordinator).get(f"/cases/{case.id}")
    entries = db.session.query(AuditLog).filter_by(action="case.viewed", object_id=case.id).all()
    assert [e.actor_id for e in entries] == [people.coordinator.id]


def _routes(case_id, program_id, session_id, dismissal_id):
    """(method, url, data, roles allowed) for every case route needing more than a login."""
    return [
        ("GET", f"/cases/program/{program_id}/new", None, {"participant", "author", "coordinator"}),
        ("POST", f"/cases/program/{program_id}/new", {"title": "x"}, {"participant", "author", "coordinator"}),
        ("GET", f"/cases/{case_id}", None, {"author"}),  # a draft: its author only
        ("GET", f"/cases/{case_id}/edit", None, {"author"}),
        ("POST", f"/cases/{case_id}/edit", {"title": "x", "version": "1"}, {"author"}),
        ("POST", f"/cases/{case_id}/move", {"target": "submitted"}, {"author"}),
        ("GET", f"/cases/{case_id}/revisions", None, {"author"}),  # a draft: its author only
        ("GET", f"/cases/{case_id}/revisions/1", None, {"author"}),  # a draft: its author only
        ("POST", f"/cases/{case_id}/dismissals", {"field": "narrative", "fingerprint": "name:x", "kind": "name", "reason": "a drug"}, {"author"}),
        ("POST", f"/cases/{case_id}/dismissals/{dismissal_id}/undo", {}, {"author"}),
        ("POST", f"/cases/{case_id}/follow-up", {}, set()),  # a draft has no follow-up: refused for all (409 for the author)
        ("GET", f"/cases/program/{program_id}/queue", None, {"coordinator", "admin"}),
        ("GET", f"/cases/program/{program_id}/audit", None, {"coordinator", "admin"}),
        ("POST", f"/cases/{case_id}/agenda/up", {}, {"coordinator", "admin"}),
    ]


def test_every_route_refuses_the_wrong_roles(people, login_as):
    from echo.cases.models import PrivacyDismissal

    author = _author(people)
    session = make_session(people.program)
    case = make_clean_case(people.program, author, state=S.draft)
    from echo.cases.models import CaseRevision
    from echo.cases.operations import snapshot

    db.session.add(CaseRevision(case_id=case.id, version=1, editor_id=author.id, data=snapshot(case)))
    d = PrivacyDismissal(case_id=case.id, field="narrative", fingerprint="name:y", kind="name", reason="r", user_id=author.id)
    db.session.add(d)
    db.session.commit()
    for method, url, data, allowed in _routes(case.id, people.program.id, session.id, d.id):
        for role in ROLES:
            if role in allowed:
                continue
            client = login_as(_who(people, author, role))
            r = client.get(url) if method == "GET" else client.post(url, data=data)
            if role == "author" and url.endswith("follow-up"):
                assert r.status_code == 409, (url, role)
            elif role == "author" and url.endswith("/agenda/up"):
                assert r.status_code == 403, (url, role)
            else:
                assert r.status_code == 403, (method, url, role, r.status_code)
    # Nothing changed by all those refused requests.
    db.session.expire_all()
    assert case.state == S.draft and case.version == 1 and case.title == "Persistent low mood despite SSRI"


def test_unknown_ids_are_404(people, login_as):
    c = login_as(people.coordinator)
    assert c.get("/cases/9999").status_code == 404
    assert c.get("/cases/program/9999/queue").status_code == 404
    assert c.post("/cases/9999/move", data={"target": "accepted"}).status_code == 404


def test_privacy_check_needs_membership(people, login_as):
    body = {"program_id": people.program.id, "fields": {"narrative": "hello"}}
    for role in ("outsider",):
        r = login_as(people.user(role)).post("/cases/privacy-check", json=body)
        assert r.status_code == 403
    r = login_as(people.participant).post("/cases/privacy-check", json=body)
    assert r.status_code == 200
    case = make_clean_case(people.program, people.participant)
    r = login_as(people.coordinator).post("/cases/privacy-check", json={**body, "case_id": case.id})
    assert r.status_code == 403


def test_coordinator_is_offered_publishing_of_a_summarised_case(people, login_as):
    from echo.cases.models import CaseState
    from tests.factories import make_clean_case

    case = make_clean_case(people.program, people.participant, state=CaseState.summarised)
    coord_page = login_as(people.coordinator).get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/library/publish/{case.id}" in coord_page
    queue = login_as(people.coordinator).get(f"/cases/program/{people.program.id}/queue")
    assert queue.status_code == 200 and "1 summarised case is ready to publish" in queue.get_data(as_text=True)
    author_page = login_as(people.participant).get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/library/publish/{case.id}" not in author_page
