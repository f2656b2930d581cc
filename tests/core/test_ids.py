"""Ids of any size are "not found", never a server error, on both databases: in URLs (every
route with an <int:> part), forms and JSON bodies (socket payloads: tests/live/test_input_limits.py).

PostgreSQL's integer columns end at 2^31 - 1 and SQLite's driver at 2^63 - 1; past them the
query itself failed (a 500)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.live.models import Question
from echo.programs.clinic_session import SessionStatus
from tests.factories import make_case, make_session

HUGE = [2**31, 2**63, 10**30]


def _urls(app, value: int) -> list[tuple[str, str]]:
    """(method, path) of every route that takes an id, with `value` for each id."""
    out = []
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]
        if not ints:
            continue
        args = {}
        for name, conv in rule._converters.items():
            if name in ints:
                args[name] = value
            elif hasattr(conv, "items"):  # <any(a, b):name>
                args[name] = min(conv.items)
            else:
                args[name] = "up"
        path = rule.build(args, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((method, path))
    return out


@pytest.mark.parametrize("value", HUGE)
def test_every_route_answers_404_for_an_id_no_row_can_have(app, people, login_as, value):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    c = login_as(people.admin)
    urls = _urls(app, value)
    assert len(urls) > 40  # the routes with ids were found
    answers = {(m, p): c.open(p, method=m).status_code for m, p in urls}
    assert {k: v for k, v in answers.items() if v != 404} == {}


def test_the_largest_possible_id_is_an_ordinary_not_found(app, people, login_as):
    c = login_as(people.admin)
    assert c.get(f"/cases/{2**31 - 1}").status_code == 404
    assert c.get(f"/programs/{2**31 - 1}").status_code == 404


@pytest.mark.parametrize("value", HUGE)
def test_a_form_naming_a_huge_session_asks_to_choose_one(app, people, login_as, value):
    """Accepting a case onto a session that cannot exist: the form's own message, as for any unknown session."""
    case = make_case(people.program, people.participant, state=CaseState.submitted)
    c = login_as(people.coordinator)
    r = c.post(f"/cases/{case.id}/move", data={"target": "accepted", "session_id": str(value)})
    assert r.status_code == 400
    assert "Choose a session for the agenda." in r.get_data(as_text=True)


@pytest.mark.parametrize("value", HUGE)
def test_json_with_a_huge_id_is_not_found(app, people, login_as, value):
    c = login_as(people.participant)
    r = c.post("/cases/privacy-check", json={"case_id": value, "fields": {"narrative": "Tired."}})
    assert r.status_code == 404 and r.get_json()["error"]["message"] == "No such case."
    r = c.post("/cases/privacy-check", json={"program_id": value, "fields": {"narrative": "Tired."}})
    assert r.status_code == 404 and r.get_json()["error"]["message"] == "No such program."


@pytest.mark.parametrize("value", HUGE)
def test_the_board_form_with_a_huge_case_id_is_not_found(app, people, login_as, value):
    """The board's no-JavaScript question form: a case id no case can have is not on the agenda."""
    session = make_session(people.program)
    make_case(people.program, people.participant, CaseState.accepted, session, agenda_position=1)
    session.status = SessionStatus.live
    db.session.commit()
    c = login_as(people.specialist)
    r = c.post(f"/sessions/{session.id}/live/questions", data={"text": "Any thyroid tests?", "case_id": str(value),
                                                              "client_id": "q1"})
    assert r.status_code == 404
    assert "That case is not on this session's agenda." in r.get_data(as_text=True) or "No such case." in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_an_id_of_five_thousand_digits_is_not_found(app, people, login_as):
    """Python will not even convert a string of more than 4,300 digits to a number."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    digits = "9" * 5000
    c = login_as(people.admin)
    assert c.get(f"/cases/{digits}").status_code == 404
    assert c.post(f"/library/publish/{digits}").status_code == 404
    case = make_case(people.program, people.participant, state=CaseState.submitted)
    r = login_as(people.coordinator).post(f"/cases/{case.id}/move", data={"target": "accepted", "session_id": digits})
    assert r.status_code == 400 and "Choose a session for the agenda." in r.get_data(as_text=True)
    session = make_session(people.program)
    make_case(people.program, people.participant, CaseState.accepted, session, agenda_position=1)
    session.status = SessionStatus.live
    db.session.commit()
    r = login_as(people.specialist).post(f"/sessions/{session.id}/live/questions",
                                             data={"text": "Any thyroid tests?", "case_id": digits, "client_id": "q1"})
    assert r.status_code == 404
