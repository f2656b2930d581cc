"""Every route of the programs feature, per role: who may use it; everyone else gets 403.

Roles: coordinator, specialist, participant, learner (members), outsider (logged in, not a
member), admin (site admin, not a member). Anonymous visitors are sent to the login page.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.models import Membership, MembershipStatus, Visibility
from tests.factories import make_session, make_user, program_with_roles
from tests.helpers import program_form

ROLES = ["coordinator", "specialist", "participant", "learner", "outsider", "admin"]
MEMBERS = {"coordinator", "specialist", "participant", "learner"}
COORD = {"coordinator", "admin"}
EVERYONE = set(ROLES)


def _session(people):
    return make_session(people.program, starts_at=utcnow() + timedelta(days=7))


def _membership(people, status=MembershipStatus.active):
    m = Membership(program_id=people.program.id, user_id=make_user().id, role="participant", status=status)
    db.session.add(m)
    db.session.commit()
    return m


def _invite(people):
    from tests.factories import make_invite as do_invite

    inv, _ = do_invite(people.coordinator, people.program, f"x{utcnow().timestamp()}@example.org", "learner")
    return inv


def _future():
    d = (utcnow() + timedelta(days=20)).date()
    return program_form(first_date=d.isoformat(), until_date=(d + timedelta(days=60)).isoformat())


def _session_form():
    return {"date": (utcnow() + timedelta(days=9)).date().isoformat(), "start_time": "12:00", "duration_minutes": "60"}


# (name, method, builder(people) -> (url, data), allowed roles)
ROUTES = [
    ("list programs", "GET", lambda p: ("/programs", None), EVERYONE),
    # Creating programs is a right admins grant; the factory's coordinator has it, as migration
    # 0008 gave it to coordinators of existing programs.
    ("new program form", "GET", lambda p: ("/programs/new", None), COORD),
    ("create program", "POST", lambda p: ("/programs/new", _future()), COORD),
    ("program page", "GET", lambda p: (f"/programs/{p.program.id}", None), EVERYONE),
    ("session page", "GET", lambda p: (f"/sessions/{_session(p).id}", None), EVERYONE),
    ("reset my calendar", "POST", lambda p: ("/calendar/me/reset", {}), EVERYONE),
    ("edit program form", "GET", lambda p: (f"/programs/{p.program.id}/edit", None), COORD),
    ("edit program", "POST", lambda p: (f"/programs/{p.program.id}/edit", _future()), COORD),
    ("reset program calendar", "POST", lambda p: (f"/programs/{p.program.id}/calendar/reset", {}), COORD),
    ("new session form", "GET", lambda p: (f"/programs/{p.program.id}/sessions/new", None), COORD),
    ("add one-off session", "POST", lambda p: (f"/programs/{p.program.id}/sessions/new", _session_form()), COORD),
    ("edit session form", "GET", lambda p: (f"/sessions/{_session(p).id}/edit", None), COORD),
    ("edit session", "POST", lambda p: (f"/sessions/{_session(p).id}/edit", _session_form()), COORD),
    ("cancel session", "POST", lambda p: (f"/sessions/{_session(p).id}/cancel", {}), COORD),
    ("restore session", "POST", lambda p: (f"/sessions/{_session(p).id}/restore", {}), COORD),
    ("members page", "GET", lambda p: (f"/programs/{p.program.id}/members", None), COORD),
    ("invite", "POST", lambda p: (f"/programs/{p.program.id}/invites", {"email": "new@example.org", "role": "learner"}), COORD),
    ("revoke invite", "POST", lambda p: (f"/programs/{p.program.id}/invites/{_invite(p).id}/revoke", {}), COORD),
    ("change role", "POST", lambda p: (f"/programs/{p.program.id}/members/{_membership(p).id}/role", {"role": "specialist"}), COORD),
    ("remove member", "POST", lambda p: (f"/programs/{p.program.id}/members/{_membership(p).id}/remove", {}), COORD),
    ("approve request", "POST", lambda p: (f"/programs/{p.program.id}/members/{_membership(p, MembershipStatus.requested).id}/approve", {}), COORD),
    ("decline request", "POST", lambda p: (f"/programs/{p.program.id}/members/{_membership(p, MembershipStatus.requested).id}/decline", {}), COORD),
    ("ask to join", "POST", lambda p: (f"/programs/{p.program.id}/join", {"role": "participant"}), {"outsider", "admin"}),
    ("leave", "POST", lambda p: (f"/programs/{p.program.id}/leave", {}), {"specialist", "participant", "learner"}),
]


@pytest.mark.parametrize("name, method, build, allowed", ROUTES, ids=[r[0] for r in ROUTES])
def test_route_per_role(app, login_as, name, method, build, allowed):
    people = program_with_roles()
    url, data = build(people)
    anon = app.test_client().open(url, method=method, data=data)
    assert anon.status_code == 302 and "/auth/login" in anon.location, name
    for role in ROLES:
        url, data = build(people)  # a fresh target per role (some routes change it)
        r = login_as(people.user(role)).open(url, method=method, data=data)
        if role in allowed:
            assert r.status_code in (200, 302), f"{name}: {role} got {r.status_code}"
        elif name == "ask to join" and role in MEMBERS:
            assert r.status_code == 409, f"{name}: member {role} got {r.status_code}"  # already a member
        elif name == "leave" and role == "coordinator":
            assert r.status_code == 409, f"{name}: {role} got {r.status_code}"  # the last coordinator stays
        else:
            assert r.status_code == 403, f"{name}: {role} got {r.status_code}"


INVITE_ONLY_VIEWS = [
    ("program page", lambda p: f"/programs/{p.program.id}"),
    ("session page", lambda p: f"/sessions/{_session(p).id}"),
]


@pytest.mark.parametrize("name, build", INVITE_ONLY_VIEWS, ids=[v[0] for v in INVITE_ONLY_VIEWS])
def test_invite_only_program_hidden_from_outsiders(app, login_as, name, build):
    people = program_with_roles(visibility=Visibility.invite_only)
    for role in ROLES:
        r = login_as(people.user(role)).get(build(people))
        assert r.status_code == (403 if role == "outsider" else 200), f"{name}: {role} got {r.status_code}"


def test_join_invite_only_program_forbidden(app, login_as):
    people = program_with_roles(visibility=Visibility.invite_only)
    assert login_as(people.outsider).post(f"/programs/{people.program.id}/join", data={"role": "participant"}).status_code == 403


def test_last_coordinator_cannot_leave_or_be_demoted(app, login_as):
    people = program_with_roles()
    p = people.program
    c = login_as(people.coordinator)
    assert c.post(f"/programs/{p.id}/leave").status_code == 409
    m = db.session.query(Membership).filter_by(program_id=p.id, user_id=people.coordinator.id).one()
    assert c.post(f"/programs/{p.id}/members/{m.id}/role", data={"role": "learner"}).status_code == 409
    assert c.post(f"/programs/{p.id}/members/{m.id}/remove").status_code == 409


def test_coordinator_of_another_program_has_no_rights_here(app, login_as):
    people = program_with_roles()
    other = program_with_roles()
    c = login_as(other.coordinator)
    assert c.get(f"/programs/{people.program.id}/edit").status_code == 403
    assert c.get(f"/programs/{people.program.id}/members").status_code == 403
