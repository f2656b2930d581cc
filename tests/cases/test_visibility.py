"""Who sees a case's text, and when (docs/cases.md): one rule for the case page, the session
page, the board, the summary, the library and search; each view audited once per viewer,
case and session; nothing learnt by those refused; former members write nothing; no caching."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from echo.accounts.models import AuditLog
from echo.cases.models import Case
from echo.cases.models import CaseState as S
from echo.cases.privacy_check import check_dismissal
from echo.cases.visibility import (
    can_view_case,
    can_view_library_entry,
    library_program_ids,
    visible_cases_clause,
)
from echo.core.errors import NotAllowed
from echo.core.extensions import db
from echo.library import publish as lib
from echo.programs.clinic_session import SessionStatus
from echo.programs.models import Membership, Visibility
from tests.factories import (
    add_member,
    make_clean_case,
    make_program,
    make_session,
    make_user,
    published_case,
    summarised_case,
)
from tests.helpers import feed_token

ROLES = ("author", "coordinator", "specialist", "participant", "learner", "outsider", "admin")
HISTORY = "Two admissions for alcohol withdrawal seizures in the past year."


def _author(people):
    a = make_user("Annie Author")
    add_member(people.program, a, "participant")
    return a


def _views(user, case) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(
        AuditLog.action == "case.viewed", AuditLog.actor_id == user.id, AuditLog.object_id == case.id).order_by(AuditLog.id)))


# --- one rule, in Python and in SQL ------------------------------------------------------------

def test_sql_rule_agrees_with_python_rule(people):
    """Search and lists use visible_cases_clause; pages use can_view_case: the same answers for
    every role and state, including a case being presented in a live session."""
    author = _author(people)
    program = people.program
    cases = []
    for state in S:
        session = make_session(program) if state != S.draft else None
        cases.append(make_clean_case(program, author, state=state, session=session))
    live = make_session(program, status=SessionStatus.live)
    current = make_clean_case(program, author, state=S.accepted, session=live)
    live.current_case_id = current.id
    cases.append(current)
    other = make_program(make_user(), visibility=Visibility.invite_only)
    cases.append(make_clean_case(other, make_user(), state=S.presented))
    db.session.commit()
    ids = [c.id for c in cases]
    for role in ROLES:
        user = author if role == "author" else people.user(role)
        in_sql = set(db.session.scalars(select(Case.id).where(Case.id.in_(ids), visible_cases_clause(user))))
        in_python = {c.id for c in cases if can_view_case(user, c)}
        assert in_sql == in_python, role
    assert can_view_case(people.learner, current) and not can_view_case(people.learner, cases[0])


def test_library_rule_in_python_and_sql(people):
    closed = make_program(make_user(), visibility=Visibility.invite_only)
    add_member(closed, people.learner, "learner")
    for role in ("learner", "participant", "outsider", "admin"):
        user = people.user(role)
        q = library_program_ids(user)
        for program in (people.program, closed):
            in_sql = q is None or program.id in set(db.session.scalars(q))
            assert in_sql == can_view_library_entry(user, program), (role, program.name)
    assert not can_view_library_entry(people.outsider, closed) and can_view_library_entry(people.outsider, people.program)


# --- the board ---------------------------------------------------------------------------------

def _board_setup(people):
    program = people.program
    session = make_session(program)
    first = make_clean_case(program, people.participant, state=S.accepted, session=session, agenda_position=1,
                      title="Withdrawal seizures", history=HISTORY)
    second = make_clean_case(program, people.participant, state=S.accepted, session=session, agenda_position=2,
                       title="Opioid taper in chronic pain", questions="Is buprenorphine rotation reasonable here?")
    return session, first, second


def test_board_shows_a_case_to_learners_only_while_it_is_presented(people, login_as):
    session, first, second = _board_setup(people)
    url = f"/sessions/{session.id}/live"
    # Before the session: the panel reads both cases, a learner or another participant nothing of them.
    page = login_as(people.specialist).get(url).text
    assert HISTORY in page and "Is buprenorphine rotation reasonable here?" in page
    for role in ("learner",):
        page = login_as(people.user(role)).get(url).text
        assert HISTORY not in page and "Withdrawal seizures" not in page and "buprenorphine" not in page
        assert f"Case #{first.id}" in page and "data-withheld" in page
        assert login_as(people.user(role)).get(f"/cases/{first.id}").status_code == 403
    # Live, first case current: the learner sees it (board and case page agree), not the next one.
    session.status, session.current_case_id = SessionStatus.live, first.id
    db.session.commit()
    page = login_as(people.learner).get(url).text
    assert HISTORY in page and "Withdrawal seizures" in page
    assert "buprenorphine" not in page and "Opioid taper" not in page
    assert login_as(people.learner).get(f"/cases/{first.id}").status_code == 200
    assert login_as(people.learner).get(f"/cases/{second.id}").status_code == 403


def test_board_views_are_audited_once_per_viewer_case_and_session(people, login_as):
    session, first, second = _board_setup(people)
    spec = login_as(people.specialist)
    for _ in range(3):
        assert spec.get(f"/sessions/{session.id}/live").status_code == 200
    for case in (first, second):
        views = _views(people.specialist, case)
        assert len(views) == 1 and views[0].detail == f"board (session #{session.id})"
    # The same case on its own page is another context: one more entry, then no more.
    spec.get(f"/cases/{first.id}")
    spec.get(f"/cases/{first.id}")
    assert [v.detail for v in _views(people.specialist, first)] == [f"board (session #{session.id})", "page"]
    # The learner saw nothing of them, so nothing is recorded for them; the author is never audited.
    login_as(people.learner).get(f"/sessions/{session.id}/live")
    login_as(people.participant).get(f"/sessions/{session.id}/live")
    assert _views(people.learner, first) == [] and _views(people.participant, first) == []


def test_session_page_audits_in_its_handler_not_its_template(people, login_as, app):
    session, first, _ = _board_setup(people)
    from flask import render_template
    from flask_login import login_user

    with app.test_request_context():
        login_user(people.specialist)
        html = render_template("cases/_session_agenda.html", session=session, program=session.program, my_role=None)
    assert first.questions in html and _views(people.specialist, first) == []
    c = login_as(people.specialist)
    c.get(f"/sessions/{session.id}")
    c.get(f"/sessions/{session.id}")
    assert [v.detail for v in _views(people.specialist, first)] == [f"agenda (session #{session.id})"]


def test_summary_print_and_library_views_are_audited_once(people, login_as):
    case = published_case(people.program, people.participant, people.coordinator)
    spec = login_as(people.specialist)
    for _ in range(2):
        assert spec.get(f"/library/cases/{case.id}").status_code == 200
        assert spec.get(f"/api/v1/library/cases/{case.id}").status_code == 200
    assert [v.detail for v in _views(people.specialist, case)] == ["library"]
    session = make_session(people.program)
    case2 = summarised_case(people.program, people.participant, session=session)
    for _ in range(2):
        assert spec.get(f"/live/cases/{case2.id}/summary/print").status_code == 200
    assert [v.detail for v in _views(people.specialist, case2)] == [f"summary (session #{session.id})"]


# --- refused means learning nothing -------------------------------------------------------------

def test_publish_refuses_outsiders_before_naming_the_state(people, login_as):
    closed = make_program(make_user(), visibility=Visibility.invite_only)
    author = make_user()
    add_member(closed, author, "participant")
    draft = make_clean_case(closed, author, state=S.draft)
    r = login_as(people.coordinator).post(f"/library/publish/{draft.id}")
    assert r.status_code == 403
    assert "draft" not in r.text.lower() and "cannot become" not in r.text
    # Nor does the publishing preview show a draft of the coordinator's own program.
    own = make_clean_case(people.program, people.participant, state=S.draft, history=HISTORY)
    r = login_as(people.coordinator).get(f"/library/publish/{own.id}")
    assert r.status_code == 403 and HISTORY not in r.text
    db.session.expire_all()
    assert db.session.get(Case, draft.id).state == S.draft


# --- former members -----------------------------------------------------------------------------

def _remove(people, login_as, user):
    m = db.session.scalar(select(Membership).where(Membership.program_id == people.program.id, Membership.user_id == user.id))
    r = login_as(people.coordinator).post(f"/programs/{people.program.id}/members/{m.id}/remove")
    assert r.status_code in (302, 303)


def test_a_removed_member_writes_nothing_more_into_the_program(people, login_as):
    author = people.participant
    draft = make_clean_case(people.program, author, state=S.draft)
    returned = make_clean_case(people.program, author, state=S.returned, return_reason="Add the question.")
    _remove(people, login_as, author)
    c = login_as(author)
    r = c.post(f"/cases/{draft.id}/autosave", json={"version": 1, "fields": {"narrative": "Written after removal."}})
    assert r.status_code == 403
    r = c.post(f"/cases/{draft.id}/edit", data={"title": "Changed", "version": "1"})
    assert r.status_code == 403
    r = c.post(f"/cases/{returned.id}/move", data={"target": "submitted"})
    assert r.status_code == 403
    r = c.post(f"/cases/{draft.id}/dismissals", data={"field": "narrative", "fingerprint": "name:x", "kind": "name", "reason": "a drug"})
    assert r.status_code == 403
    with pytest.raises(NotAllowed):
        check_dismissal(draft, author, "narrative", "name:x", "name", "a drug")
    db.session.expire_all()
    assert db.session.get(Case, draft.id).narrative != "Written after removal."
    assert db.session.get(Case, draft.id).title != "Changed"
    assert db.session.get(Case, returned.id).state == S.returned
    # Their own case stays readable to them.
    assert c.get(f"/cases/{draft.id}").status_code == 200


def test_a_removed_member_no_longer_gets_the_video_link_in_any_feed(people, login_as, client):
    user = people.learner
    program = people.program
    s = make_session(program)
    feed = client.get(f"/calendar/me/{feed_token(user)}.ics").data.decode()
    assert program.video_url in feed and f"session-{s.id}@echo" in feed
    _remove(people, login_as, user)
    feed = client.get(f"/calendar/me/{feed_token(user)}.ics").data.decode()
    assert program.video_url not in feed and f"session-{s.id}@echo" not in feed
    # The program's shared link, which a former member may have kept, never carries it.
    assert program.video_url not in client.get(f"/calendar/program/{feed_token(program)}.ics").data.decode()


# --- no copies in caches ------------------------------------------------------------------------

def test_responses_with_case_text_are_not_stored(people, login_as):
    session = make_session(people.program)
    case = summarised_case(people.program, people.participant, session=session)
    pub = published_case(people.program, people.participant, people.coordinator, title="Published one")
    coord = login_as(people.coordinator)
    urls = [f"/cases/{case.id}", f"/cases/{case.id}/revisions", f"/sessions/{session.id}/live", f"/sessions/{session.id}",
            f"/live/cases/{case.id}/summary", f"/live/cases/{case.id}/summary/print", f"/library/cases/{pub.id}",
            "/library/?q=bupropion", f"/api/v1/library/cases/{pub.id}", "/api/v1/library/search?q=bupropion",
            f"/sessions/{session.id}/attendance.csv", f"/cases/program/{people.program.id}/queue"]
    for url in urls:
        r = coord.get(url)
        assert r.status_code == 200, url
        assert r.headers.get("Cache-Control") == "no-store", url
    assert lib.document_for_case(pub.id) is not None
