"""What a socket receives after a coordinator or an admin changes someone's access mid-session:
the board is told to reload and its socket is closed, so a removed member stops receiving the
room's events at once (writes are re-checked per event as well: test_events.py)."""
from __future__ import annotations

from sqlalchemy import select

from echo.core.extensions import db
from echo.live.models import PresenceInterval
from echo.programs.models import Membership
from tests.helpers import ack, events_of

GOOD = "Consider switching to venlafaxine 75 mg daily and recheck the PHQ-9 in four weeks."


def _membership(board, user):
    return db.session.scalar(select(Membership).where(Membership.program_id == board["program"].id, Membership.user_id == user.id))


def _joined(socket_client, user, session):
    sc = socket_client(user)
    assert ack(sc, "join", session_id=session.id, last_seq=0)["ok"]
    sc.get_received()
    return sc


def _told(sc):
    """What a (by now possibly disconnected) test client was sent: access_changed payloads."""
    got = [x["args"][0] for x in sc.queue if x["name"] == "access_changed"]
    sc.queue = []
    return got


def _open_presence(user, session):
    db.session.expire_all()
    return db.session.scalars(select(PresenceInterval).where(PresenceInterval.user_id == user.id,
                                                             PresenceInterval.session_id == session.id,
                                                             PresenceInterval.left_at.is_(None))).all()


def test_a_removed_member_is_cut_off_from_the_room(live_board, socket_client, login_as):
    s = live_board["session"]
    learner = _joined(socket_client, live_board["learner"], s)
    other = _joined(socket_client, live_board["participant"], s)
    spec = _joined(socket_client, live_board["specialist"], s)
    coord = login_as(live_board["coordinator"])
    m = _membership(live_board, live_board["learner"])
    assert coord.post(f"/programs/{live_board['program'].id}/members/{m.id}/remove").status_code == 302
    assert _told(learner) == [{"session_id": s.id}]
    assert not learner.is_connected()
    assert _open_presence(live_board["learner"], s) == []
    # The room goes on without them: the next recommendation reaches the others only.
    assert ack(spec, "post_recommendation", session_id=s.id, category="medication", text=GOOD, client_id="after-removal")["ok"]
    assert [e["client_id"] for e in events_of(other)] == ["after-removal"]
    # Joining again is refused.
    again = socket_client(live_board["learner"])
    assert ack(again, "join", session_id=s.id, last_seq=0)["error"]["code"] == "forbidden"


def test_a_role_change_makes_the_board_reload_with_the_new_role(live_board, socket_client, login_as):
    s = live_board["session"]
    learner = _joined(socket_client, live_board["learner"], s)
    bystander = _joined(socket_client, live_board["participant"], s)
    coord = login_as(live_board["coordinator"])
    m = _membership(live_board, live_board["learner"])
    assert coord.post(f"/programs/{live_board['program'].id}/members/{m.id}/role", data={"role": "specialist"}).status_code == 302
    assert _told(learner) == [{"session_id": s.id}]
    assert not learner.is_connected()
    # Nobody else is disconnected.
    assert bystander.is_connected() and _told(bystander) == []
    rejoined = socket_client(live_board["learner"])
    assert ack(rejoined, "join", session_id=s.id, last_seq=0)["role"] == "specialist"


def test_a_refused_role_change_disconnects_nobody(live_board, socket_client, login_as):
    s = live_board["session"]
    learner = _joined(socket_client, live_board["learner"], s)
    coord = login_as(live_board["coordinator"])
    m = _membership(live_board, live_board["learner"])
    assert coord.post(f"/programs/{live_board['program'].id}/members/{m.id}/role", data={"role": "boss"}).status_code == 400
    assert learner.is_connected() and _told(learner) == []
    # Someone who may not change roles changes nothing and cuts nobody off.
    part = login_as(live_board["participant"])
    assert part.post(f"/programs/{live_board['program'].id}/members/{m.id}/remove").status_code == 403
    assert learner.is_connected()


def test_a_deactivated_account_is_disconnected_everywhere(live_board, socket_client, login_as):
    s = live_board["session"]
    spec = _joined(socket_client, live_board["specialist"], s)
    admin = login_as(live_board["admin"])
    assert admin.post(f"/admin/users/{live_board['specialist'].id}/active", data={"active": "0"}).status_code == 302
    assert _told(spec) == [{"session_id": s.id}]
    assert not spec.is_connected()
    assert _open_presence(live_board["specialist"], s) == []


def test_leaving_a_program_closes_your_own_board(live_board, socket_client, login_as):
    s = live_board["session"]
    learner = _joined(socket_client, live_board["learner"], s)
    me = login_as(live_board["learner"])
    assert me.post(f"/programs/{live_board['program'].id}/leave").status_code == 302
    assert not learner.is_connected()
