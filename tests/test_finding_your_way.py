"""Finding your way: home answers "what do I do now" for each role; the review queue is in the
coordinator's navigation; the presenter's case page shows the summary and recommendations once
sent; the summary composer is reachable from the case and the session (SQLite and PostgreSQL)."""
from __future__ import annotations

import html as htmllib
from datetime import timedelta

from echo.accounts.models import Notification
from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live.models import Recommendation
from echo.programs.clinic_session import SessionStatus
from echo.summaries.operations import do_send_summary
from tests.factories import (
    add_member,
    make_case,
    make_program,
    make_session,
    make_user,
    soon,
)


def _page(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, url
    return htmllib.unescape(r.get_data(as_text=True))


def _presented(people, session, **kw):
    return make_case(people.program, people.participant, CaseState.presented, session, agenda_position=1, **kw)


def _send_summary(people, case, text="Switch to venlafaxine; recheck PHQ-9 in four weeks."):
    do_send_summary(case, people.coordinator, text, "Present again in six weeks.")
    db.session.commit()


def test_coordinator_home_lists_what_is_waiting(app, people, login_as):
    p = people.program
    now = utcnow()
    live_s = make_session(p, starts_at=soon(-5), didactic_title="Live one", status=SessionStatus.live, started_at=now)
    ended = make_session(p, starts_at=now - timedelta(hours=1), didactic_title="Ended one", status=SessionStatus.ended)
    nxt = make_session(p, starts_at=now + timedelta(days=6), didactic_title="Next one")
    make_case(p, people.participant, CaseState.submitted, title="Waiting case")
    make_case(p, people.participant, CaseState.submitted, title="Second waiting case")
    to_sum = _presented(people, ended, title="Needs a summary")
    make_case(p, people.participant, CaseState.summarised, ended, title="Ready to publish")

    html = _page(login_as(people.coordinator), "/home")
    assert "Live now" in html and f"/sessions/{live_s.id}/live" in html and p.video_url in html
    assert "2 cases to review" in html and f"/cases/program/{p.id}/queue" in html
    assert f"Write the summary of case #{to_sum.id}: Needs a summary" in html and f"/live/cases/{to_sum.id}/summary" in html
    assert "1 case to publish to the library" in html
    assert f"/sessions/{nxt.id}\"" in html and "Next one" in html
    assert "Ended one" not in html  # an ended session is not upcoming
    assert "Nothing is waiting for you" not in html


def test_specialist_home_lists_cases_to_read(app, people, login_as):
    s = make_session(people.program, starts_at=utcnow() + timedelta(days=2))
    c = make_case(people.program, people.participant, CaseState.accepted, s, agenda_position=1, title="Pain taper")
    html = _page(login_as(people.specialist), "/home")
    assert f"Read case #{c.id}: Pain taper" in html and "before the session of" in html
    assert "Submit a case to" not in html and "to review" not in html


def test_participant_home_lists_returned_cases_summaries_and_submitting(app, people, login_as):
    p = people.program
    returned = make_case(p, people.participant, CaseState.returned, title="Needs doses", return_reason="Add the doses.")
    ended = make_session(p, starts_at=utcnow() - timedelta(days=1), status=SessionStatus.ended)
    done = _presented(people, ended, title="Low mood")
    _send_summary(people, done)
    html = _page(login_as(people.participant), "/home")
    assert f"Case #{returned.id}: Needs doses was returned" in html
    assert f"/cases/{done.id}#summary" in html and f"Summary of case #{done.id}: Low mood" in html
    assert f"Submit a case to {p.name}" in html and f"/cases/program/{p.id}/new" in html


def test_learner_home_has_nothing_waiting(app, people, login_as):
    html = _page(login_as(people.learner), "/home")
    assert "Nothing is waiting for you" in html and "Submit a case" not in html and "Live now" not in html


def test_the_review_queue_is_in_the_coordinators_navigation(app, people, login_as):
    coord = login_as(people.coordinator)
    assert 'href="/cases/review">Review</a>' in _page(coord, "/home")
    r = coord.get("/cases/review")
    assert r.status_code == 302 and r.location.endswith(f"/cases/program/{people.program.id}/queue")
    # Coordinating two programs: the list of both queues.
    other = make_program(make_user(), name="Hepatology clinic")
    add_member(other, people.coordinator, "coordinator")
    make_case(other, make_user(), CaseState.submitted)
    html = _page(coord, "/cases/review")
    assert f"/cases/program/{other.id}/queue" in html and f"/cases/program/{people.program.id}/queue" in html
    assert 'aria-label="1 waiting"' in html
    for who in ("participant", "specialist", "learner"):
        c = login_as(people.user(who))
        assert "/cases/review" not in _page(c, "/home")
        assert c.get("/cases/review").status_code == 403


def test_the_presenters_case_page_shows_the_summary_once_sent(app, people, login_as):
    ended = make_session(people.program, starts_at=utcnow() - timedelta(days=1), status=SessionStatus.ended)
    case = _presented(people, ended)
    db.session.add_all([
        Recommendation(case_id=case.id, session_id=ended.id, author_id=people.specialist.id, source="hub",
                       category="medication", text="Switch to venlafaxine 75 mg daily.", consensus=True),
        Recommendation(case_id=case.id, session_id=ended.id, author_id=people.participant.id, source="spoke",
                       category="behavioural", text="Add a sleep diary."),
        Recommendation(case_id=case.id, session_id=ended.id, author_id=people.participant.id, source="spoke",
                       category="other", text="Withdrawn idea.", withdrawn=True),
    ])
    db.session.commit()
    presenter = login_as(people.participant)
    assert 'id="summary"' not in _page(presenter, f"/cases/{case.id}")  # not sent yet

    _send_summary(people, case)
    html = _page(presenter, f"/cases/{case.id}")
    assert 'id="summary"' in html and "recheck PHQ-9 in four weeks" in html and "Present again in six weeks." in html
    assert html.index("Switch to venlafaxine 75 mg daily.") < html.index("Add a sleep diary.")  # consensus first
    assert "Withdrawn idea." not in html and "consensus" in html
    assert "Write the summary" not in html and "Edit the summary" not in html  # the composer is the coordinators'
    # The notification leads to it.
    n = db.session.query(Notification).filter_by(user_id=people.participant.id, kind="summary").one()
    r = presenter.post(f"/notifications/{n.id}/open")
    assert r.status_code == 302 and r.location.endswith(f"/cases/{case.id}#summary")
    # A learner, who may read the case after the session, does not get the panel's summary.
    assert "recheck PHQ-9 in four weeks" not in _page(login_as(people.learner), f"/cases/{case.id}")


def test_the_summary_composer_is_reachable_from_the_case_and_the_session(app, people, login_as):
    ended = make_session(people.program, starts_at=utcnow() - timedelta(days=1), status=SessionStatus.ended)
    case = _presented(people, ended, title="Low mood")
    coord = login_as(people.coordinator)
    assert f'href="/live/cases/{case.id}/summary">Write the summary</a>' in _page(coord, f"/cases/{case.id}")
    html = _page(coord, f"/sessions/{ended.id}")
    assert f'href="/live/cases/{case.id}/summary">Write the summary of case #{case.id}: Low mood</a>' in html
    _send_summary(people, case)
    assert f'href="/live/cases/{case.id}/summary">Edit the summary</a>' in _page(coord, f"/cases/{case.id}")
    assert "Edit the summary of case" in _page(coord, f"/sessions/{ended.id}")
    assert "/summary\">" not in _page(login_as(people.participant), f"/sessions/{ended.id}")


def test_a_session_that_ended_today_is_past_on_the_program_page(app, people, login_as):
    p = people.program
    ended = make_session(p, starts_at=utcnow() - timedelta(hours=1), status=SessionStatus.ended, didactic_title="Ended one")
    coming = make_session(p, starts_at=utcnow() + timedelta(days=1), didactic_title="Coming one")
    html = _page(login_as(people.participant), f"/programs/{p.id}")
    past = html.index("Past sessions")
    assert html.index("Coming one") < past < html.index("Ended one")
    assert f"/sessions/{ended.id}" in html[past:] and f"/sessions/{coming.id}" not in html[past:]
