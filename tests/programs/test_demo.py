"""Demo data: programs with every role, weekly/biweekly/monthly rules, past and future sessions."""
from __future__ import annotations

from sqlalchemy import func, select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.demo import DEMO_PASSWORD, load_demo
from echo.library.models import LibraryDocument
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, MembershipStatus, Program, Role


def test_demo_data_loads_once(app, runner, client):
    assert load_demo(if_empty=True)
    programs = db.session.scalars(select(Program)).all()
    assert len(programs) == 5
    # Programs in English, and one each in Spanish and French with their own zones and members.
    assert sorted(p.language for p in programs) == ["en", "en", "en", "es", "fr"]
    assert {p.timezone for p in programs if p.language != "en"} == {"America/Lima", "America/Port-au-Prince"}
    assert db.session.scalar(select(User).where(User.email == "l.mamani@demo.echo")).language == "es"
    titles = set(db.session.scalars(select(LibraryDocument.title)))
    assert "Tuberculose pulmonaire chez un patient sous antirétroviraux" in titles
    assert any(t.startswith("Diabetes tipo 2") for t in titles)
    rules = {p.rrule.split(";")[0] + (";INTERVAL" if "INTERVAL" in p.rrule else "") for p in programs}
    assert rules == {"FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL", "FREQ=MONTHLY"}
    now = utcnow()
    for p in programs:
        roles = {m.role for m in p.memberships if m.status == MembershipStatus.active}
        assert roles == set(Role)
        past = [s for s in p.sessions if s.starts_at < now]
        future = [s for s in p.sessions if s.starts_at >= now]
        assert past and future and all(s.status == SessionStatus.ended for s in past)
        assert any(s.didactic_title for s in future)
    assert db.session.scalar(select(func.count()).select_from(ClinicSession).where(ClinicSession.status == SessionStatus.cancelled)) >= 1
    assert db.session.scalar(select(User).where(User.email == "admin@demo.echo")).is_admin
    # Every demo account logs in at once: none waits for a mailed sign-up link.
    assert db.session.scalar(select(func.count(User.id)).where(User.confirmed_at.is_(None))) == 0
    r = client.post("/auth/login", data={"email": "l.mamani@demo.echo", "password": DEMO_PASSWORD})
    assert r.status_code == 302 and r.location.endswith("/home")
    assert db.session.scalar(select(Membership).where(Membership.status == MembershipStatus.requested)) is not None
    n = db.session.scalar(select(func.count(ClinicSession.id)))
    assert not load_demo(if_empty=True)
    r = runner.invoke(args=["demo-data"])  # loading again adds nothing twice
    assert r.exit_code == 0 and db.session.scalar(select(func.count(Program.id))) == 5
    assert db.session.scalar(select(func.count(ClinicSession.id))) == n


def test_extend_schedules_command(app, runner):
    from datetime import timedelta

    from echo.programs import scheduling
    from tests.factories import make_program, make_user

    p = make_program(make_user(), rrule="FREQ=WEEKLY;BYDAY=MO", first_date=utcnow().date(), start_time=__import__("datetime").time(9))
    r = runner.invoke(args=["programs", "extend-schedules"])
    assert r.exit_code == 0 and f"program {p.id}:" in r.output
    db.session.expire_all()
    assert len(p.sessions) >= 155  # open-ended: three years of Mondays
    assert max(s.starts_at for s in p.sessions).date() <= scheduling.horizon() + timedelta(days=1)


def test_demo_accounts_are_never_added_to_a_database_with_other_accounts(app, runner):
    import pytest

    from echo.demo import DemoRefused
    from tests.factories import make_user

    make_user(email="real.clinician@example.org")
    with pytest.raises(DemoRefused):
        load_demo()
    r = runner.invoke(args=["demo-data"])
    assert r.exit_code != 0 and "only loaded into an empty database" in r.output
    r = runner.invoke(args=["demo-data", "--if-empty"])  # what `make run` does: nothing, quietly
    assert r.exit_code == 0
    db.session.rollback()
    assert db.session.scalar(select(func.count(User.id)).where(User.email.like("%@demo.echo"))) == 0
    assert db.session.scalar(select(func.count(Program.id))) == 0


def test_demo_invitation_token_is_random(app, client):
    from echo.programs.membership import hash_token
    from echo.programs.models import Invite

    load_demo()
    invite = db.session.scalars(select(Invite)).one()
    assert invite.token_hash != hash_token("demo-invite-token-not-secret")
    r = client.get("/invites/demo-invite-token-not-secret")
    assert r.status_code == 400 and "not valid" in r.get_data(as_text=True)
