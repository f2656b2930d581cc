"""Invitations (hashed, 14 days, single use), join requests, roles; notifications and mail."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select

from echo.accounts.models import Notification
from echo.core import mail
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.models import Invite, Membership, MembershipStatus, Role
from tests.factories import PASSWORD, make_user
from tests.factories import make_invite as do_invite


def _invite_link(client, program, email="new.member@example.org", role="specialist"):
    mail.outbox.clear()
    r = client.post(f"/programs/{program.id}/invites", data={"email": email, "role": role})
    assert r.status_code == 302, r.get_data(as_text=True)[:1000]
    msg = mail.outbox[-1]
    assert msg["To"] == email and program.name in msg["Subject"]
    link = re.search(r"https?://\S+/invites/(\S+)", msg.get_content())
    return link.group(1)


def test_invite_flow_hashed_single_use(app, login_as, people):
    p = people.program
    token = _invite_link(login_as(people.coordinator), p)
    inv = db.session.scalar(select(Invite).where(Invite.program_id == p.id))
    assert inv.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in inv.token_hash
    assert timedelta(days=13, hours=23) < inv.expires_at - utcnow() <= timedelta(days=14)
    assert inv.role == Role.specialist
    newcomer = make_user(email="new.member@example.org")
    c = login_as(newcomer)
    page = c.get(f"/invites/{token}").get_data(as_text=True)
    assert p.name in page and "Accept invitation" in page
    r = c.post(f"/invites/{token}")
    assert r.status_code == 302 and r.location.endswith(f"/programs/{p.id}")
    m = db.session.scalar(select(Membership).where(Membership.program_id == p.id, Membership.user_id == newcomer.id))
    assert m.role == Role.specialist and m.status == MembershipStatus.active
    assert db.session.scalar(select(Notification).where(Notification.user_id == people.coordinator.id, Notification.kind == "invite_accepted"))
    # Reused link: a clear message.
    again = login_as(make_user()).get(f"/invites/{token}")
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)
    assert login_as(make_user()).post(f"/invites/{token}").status_code == 400


def test_expired_and_unknown_invite(app, login_as, people):
    inv, token = do_invite(people.coordinator, people.program, "late@example.org", "learner")
    inv.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    c = login_as(make_user())
    r = c.get(f"/invites/{token}")
    assert r.status_code == 400 and "expired" in r.get_data(as_text=True)
    assert c.post(f"/invites/{token}").status_code == 400
    r = c.get("/invites/not-a-real-token")
    assert r.status_code == 400 and "not valid" in r.get_data(as_text=True)


def test_invite_requires_login_then_returns(app, people):
    _, token = do_invite(people.coordinator, people.program, "visitor@example.org", "participant")
    c = app.test_client()
    page = c.get(f"/invites/{token}").get_data(as_text=True)
    assert f"/auth/signup?next=/invites/{token}" in page and f"/auth/login?next=/invites/{token}" in page
    r = c.post(f"/invites/{token}")
    assert r.status_code == 302 and "/auth/login" in r.location
    # Sign up from the invitation, confirm the address from the mail, log in, come back, accept.
    mail.outbox.clear()
    r = c.post(f"/auth/signup?next=/invites/{token}", data={
        "name": "Vera Visitor", "email": "visitor@example.org", "password": PASSWORD, "confirm": PASSWORD,
        "profession": "Pharmacist", "organisation": "", "region": "", "timezone": "America/Chicago"})
    assert r.status_code == 302 and "/auth/login" in r.location
    confirm = re.search(r"(/auth/confirm/\S+)", mail.outbox[-1].get_content()).group(1)
    r = c.get(confirm)
    assert r.status_code == 302 and "/auth/login" in r.location
    r = c.post(r.location, data={"email": "visitor@example.org", "password": PASSWORD})
    assert r.status_code == 302 and r.location.endswith(f"/invites/{token}")
    assert c.post(f"/invites/{token}").status_code == 302
    assert db.session.scalar(select(Membership).join(Membership.user).where(Membership.program_id == people.program.id,
                                                                            Membership.role == Role.participant).order_by(Membership.id.desc())).user.name == "Vera Visitor"


def test_invite_bad_email_kept_and_existing_member(app, login_as, people):
    p = people.program
    c = login_as(people.coordinator)
    r = c.post(f"/programs/{p.id}/invites", data={"email": "not-an-email", "role": "learner"})
    assert r.status_code == 400 and 'value="not-an-email"' in r.get_data(as_text=True)
    r = c.post(f"/programs/{p.id}/invites", data={"email": people.learner.email, "role": "learner"})
    assert r.status_code == 400 and "already a member" in r.get_data(as_text=True)


def test_join_request_approve_and_decline(app, login_as, people):
    p = people.program
    asker, other = people.outsider, make_user("Second Asker")
    assert login_as(asker).post(f"/programs/{p.id}/join", data={"role": "participant"}).status_code == 302
    assert login_as(other).post(f"/programs/{p.id}/join", data={"role": "learner"}).status_code == 302
    assert "waiting" in login_as(asker).get(f"/programs/{p.id}").get_data(as_text=True)
    note = db.session.scalar(select(Notification).where(Notification.user_id == people.coordinator.id, Notification.kind == "join_request"))
    assert note is not None and asker.name in note.message
    # Not a member yet: the session's video link is not shown, calendar not offered.
    req = db.session.scalar(select(Membership).where(Membership.user_id == asker.id))
    assert req.status == MembershipStatus.requested
    c = login_as(people.coordinator)
    page = c.get(f"/programs/{p.id}/members").get_data(as_text=True)
    assert asker.name in page and "Approve" in page
    assert c.post(f"/programs/{p.id}/members/{req.id}/approve").status_code == 302
    db.session.expire_all()
    assert req.status == MembershipStatus.active
    assert c.post(f"/programs/{p.id}/members/{req.id}/approve").status_code == 409  # already decided
    req2 = db.session.scalar(select(Membership).where(Membership.user_id == other.id))
    assert c.post(f"/programs/{p.id}/members/{req2.id}/decline").status_code == 302
    assert db.session.scalar(select(Membership).where(Membership.user_id == other.id)) is None
    kinds = {n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id.in_([asker.id, other.id])))}
    assert kinds == {"join_approved", "join_declined"}


def test_cannot_ask_to_join_as_coordinator(app, login_as, people):
    r = login_as(people.outsider).post(f"/programs/{people.program.id}/join", data={"role": "coordinator"})
    assert r.status_code == 400


def test_change_role_and_remove(app, login_as, people):
    p = people.program
    c = login_as(people.coordinator)
    m = db.session.scalar(select(Membership).where(Membership.user_id == people.learner.id))
    assert c.post(f"/programs/{p.id}/members/{m.id}/role", data={"role": "specialist"}).status_code == 302
    db.session.expire_all()
    assert m.role == Role.specialist
    assert c.post(f"/programs/{p.id}/members/{m.id}/role", data={"role": "boss"}).status_code == 400
    assert c.post(f"/programs/{p.id}/members/{m.id}/remove").status_code == 302
    assert db.session.scalar(select(Membership).where(Membership.user_id == people.learner.id)) is None


def test_coordinator_sees_members_list_on_program_page(app, login_as, people):
    p = people.program
    html = login_as(people.coordinator).get(f"/programs/{p.id}").get_data(as_text=True)
    assert people.learner.name in html and "Members (4)" in html
    html = login_as(people.participant).get(f"/programs/{p.id}").get_data(as_text=True)
    assert "Members (" not in html



def test_invite_claimed_once_even_if_read_twice(app, people, monkeypatch):
    """Two accepts that both read the invite as unused (a race): only the first one joins."""
    import pytest

    from echo.core.errors import Invalid
    from echo.programs import membership as P

    inv, token = do_invite(people.coordinator, people.program, "twice@example.org", "learner")
    first, second = make_user(), make_user()
    P.do_accept_invite(first, token)
    db.session.commit()
    stale = db.session.get(Invite, inv.id)
    monkeypatch.setattr(P, "invite_from_token", lambda t: stale)  # the second request read it before the claim
    with pytest.raises(Invalid):
        P.do_accept_invite(second, token)
    assert db.session.scalar(select(Membership).where(Membership.user_id == second.id)) is None
