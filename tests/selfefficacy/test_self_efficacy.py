"""The pre/post self-efficacy survey: coordinators set it up, participants and learners rate
their confidence on joining and after taking part, the results show the change."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import render_template_string
from flask_login import login_user

from echo.core import mail
from echo.core.extensions import db
from echo.live.models import PresenceInterval
from echo.programs.access import Viewer
from echo.programs.clinic_session import SessionStatus
from echo.selfefficacy import operations as se
from echo.selfefficacy.models import ConfidenceInvite, ConfidenceResponse, Stage
from echo.selfefficacy.sweep import sweep
from tests.factories import add_member, make_session, make_user
from tests.helpers import count


def _with_statements(people):
    items = se.do_add_suggested(people.program)
    db.session.commit()
    return items


def _ratings(items, value="4"):
    return {f"item{i.id}": value for i in items}


def _attended(program, user, n):
    """n ended sessions the user was present at for an hour."""
    now = datetime.now(UTC).replace(microsecond=0)
    for k in range(n):
        start = now - timedelta(days=7 * (k + 1))
        s = make_session(program, starts_at=start, status=SessionStatus.ended, started_at=start, ended_at=start + timedelta(hours=1))
        db.session.add(PresenceInterval(session_id=s.id, user_id=user.id, sid=f"s{k}", joined_at=start, left_at=start + timedelta(hours=1)))
    db.session.commit()


def test_coordinator_starts_from_suggested_statements_in_the_program_language(people, login_as):
    people.program.language = "es"
    db.session.commit()
    c = login_as(people.coordinator)
    assert c.post(f"/self-efficacy/program/{people.program.id}/statements/suggested").status_code == 302
    statements = [i.statement for i in se.items(people.program)]
    assert len(statements) == 5
    assert any("especialista" in s for s in statements), statements
    # Only once: a second press would double them.
    assert c.post(f"/self-efficacy/program/{people.program.id}/statements/suggested").status_code == 400
    page = c.get(f"/self-efficacy/program/{people.program.id}").get_data(as_text=True)
    assert statements[0] in page


def test_participant_rates_every_statement_and_can_change_the_answers(people, login_as):
    items = _with_statements(people)
    c = login_as(people.participant)
    url = f"/self-efficacy/program/{people.program.id}/pre"
    assert c.get(url).status_code == 200
    partial = _ratings(items[:-1])
    r = c.post(url, data=partial)
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "Please rate this statement." in html
    first = items[0].id  # what was chosen is kept ("4" is the second option, after "5")
    assert f'<input checked id="item{first}-1" name="item{first}" required type="radio" value="4">' in html
    assert count(ConfidenceResponse) == 0
    assert c.post(url, data=_ratings(items)).status_code == 302
    assert c.post(url, data=_ratings(items, "5")).status_code == 302
    response = se.response_of(people.program, people.participant.id, Stage.pre)
    assert response is not None and sorted(r.rating for r in response.ratings) == [5] * 5
    assert count(ConfidenceResponse) == 1


def test_ratings_outside_the_scale_are_refused(people, login_as):
    items = _with_statements(people)
    c = login_as(people.participant)
    r = c.post(f"/self-efficacy/program/{people.program.id}/pre", data={**_ratings(items), f"item{items[0].id}": "9"})
    assert r.status_code == 400 and count(ConfidenceResponse) == 0


def test_only_participants_and_learners_are_asked(people, login_as):
    _with_statements(people)
    for role, status in (("specialist", 403), ("coordinator", 403), ("outsider", 403), ("learner", 200)):
        assert login_as(people.user(role)).get(f"/self-efficacy/program/{people.program.id}/pre").status_code == status, role


def test_a_program_without_statements_asks_nobody(people, login_as):
    assert login_as(people.participant).get(f"/self-efficacy/program/{people.program.id}/pre").status_code == 400
    assert sweep()["mailed"] == 0


def test_second_round_opens_after_the_sessions_attended_or_on_the_date(people, login_as):
    items = _with_statements(people)
    se.do_set_plan(people.program, 2, None)
    db.session.commit()
    c = login_as(people.participant)
    post = f"/self-efficacy/program/{people.program.id}/post"
    assert c.get(post).status_code == 403
    _attended(people.program, people.participant, 1)
    assert c.get(post).status_code == 403
    _attended(people.program, people.participant, 1)
    assert c.get(post).status_code == 200
    # A date opens it for everyone, attended or not.
    learner = login_as(people.learner)
    assert learner.get(post).status_code == 403
    se.do_set_plan(people.program, 2, datetime.now(UTC).date())
    db.session.commit()
    assert learner.post(post, data=_ratings(items)).status_code == 302


def test_results_show_the_change_among_those_who_answered_both(people):
    items = _with_statements(people)
    other = make_user("Second Participant")
    add_member(people.program, other, "participant")
    se.do_answer(people.program, people.participant, Stage.pre, {i.id: 2 for i in items})
    se.do_answer(people.program, people.participant, Stage.post, {i.id: 4 for i in items})
    se.do_answer(people.program, other, Stage.pre, {i.id: 3 for i in items})
    db.session.commit()
    res = se.results(people.program)
    assert (res.asked, res.pre, res.post) == (3, 2, 1)  # learner, participant, the second participant
    first = res.items[0]
    assert first.pre_mean == 2.5 and first.post_mean == 4 and first.paired == 1 and first.paired_change == 2


def test_results_page_in_french_uses_the_decimal_comma(people, login_as):
    items = _with_statements(people)
    se.do_answer(people.program, people.participant, Stage.pre, {i.id: 3 for i in items})
    other = make_user("Second Participant")
    add_member(people.program, other, "participant")
    se.do_answer(people.program, other, Stage.pre, {i.id: 4 for i in items})
    db.session.commit()
    html = login_as(people.coordinator).get(f"/self-efficacy/program/{people.program.id}",
                                             headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "3,5" in html and "Résultats" in html


def test_plan_needs_a_number_or_a_date(people, login_as):
    c = login_as(people.coordinator)
    r = c.post(f"/self-efficacy/program/{people.program.id}/plan", data={"post_after_sessions": "", "post_on": ""})
    assert r.status_code == 400 and "after a number of sessions, on a date, or both" in r.get_data(as_text=True)
    r = c.post(f"/self-efficacy/program/{people.program.id}/plan", data={"post_after_sessions": "0"})
    assert r.status_code == 400
    assert c.post(f"/self-efficacy/program/{people.program.id}/plan", data={"post_after_sessions": "4"}).status_code == 302
    assert se.plan_of(people.program).post_after_sessions == 4


def test_sweep_mails_each_round_once_in_the_reader_language(people):
    _with_statements(people)
    people.participant.language = "es"
    db.session.commit()
    mail.outbox.clear()
    assert sweep()["mailed"] == 2  # the participant and the learner, first round
    to_participant = [m for m in mail.outbox if m["To"] == people.participant.email]
    assert len(to_participant) == 1 and "seguro" in to_participant[0]["Subject"]
    assert sweep()["mailed"] == 0  # nobody twice
    se.do_set_plan(people.program, None, datetime.now(UTC).date())
    db.session.commit()
    assert sweep()["mailed"] == 2  # the second round, once it is due
    assert count(ConfidenceInvite) == 4


def test_program_page_asks_for_the_rounds_still_to_answer(app, people):
    items = _with_statements(people)
    # The program page shows the link through the template global the feature registers.
    with app.test_request_context():
        login_user(people.participant)
        html = render_template_string('{% include "selfefficacy/_on_program.html" %}', program=people.program)
    assert "Rate your confidence on joining the program" in html
    se.do_answer(people.program, people.participant, Stage.pre, {i.id: 3 for i in items})
    db.session.commit()
    assert se.waiting(Viewer(people.participant), people.program) == []
