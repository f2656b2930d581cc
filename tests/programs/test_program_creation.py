"""Creating a program is a right a site admin grants; coordinators of existing programs keep it."""
from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from echo.accounts.models import AuditLog, User
from echo.core.extensions import db
from echo.programs.models import Program
from tests.helpers import program_form


def _form():
    from datetime import timedelta

    from echo.core.types import utcnow

    d = (utcnow() + timedelta(days=20)).date()
    return program_form(first_date=d.isoformat(), until_date=(d + timedelta(days=60)).isoformat())


@pytest.mark.parametrize("who", ["specialist", "participant", "learner", "outsider"])
def test_without_the_right_no_program_is_created(people, login_as, who):
    c = login_as(people.user(who))
    assert c.get("/programs/new").status_code == 403
    r = c.post("/programs/new", data=_form())
    assert r.status_code == 403 and "site administrator grants" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Program.id))) == 1  # only the people's own program
    assert "New program" not in c.get("/programs").get_data(as_text=True)


def test_the_new_program_link_shows_only_to_those_with_the_right(people, login_as):
    for who in ("coordinator", "admin"):
        assert "New program" in login_as(people.user(who)).get("/programs").get_data(as_text=True), who


def test_an_admin_grants_and_takes_the_right(people, login_as):
    admin, learner = people.admin, people.learner
    page = login_as(admin).get("/admin/users").get_data(as_text=True)
    assert f"program creation for {learner.name}" in page
    r = login_as(admin).post(f"/admin/users/{learner.id}/program-creation", data={"allowed": "1"})
    assert r.status_code == 302
    db.session.refresh(learner)
    assert learner.can_create_programs
    c = login_as(learner)
    assert "New program" in c.get("/programs").get_data(as_text=True)
    assert c.post("/programs/new", data=_form()).status_code == 302
    login_as(admin).post(f"/admin/users/{learner.id}/program-creation", data={"allowed": "0"})
    db.session.refresh(learner)
    assert not learner.can_create_programs and c.get("/programs/new").status_code == 403
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.object_id == learner.id)).all()
    assert "user.program_creation_granted" in actions and "user.program_creation_revoked" in actions


@pytest.mark.parametrize("who", ["coordinator", "specialist", "learner", "outsider"])
def test_only_admins_grant_the_right(people, login_as, who):
    target = people.learner
    assert login_as(people.user(who)).post(f"/admin/users/{target.id}/program-creation", data={"allowed": "1"}).status_code == 403
    db.session.refresh(target)
    assert not target.can_create_programs


def test_demo_coordinator_has_the_right_and_the_learner_not(app):
    from echo.demo import load_demo

    load_demo()
    right = dict(db.session.execute(select(User.email, User.can_create_programs).where(User.email.like("%@demo.echo"))).all())
    assert right["coordinator@demo.echo"] and not right["learner@demo.echo"] and not right["participant@demo.echo"]


# --- migration 0008: existing coordinators keep the right -------------------------------------

def _database_urls(tmp_path):
    yield f"sqlite:///{tmp_path / 'upgrade.db'}", None
    pg = os.environ.get("ECHO_TEST_POSTGRES_URL")
    if pg:
        admin_url = pg.replace("postgresql://", "postgresql+psycopg://", 1)
        name = f"echo_upgrade_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield admin_url.rsplit("/", 1)[0] + "/" + name, (admin, name)


def test_migration_grants_the_right_to_existing_coordinators(tmp_path):
    from flask_migrate import upgrade

    from echo import create_app

    for url, cleanup in _database_urls(tmp_path):
        old = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
        try:
            with old.app_context():
                upgrade(revision="0007_search_unaccent")
                with db.engine.begin() as conn:
                    for i, name in enumerate(["coordinator", "learner", "requested"], start=1):
                        conn.execute(sa.text(
                            "INSERT INTO users (id, email, name, password_hash, profession, organisation, region, timezone, "
                            "is_admin, is_active_account, calendar_token, created_at) VALUES (:i, :e, :n, 'x', '', '', '', 'UTC', "
                            ":f, :t, :tok, CURRENT_TIMESTAMP)"), {"i": i, "e": f"{name}@example.org", "n": name, "tok": f"tok{i}",
                                                                  "f": False, "t": True})
                    conn.execute(sa.text(
                        "INSERT INTO programs (id, name, topic, description, hub_team, timezone, video_url, visibility, rrule, "
                        "duration_minutes, calendar_token, created_at) VALUES (1, 'P', 'T', '', '', 'UTC', '', 'public', '', 60, "
                        "'ptok', CURRENT_TIMESTAMP)"))
                    for uid, role, status in [(1, "coordinator", "active"), (2, "learner", "active"), (3, "coordinator", "requested")]:
                        conn.execute(sa.text(
                            "INSERT INTO memberships (program_id, user_id, role, status, created_at) "
                            "VALUES (1, :u, :r, :s, CURRENT_TIMESTAMP)"), {"u": uid, "r": role, "s": status})
                upgrade()
                with db.engine.connect() as conn:
                    right = dict(conn.execute(sa.text("SELECT email, can_create_programs FROM users")).all())
                assert right == {"coordinator@example.org": True, "learner@example.org": False, "requested@example.org": False}
        finally:
            with old.app_context():
                db.engine.dispose()
            if cleanup:
                engine, name = cleanup
                with engine.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                engine.dispose()
