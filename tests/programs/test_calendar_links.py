"""Calendar feed links: only hashes are stored, the pages still show a working link, a reset
ends the old one, and the tokens stored in clear before migration 0019 keep working."""
from __future__ import annotations

import hashlib
import re

import sqlalchemy as sa

from echo.core.extensions import db
from echo.ops.accesslog import redact
from echo.programs import calendar_links
from tests.factories import make_user
from tests.helpers import feed_token

FEED = re.compile(r'href="https?://[^"]*(/calendar/(?:program|me)/([^"/]+)\.ics)"')


def _shown_links(client, path: str) -> list[tuple[str, str]]:
    return FEED.findall(client.get(path).get_data(as_text=True))


def _stored_values(table: str) -> list[str]:
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT * FROM {table}")).all()
    return [v for row in rows for v in row if isinstance(v, str)]


def test_the_feeds_work_by_the_links_their_pages_show(app, login_as, people):
    p = people.program
    [(program_path, program_token)] = _shown_links(login_as(people.participant), f"/programs/{p.id}")
    [(my_path, my_token)] = _shown_links(login_as(people.participant), "/programs")
    anyone = app.test_client()  # a calendar app: no login
    for path in (program_path, my_path):
        r = anyone.get(path)
        assert r.status_code == 200 and r.mimetype == "text/calendar"
    # Every member is shown the same program link, on every visit; each person their own feed.
    assert _shown_links(login_as(people.specialist), f"/programs/{p.id}")[0][1] == program_token
    assert _shown_links(login_as(people.participant), f"/programs/{p.id}")[0][1] == program_token
    assert _shown_links(login_as(people.specialist), "/programs")[0][1] != my_token


def test_the_database_holds_no_usable_token(app, client, people):
    tokens = {feed_token(people.program), feed_token(people.participant)}
    stored = _stored_values("programs") + _stored_values("users")
    assert not any(token in value for token in tokens for value in stored)
    # What is stored is the hash; neither it nor the nonce opens a feed.
    db.session.refresh(people.program)
    assert people.program.calendar_token_hash == hashlib.sha256(feed_token(people.program).encode()).hexdigest()
    for value in (people.program.calendar_token_hash, people.program.calendar_nonce,
                  people.participant.calendar_token_hash, people.participant.calendar_nonce):
        assert client.get(f"/calendar/program/{value}.ics").status_code == 404
        assert client.get(f"/calendar/me/{value}.ics").status_code == 404


def test_wrong_tokens_are_404(app, client, people):
    program_token, my_token = feed_token(people.program), feed_token(people.participant)
    changed = program_token[:-1] + ("A" if program_token[-1] != "A" else "B")
    assert client.get(f"/calendar/program/{changed}.ics").status_code == 404
    # A program's link does not open a person's feed, nor the other way round.
    assert client.get(f"/calendar/me/{program_token}.ics").status_code == 404
    assert client.get(f"/calendar/program/{my_token}.ics").status_code == 404
    # A deactivated account's feed stops.
    gone = make_user(is_active_account=False)
    assert client.get(f"/calendar/me/{feed_token(gone)}.ics").status_code == 404


def test_reset_ends_the_old_link_at_once(app, login_as, people):
    p = people.program
    coordinator = login_as(people.coordinator)
    [(old_path, _)] = _shown_links(coordinator, f"/programs/{p.id}")
    assert coordinator.post(f"/programs/{p.id}/calendar/reset").status_code == 302
    [(new_path, _)] = _shown_links(coordinator, f"/programs/{p.id}")
    assert new_path != old_path
    assert app.test_client().get(old_path).status_code == 404
    assert app.test_client().get(new_path).status_code == 200


def test_a_new_secret_key_shows_a_new_link_and_the_old_one_keeps_working(app, login_as, people):
    """Derived links change with the secret key; calendars subscribed with the old one go on."""
    c = login_as(people.participant)
    [(old_path, _)] = _shown_links(c, "/programs")
    app.config["SECRET_KEY"] = "another-secret-key-for-this-test"
    [(new_path, _)] = _shown_links(login_as(people.participant), "/programs")
    assert new_path != old_path
    anyone = app.test_client()
    assert anyone.get(old_path).status_code == 200 and anyone.get(new_path).status_code == 200
    assert login_as(people.participant).post("/calendar/me/reset").status_code == 302
    assert anyone.get(old_path).status_code == 404 and anyone.get(new_path).status_code == 404


def test_access_logs_cut_the_derived_tokens(app, people):
    for path in (f"/calendar/program/{feed_token(people.program)}.ics", f"/calendar/me/{feed_token(people.participant)}.ics"):
        line = redact(f'127.0.0.1 - - "GET {path} HTTP/1.1" 200 "https://site{path}"')
        assert "<secret>" in line and path.split("/")[-1].removesuffix(".ics") not in line


def test_migration_hashes_stored_tokens_and_old_subscriptions_keep_working(tmp_path):
    from flask_migrate import upgrade

    from echo import create_app
    from echo.accounts.models import User
    from echo.programs.models import Program

    old = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/old.db", "TESTING": True})
    with old.app_context():
        try:
            upgrade(revision="0018_self_efficacy")
            with db.engine.begin() as conn:
                conn.execute(sa.text(
                    "INSERT INTO users (id, email, name, password_hash, profession, organisation, region, timezone, "
                    "is_admin, is_active_account, calendar_token, created_at) VALUES (1, 'old@example.org', 'Old', 'x', "
                    "'', '', '', 'UTC', :f, :t, 'old-personal-token', CURRENT_TIMESTAMP)"), {"f": False, "t": True})
                conn.execute(sa.text(
                    "INSERT INTO programs (id, name, topic, description, hub_team, timezone, video_url, visibility, rrule, "
                    "duration_minutes, calendar_token, created_at) VALUES (1, 'P', 'T', '', '', 'UTC', '', 'public', '', 60, "
                    "'old-program-token', CURRENT_TIMESTAMP)"))
            upgrade()
            assert not any("old-" in v for v in _stored_values("users") + _stored_values("programs"))
            user, program = db.session.get(User, 1), db.session.get(Program, 1)
            assert user.confirmed_at is not None  # accounts from before count as confirmed
            assert program.calendar_token_hash == hashlib.sha256(b"old-program-token").hexdigest()
            client = old.test_client()
            assert client.get("/calendar/program/old-program-token.ics").status_code == 200
            assert client.get("/calendar/me/old-personal-token.ics").status_code == 200
            # The page shows a derived link from now on; the subscribed one still works...
            shown = calendar_links.do_feed_token(program)
            db.session.commit()
            assert shown != "old-program-token"
            assert client.get(f"/calendar/program/{shown}.ics").status_code == 200
            assert client.get("/calendar/program/old-program-token.ics").status_code == 200
            # ...until the link is reset.
            calendar_links.do_reset(program)
            db.session.commit()
            assert client.get("/calendar/program/old-program-token.ics").status_code == 404
            assert client.get(f"/calendar/program/{shown}.ics").status_code == 404
        finally:
            db.session.remove()
            db.engine.dispose()
