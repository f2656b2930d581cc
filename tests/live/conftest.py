"""Fixtures of the live board tests: a session with a case on its agenda (`board`, `live_board`),
and the same for the tests against real server processes (`scene`)."""
from __future__ import annotations

import pytest

from echo.cases.models import CaseState
from tests.factories import make_case, make_session, soon
from tests.helpers import ack


@pytest.fixture
def board(app, people):
    """people + a scheduled session with two accepted cases presented by the participant."""
    app.config["LIVE_PRESENCE_DELAY"] = 0
    app.config["LIVE_RATE_LIMIT"] = "1000/minute"
    program = people.program
    session = make_session(program, starts_at=soon())
    case1 = make_case(program, people.participant, CaseState.accepted, session, agenda_position=1)
    case2 = make_case(program, people.participant, CaseState.accepted, session, agenda_position=2,
                      title="Chronic pain and opioid taper")
    return dict(vars(people), session=session, case=case1, case2=case2)


@pytest.fixture
def live_board(board, socket_client):
    """board + the session started by its coordinator; clients joined per role on demand."""
    coord = socket_client(board["coordinator"])
    assert ack(coord, "join", session_id=board["session"].id, last_seq=0)["ok"]
    r = ack(coord, "start_session", session_id=board["session"].id, client_id="start-1")
    assert r["ok"], r
    board["coord_client"] = coord
    return board


@pytest.fixture
def scene(people):
    """people + a session starting soon with one accepted case presented by the participant."""
    program = people.program
    session = make_session(program, starts_at=soon())
    case = make_case(program, people.participant, CaseState.accepted, session, agenda_position=1)
    return dict(vars(people), session=session, case=case)
