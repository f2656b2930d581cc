"""Inviting many addresses at once (pasted list or CSV file): one result per address, existing
accounts get an in-app notice, a limit per upload, and a failed upload keeps what was pasted."""
from __future__ import annotations

import io
import re

from sqlalchemy import select

from echo.accounts.models import Notification
from echo.core import mail
from echo.core.extensions import db
from echo.programs.invite_lists import MAX_ADDRESSES, parse_csv, parse_pasted
from echo.programs.models import Invite, Membership, MembershipStatus, Role
from tests.factories import make_user


def _rows(html: str) -> list[tuple[str, str]]:
    """(address, outcome) for each row of the results table, in order."""
    return [(a, o) for o, a in re.findall(r'<tr class="result-(\w+)"><td>([^<]*)</td>', html)]


def _invites(program, email):
    return list(db.session.scalars(select(Invite).where(Invite.program_id == program.id, Invite.email == email)))


def test_pasted_list_gives_a_result_per_address(app, login_as, people):
    p = people.program
    existing = make_user("Dr Existing Account", email="existing.account@example.org")
    mail.outbox.clear()
    pasted = ("new.one@example.org\n"
              "Jane Roe <jane.roe@example.org>; NEW.ONE@example.org\n"
              f"{people.learner.email}\n"
              "existing.account@example.org,specialist\n"
              "not-an-address\n"
              "someone@,learner\n"
              "carl@example.org,surgeon,Carl Dee\n")
    r = login_as(people.coordinator).post(f"/programs/{p.id}/invites/bulk", data={"addresses": pasted, "role": "participant"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:2000]
    rows = _rows(html)
    assert rows == [("new.one@example.org", "invited"), ("jane.roe@example.org", "invited"), ("new.one@example.org", "duplicate"),
                    (people.learner.email, "member"), ("existing.account@example.org", "notice"),
                    ("not-an-address", "invalid"), ("someone@", "invalid"), ("carl@example.org", "invalid")]
    assert "2 invited; 1 invited with a notice to their existing account; 1 already a member; 3 invalid; 1 listed twice." in html
    # The reasons say what is wrong with each invalid line.
    assert "An email address must have an @-sign." in html
    assert "Unknown role &#34;surgeon&#34;" in html or 'Unknown role "surgeon"' in html
    # Invitations with the right roles, one per address; the member was not invited again.
    assert [i.role for i in _invites(p, "new.one@example.org")] == [Role.participant]
    assert [i.role for i in _invites(p, "existing.account@example.org")] == [Role.specialist]
    assert _invites(p, people.learner.email) == [] and _invites(p, "carl@example.org") == []
    # A mail per invitation, greeting the named person; the existing account also has a notice.
    assert sorted(m["To"] for m in mail.outbox) == ["existing.account@example.org", "jane.roe@example.org", "new.one@example.org"]
    assert "Hello Jane Roe," in next(m for m in mail.outbox if m["To"] == "jane.roe@example.org").get_content()
    note = db.session.scalar(select(Notification).where(Notification.user_id == existing.id, Notification.kind == "invited"))
    assert note is not None and p.name in note.message and "Specialist" in note.message
    # Only the invalid lines are back in the box, to be corrected and sent again.
    box = re.search(r'<textarea[^>]*name="addresses"[^>]*>(.*?)</textarea>', html, flags=re.DOTALL).group(1)
    assert box.strip().splitlines() == ["not-an-address", "someone@,learner", "carl@example.org,surgeon,Carl Dee"]


def test_csv_file_with_header_and_the_notice_link_accepts(app, login_as, people):
    p = people.program
    existing = make_user("Rosa Existing", email="rosa@example.org")
    csv_text = "Name,E-mail,Role\r\nAna Ruiz,ana@example.org,learner\r\nRosa Existing,rosa@example.org,Specialist (hub)\r\n,bad@@example.org,\r\n"
    data = {"addresses": "", "role": "participant", "file": (io.BytesIO(("\ufeff" + csv_text).encode()), "people.csv")}
    r = login_as(people.coordinator).post(f"/programs/{p.id}/invites/bulk", data=data, content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:2000]
    assert _rows(html) == [("ana@example.org", "invited"), ("rosa@example.org", "notice"), ("bad@@example.org", "invalid")]
    assert [i.role for i in _invites(p, "ana@example.org")] == [Role.learner]
    # The notice links to a page where the account holder accepts without the mailed token.
    note = db.session.scalar(select(Notification).where(Notification.user_id == existing.id, Notification.kind == "invited"))
    c = login_as(existing)
    assert "Accept invitation" in c.get(note.url).get_data(as_text=True)
    # Nobody else can use that page.
    assert login_as(people.outsider).get(note.url).status_code == 403
    assert login_as(people.outsider).post(note.url).status_code == 403
    assert c.post(note.url).status_code == 302
    m = db.session.scalar(select(Membership).where(Membership.program_id == p.id, Membership.user_id == existing.id))
    assert m.role == Role.specialist and m.status == MembershipStatus.active
    assert c.get(note.url).status_code == 400  # used once
    assert c.get("/invites/mine/999999").status_code == 404


def test_too_many_addresses_refused_and_pasted_text_kept(app, login_as, people):
    p = people.program
    pasted = "\n".join(f"person{i}@example.org" for i in range(MAX_ADDRESSES + 1))
    r = login_as(people.coordinator).post(f"/programs/{p.id}/invites/bulk", data={"addresses": pasted, "role": "learner"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert f"At most {MAX_ADDRESSES} addresses per upload; this list has {MAX_ADDRESSES + 1}." in html
    assert f"person{MAX_ADDRESSES}@example.org" in html and "person0@example.org" in html
    assert db.session.scalar(select(Invite).where(Invite.program_id == p.id, Invite.email == "person0@example.org")) is None


def test_failed_file_upload_keeps_pasted_text_and_file_rows(app, login_as, people):
    p = people.program
    c = login_as(people.coordinator)
    big = "\n".join(f"row{i}@example.org" for i in range(MAX_ADDRESSES))
    data = {"addresses": "kept@example.org", "role": "learner", "file": (io.BytesIO(big.encode()), "list.csv")}
    r = c.post(f"/programs/{p.id}/invites/bulk", data=data, content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "this list has 201" in html
    assert "kept@example.org" in html and "row199@example.org" in html
    # A file that is not UTF-8 text: a clear message, the pasted text kept, nothing sent.
    data = {"addresses": "still.kept@example.org", "role": "learner", "file": (io.BytesIO(b"\xff\xfe\x00a\x00@\x00"), "x.csv")}
    r = c.post(f"/programs/{p.id}/invites/bulk", data=data, content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "CSV UTF-8" in html and "still.kept@example.org" in html
    # Nothing at all.
    r = c.post(f"/programs/{p.id}/invites/bulk", data={"addresses": "  \n", "role": "learner"})
    assert r.status_code == 400 and "Paste at least one e-mail address" in r.get_data(as_text=True)
    assert _invites(p, "kept@example.org") == [] and _invites(p, "still.kept@example.org") == []


def test_bulk_invite_is_for_coordinators_only(app, login_as, people):
    p = people.program
    for who in ("specialist", "participant", "learner", "outsider"):
        r = login_as(people.user(who)).post(f"/programs/{p.id}/invites/bulk", data={"addresses": "x@example.org", "role": "learner"})
        assert r.status_code == 403, who
    assert login_as(people.admin).post(f"/programs/{p.id}/invites/bulk", data={"addresses": "y@example.org", "role": "learner"}).status_code == 200
    assert login_as(people.coordinator).post("/programs/999999/invites/bulk", data={"addresses": "x@example.org"}).status_code == 404
    assert _invites(p, "x@example.org") == []


def test_single_invite_to_existing_account_sends_notice(app, login_as, people):
    """The one-address form uses the same operation: an existing account gets the notice too."""
    p = people.program
    u = make_user("Single Existing", email="single.existing@example.org")
    r = login_as(people.coordinator).post(f"/programs/{p.id}/invites", data={"email": "Single.Existing@example.org", "role": "learner"},
                                             follow_redirects=True)
    assert r.status_code == 200 and "also see a notice" in r.get_data(as_text=True)
    assert db.session.scalar(select(Notification).where(Notification.user_id == u.id, Notification.kind == "invited")) is not None
    assert [i.email for i in _invites(p, "single.existing@example.org")] == ["single.existing@example.org"]


def test_parsing_lists_and_csv():
    assert [(e.address, e.role, e.name) for e in parse_pasted("a@x.org, b@y.org\n\nc@z.org,hub,Cee Zed\n")] == [
        ("a@x.org", "", ""), ("b@y.org", "", ""), ("c@z.org", "hub", "Cee Zed")]
    assert [(e.address, e.name) for e in parse_pasted('"Roe, Jane" <jane@x.org>; bob@y.org')] == [("jane@x.org", "Roe, Jane"), ("bob@y.org", "")]
    assert [(e.address, e.role, e.name) for e in parse_csv("email,name\nd@x.org,Dee\n")] == [("d@x.org", "", "Dee")]
    assert [(e.address, e.role) for e in parse_csv("e@x.org,learner\nf@x.org\n")] == [("e@x.org", "learner"), ("f@x.org", "")]
    # Malformed addresses are reported as typed, not silently reshaped.
    assert [e.address for e in parse_pasted("bad@@x.org g@x.org\nh@x.org;i@x.org\nnot an address")] == [
        "bad@@x.org", "g@x.org", "h@x.org", "i@x.org", "not an address"]
