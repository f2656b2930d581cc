"""The live board honours ended logins: sockets of a login that ended are closed or refused, and
the attendance beat of a board without JavaScript cannot be triggered from another site."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from echo.accounts.models import UserLogin
from echo.core.extensions import db, socketio
from echo.live.models import PresenceInterval
from tests.helpers import PG_URL, REDIS_URL, ack, login

QUESTION = "Has the PHQ-9 been repeated since the dose change?"


def _joined(socket_client, user, session):
    sc = socket_client(user)
    assert ack(sc, "join", session_id=session.id, last_seq=0)["ok"]
    sc.get_received()
    return sc


def _post(sc, session, client_id):
    return ack(sc, "post_question", session_id=session.id, text=QUESTION, client_id=client_id)


def test_logging_out_everywhere_closes_the_boards_of_those_logins(live_board, socket_client, login_as):
    s, user = live_board["session"], live_board["specialist"]
    sc = _joined(socket_client, user, s)
    assert _post(sc, s, "before")["ok"]
    assert login_as(user).post("/auth/logins/end-all").status_code == 302
    assert any(m["name"] == "access_changed" for m in sc.queue)  # the board reloads (to the login page)
    assert not sc.is_connected()
    # Another user's board is untouched.
    assert live_board["coord_client"].is_connected()


def test_a_login_ended_in_another_process_is_refused_on_the_next_event(live_board, socket_client, monkeypatch):
    """No notice reached this process (the row is simply gone): the socket is refused from its
    next event, posts included (each event loads its user through the socket's login)."""
    s, user = live_board["session"], live_board["participant"]
    poster, watcher = _joined(socket_client, user, s), _joined(socket_client, user, s)
    assert _post(poster, s, "p1")["ok"]
    db.session.execute(delete(UserLogin).where(UserLogin.user_id == user.id))
    db.session.commit()
    r = _post(poster, s, "p2")
    assert not r["ok"] and r["error"]["code"] == "forbidden"
    r = ack(watcher, "join", session_id=s.id, last_seq=0)
    assert not r["ok"] and r["error"]["code"] == "forbidden"
    from echo.live.models import Question

    assert db.session.scalar(select(Question).where(Question.text == QUESTION).offset(1)) is None  # only p1


def test_a_socket_cannot_connect_with_an_ended_login(app, people):
    flask_client = app.test_client()
    login(flask_client, people.participant)
    db.session.execute(delete(UserLogin).where(UserLogin.user_id == people.participant.id))
    db.session.commit()
    sc = socketio.test_client(app, flask_test_client=flask_client)
    assert not sc.is_connected()


def test_a_socket_restored_from_the_remember_cookie_keeps_the_cookie_valid(app, people):
    """Its handshake's answer cannot set a rotated cookie, so the login is not rotated there."""
    from tests.factories import PASSWORD

    user = people.specialist
    c = app.test_client()
    c.post("/auth/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    remembered = c.get_cookie("remember_token").value
    restored = app.test_client()  # a browser restarted: only the remember cookie is left
    restored.set_cookie("remember_token", remembered)
    sc = socketio.test_client(app, flask_test_client=restored)
    assert sc.is_connected()
    sc.disconnect()
    row = db.session.scalar(select(UserLogin).where(UserLogin.user_id == user.id))
    db.session.refresh(row)
    assert row.rotated_at is None
    again = app.test_client()
    again.set_cookie("remember_token", remembered)
    assert again.get("/home").status_code == 200


# --- the attendance beat without JavaScript ----------------------------------------------------

def _beats(user):
    db.session.expire_all()
    return db.session.scalars(select(PresenceInterval).where(PresenceInterval.user_id == user.id)).all()


def test_the_attendance_beat_needs_the_board_frames_signed_address(live_board, login_as):
    from echo.live.nojs import beat_token
    from tests.helpers import board_url, here

    s, user, other = live_board["session"], live_board["participant"], live_board["specialist"]
    c = login_as(user)
    # Another site can link to or redirect to the bare address (a Lax cookie goes along): refused.
    assert c.get(f"{board_url(s)}/here").status_code == 403
    assert here(c, s, beat="forged").status_code == 403
    assert here(c, s, beat=beat_token(other.id, s.id)).status_code == 403  # another viewer's frame
    assert here(c, s, beat=beat_token(user.id, s.id + 1)).status_code == 403  # another session's frame
    # Browsers that say where a request comes from: only this site's own frame counts.
    assert here(c, s, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert here(c, s, **{"Sec-Fetch-Site": "same-site"}).status_code == 403
    assert _beats(user) == []
    assert here(c, s, **{"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert len(_beats(user)) == 1


# --- several server processes -------------------------------------------------------------------

@pytest.mark.server
@pytest.mark.postgres_only
@pytest.mark.skipif(not (REDIS_URL and PG_URL), reason="needs ECHO_TEST_REDIS_URL and ECHO_TEST_POSTGRES_URL (CI sets both)")
def test_a_login_ended_through_one_process_ends_its_socket_on_another(live_server, scene):
    import re
    import threading
    import time

    from tests.helpers import Peer
    from tests.helpers import start_live_session as _start

    env = {"ECHO_MESSAGE_QUEUE": REDIS_URL}
    a, b = live_server(**env), live_server(**env)
    sid = scene["session"].id
    coord = _start(a, scene)
    part = Peer(a, scene["participant"])  # logged in through process A,
    part.url = b.url                      # its board's socket on process B
    part.connect()
    try:
        assert part.call("join", session_id=sid, last_seq=0)["ok"]
        assert part.call("post_question", session_id=sid, text=QUESTION, client_id="before")["ok"]
        told = threading.Event()
        part.sio.on("access_changed", lambda data: told.set())
        page = part.http.get(f"{a.url}/auth/profile")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = part.http.post(f"{a.url}/auth/logins/end-all", data={"csrf_token": token}, allow_redirects=False)
        assert r.status_code == 302
        assert told.wait(10)  # through Redis: the board reloads
        r = part.call("join", session_id=sid, last_seq=0)
        assert not r["ok"] and r["error"]["code"] == "forbidden"
        # Posts (which read no user) are refused too once the socket's login is re-read.
        deadline, refused = time.monotonic() + 15, None
        while refused is None and time.monotonic() < deadline:
            r = part.call("post_question", session_id=sid, text=QUESTION, client_id=f"after-{time.monotonic()}")
            refused = r if not r["ok"] else None
            time.sleep(0.5)
        assert refused is not None and refused["error"]["code"] == "forbidden"
        assert coord.call("join", session_id=sid, last_seq=0)["ok"]  # nobody else's login ended
    finally:
        part.close()
        coord.close()
