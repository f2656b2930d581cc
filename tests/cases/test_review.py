"""Review and agenda: the coordinator's queue, accept / return with notices and mail, the
author's resubmission, ordering the agenda, the session page's agenda block, the audit log."""
from flask import render_template

from echo.accounts.models import AuditLog, Notification
from echo.cases.models import CaseState as S
from echo.core import mail
from echo.core.extensions import db
from echo.programs.clinic_session import SessionStatus
from tests.factories import add_member, make_program, make_session, make_user
from tests.factories import make_clean_case as make_case


def _submitted(people, **kw):
    return make_case(people.program, people.participant, state=S.submitted, **kw)


def test_queue_accept_and_notify(people, login_as):
    mail.outbox.clear()
    s = make_session(people.program, didactic_title="Sleep in depression")
    case = _submitted(people)
    coord = login_as(people.coordinator)
    page = coord.get(f"/cases/program/{people.program.id}/queue").text
    assert f"Case #{case.id}" in page and "Sleep in depression" in page
    r = coord.post(f"/cases/{case.id}/move", data={"target": "accepted", "session_id": str(s.id), "next": "queue"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/queue")
    db.session.expire_all()
    assert (case.state, case.session_id, case.agenda_position) == (S.accepted, s.id, 1)
    n = db.session.query(Notification).filter_by(user_id=people.participant.id).one()
    assert n.kind == "case_accepted" and f"case #{case.id}" in n.message and case.chief_concern not in n.message
    sent = mail.outbox[-1]
    assert sent["To"] == people.participant.email and case.title not in sent.get_content() and case.chief_concern not in sent.get_content()
    # The author sees the acceptance in the app with an unread count.
    home = login_as(people.participant).get("/notifications").text
    assert "was accepted onto the agenda" in home


def test_agendas_listed_together_have_distinct_names_even_at_the_same_minute(people, login_as):
    """The review queue lists each upcoming session's agenda as a region named by its heading:
    two sessions at the same minute (a program running two clinics at once) must still be told
    apart by a screen reader (WCAG 1.3.1, axe's landmark-unique)."""
    first = make_session(people.program)
    second = make_session(people.program, starts_at=first.starts_at)
    page = login_as(people.coordinator).get(f"/cases/program/{people.program.id}/queue").text
    names = [page.split(f'id="agenda-h-{s.id}">', 1)[1].split("</h2>", 1)[0] for s in (first, second)]
    assert names[0] != names[1] and f"#{first.id}" in names[0]


def test_return_with_reason_edit_and_resubmit(people, login_as):
    mail.outbox.clear()
    case = _submitted(people)
    coord = login_as(people.coordinator)
    r = coord.post(f"/cases/{case.id}/move", data={"target": "returned", "reason": ""})
    assert r.status_code == 400 and "Give the author a reason." in r.text
    db.session.expire_all()
    assert case.state == S.submitted
    r = coord.post(f"/cases/{case.id}/move", data={"target": "returned", "reason": "Please add the current doses."})
    assert r.status_code == 303
    db.session.expire_all()
    assert case.state == S.returned
    n = db.session.query(Notification).filter_by(user_id=people.participant.id, kind="case_returned").one()
    assert n.message == f"Your case #{case.id} was returned: see the reason in the app."
    assert mail.outbox[-1].get_content().count("Please add the current doses.") == 0
    author = login_as(people.participant)
    assert "Please add the current doses." in author.get(f"/cases/{case.id}").text
    edit = author.get(f"/cases/{case.id}/edit").text
    assert "Please add the current doses." in edit
    r = author.post(f"/cases/{case.id}/move", data={"target": "submitted"})
    assert r.status_code == 303
    db.session.expire_all()
    assert case.state == S.submitted
    # The coordinators hear about the resubmission in the app.
    assert db.session.query(Notification).filter_by(user_id=people.coordinator.id, kind="case_submitted").count() == 1


def test_over_long_return_reason_is_kept(people, login_as):
    case = _submitted(people)
    r = login_as(people.coordinator).post(f"/cases/{case.id}/move", data={"target": "returned", "reason": "why " * 600})
    assert r.status_code == 400 and "under 2000 characters" in r.text and "why why why" in r.text
    db.session.expire_all()
    assert case.state == S.submitted


def test_accept_onto_another_programs_session_changes_nothing(people, login_as):
    other = make_session(make_program(people.coordinator))
    case = _submitted(people)
    make_session(people.program)
    r = login_as(people.coordinator).post(f"/cases/{case.id}/move", data={"target": "accepted", "session_id": str(other.id)})
    assert r.status_code == 400 and "another program" in r.text
    db.session.expire_all()
    assert case.state == S.submitted and case.session_id is None
    assert db.session.query(AuditLog).filter(AuditLog.action == "case.accepted").count() == 0


def test_a_forbidden_transition_is_a_clear_error(people, login_as):
    case = make_case(people.program, people.participant, state=S.returned)
    coord = login_as(people.coordinator)
    r = coord.post(f"/cases/{case.id}/move", data={"target": "accepted", "session_id": str(make_session(people.program).id)})
    assert r.status_code == 409 and "A case that is returned cannot become accepted." in r.text
    r = coord.post(f"/cases/{case.id}/move", data={"target": "submitted"})
    assert r.status_code == 403
    r = coord.post(f"/cases/{case.id}/move", data={"target": "nonsense"})
    assert r.status_code == 400
    # A draft is its author's alone: the coordinator is refused before its state is named.
    draft = make_case(people.program, people.participant, state=S.draft)
    r = coord.post(f"/cases/{draft.id}/move", data={"target": "accepted", "session_id": str(make_session(people.program).id)})
    assert r.status_code == 403 and "draft" not in r.text
    db.session.expire_all()
    assert case.state == S.returned and draft.state == S.draft


def test_reorder_the_agenda(people, login_as):
    s = make_session(people.program)
    a, b, c = (make_case(people.program, people.participant, state=S.accepted, session=s, agenda_position=i) for i in (1, 2, 3))
    coord = login_as(people.coordinator)
    assert coord.post(f"/cases/{c.id}/agenda/up").status_code == 303
    assert coord.post(f"/cases/{a.id}/agenda/down").status_code == 303
    from echo.cases.queries import agenda

    assert [x.id for x in agenda(s)] == [c.id, a.id, b.id]
    assert coord.post(f"/cases/{c.id}/agenda/up").status_code == 303  # already first: no change
    assert [x.id for x in agenda(s)] == [c.id, a.id, b.id]
    assert coord.post(f"/cases/{c.id}/agenda/sideways").status_code == 400
    assert login_as(people.specialist).post(f"/cases/{c.id}/agenda/down").status_code == 403
    # Taking a case off the agenda tells its author.
    r = coord.post(f"/cases/{a.id}/move", data={"target": "submitted", "next": "queue"})
    assert r.status_code == 303
    assert [x.id for x in agenda(s)] == [c.id, b.id]
    assert db.session.query(Notification).filter_by(kind="case_unscheduled").count() == 1


def _agenda_html(app, user, session):
    from flask_login import login_user

    with app.test_request_context():
        login_user(user)
        return render_template("cases/_session_agenda.html", session=session, program=session.program, my_role=None)


def test_agenda_block_per_viewer(app, people):
    s = make_session(people.program, didactic_title="Treating insomnia", didactic_speaker="Dr. Hub")
    other_author = make_user("Other Presenter")
    add_member(people.program, other_author, "participant")
    first = make_case(people.program, other_author, state=S.accepted, session=s, agenda_position=1, questions="Is CBT-I enough?")
    mine = make_case(people.program, people.participant, state=S.accepted, session=s, agenda_position=2, questions="Which hypnotic?")
    html = _agenda_html(app, people.specialist, s)
    assert html.index("Treating insomnia") < html.index("Is CBT-I enough?") < html.index("Which hypnotic?")
    assert "Dr. Hub" in html
    # The presenter sees their own case's place, not the other's question (not yet presented).
    html = _agenda_html(app, people.participant, s)
    assert f"Your case #{mine.id} is case 2 of 2" in html and "Which hypnotic?" in html and "Is CBT-I enough?" not in html
    # A learner sees only that there are cases, until the session has happened.
    html = _agenda_html(app, people.learner, s)
    assert f"Case #{first.id}" in html and "Is CBT-I enough?" not in html
    s.status = SessionStatus.ended
    db.session.commit()
    html = _agenda_html(app, people.learner, s)
    assert "Is CBT-I enough?" not in html  # never presented: still the panel's only
    first.state = S.presented
    db.session.commit()
    html = _agenda_html(app, people.learner, s)
    assert "Is CBT-I enough?" in html
    # Rendering the block writes nothing (templates never write); the page's handler audits.
    assert db.session.query(AuditLog).filter_by(action="case.viewed", actor_id=people.learner.id).count() == 0
    # Only coordinators get the ordering buttons.
    assert "Move up" not in html
    s.status = SessionStatus.scheduled
    db.session.commit()
    assert "Move up" in _agenda_html(app, people.coordinator, s)


def test_session_page_includes_the_agenda(people, login_as, app):
    s = make_session(people.program, didactic_title="Treating insomnia")
    case = make_case(people.program, people.participant, state=S.accepted, session=s, agenda_position=1, questions="Which hypnotic?")
    page = login_as(people.specialist).get(f"/sessions/{s.id}").text
    assert "Treating insomnia" in page and "Which hypnotic?" in page and f"Case #{case.id}" in page


def test_audit_log_page(people, login_as):
    s = make_session(people.program)
    case = _submitted(people)
    coord = login_as(people.coordinator)
    coord.get(f"/cases/{case.id}")
    coord.post(f"/cases/{case.id}/move", data={"target": "accepted", "session_id": str(s.id)})
    login_as(people.specialist).get(f"/cases/{case.id}")
    page = coord.get(f"/cases/program/{people.program.id}/audit").text
    # Actions read as words, not the codes the log stores.
    assert page.count("Case viewed") == 2 and "Case accepted" in page and "submitted -&gt; accepted" in page
    assert "case.viewed" not in page
    assert "Specialist Person" in page
    # Another program's entries are not shown.
    other = make_program(people.coordinator)
    other_case = make_case(other, people.coordinator, state=S.submitted)
    coord.get(f"/cases/{other_case.id}")  # the author viewing: not recorded anyway
    assert f"case #{other_case.id}" not in coord.get(f"/cases/program/{people.program.id}/audit").text


def test_the_audit_log_reads_in_the_readers_language_and_shows_unknown_codes_as_stored(people, login_as):
    s = make_session(people.program)
    db.session.add_all([
        AuditLog(actor_id=people.coordinator.id, program_id=people.program.id, action="session.started",
                 object_type="session", object_id=s.id, detail=""),
        AuditLog(actor_id=people.coordinator.id, program_id=people.program.id, action="credit.awarded",
                 object_type="credit_award", object_id=7, detail="claimed"),
        AuditLog(actor_id=people.coordinator.id, program_id=people.program.id, action="future.thing",
                 object_type="widget", object_id=3, detail="some detail"),
    ])
    db.session.commit()
    coord = login_as(people.coordinator)
    page = coord.get(f"/cases/program/{people.program.id}/audit", headers={"Accept-Language": "es"}).text
    assert "Sesión iniciada" in page and f"sesión n.º {s.id}" in page
    assert "Créditos otorgados" in page and "otorgamiento de créditos n.º 7" in page and "solicitados por el asistente" in page
    # A code no label is known for is shown as the log stores it, never hidden.
    assert "future.thing" in page and "widget 3" in page and "some detail" in page
    english = coord.get(f"/cases/program/{people.program.id}/audit", headers={"Accept-Language": "en"}).text
    assert "Session started" in english and f"session #{s.id}" in english and "claimed by the attendee" in english


def test_the_return_reason_is_guarded_too(people, login_as):
    case = _submitted(people)
    r = login_as(people.coordinator).post(f"/cases/{case.id}/move", data={"target": "returned", "reason": "Remove Maria Gonzalez from the history."})
    assert r.status_code == 400 and "seems to contain an identifier" in r.text and "Remove Maria Gonzalez" in r.text
    db.session.expire_all()
    assert case.state == S.submitted


def test_specialists_get_a_reading_list(people, login_as):
    s = make_session(people.program)
    accepted = make_case(people.program, people.participant, state=S.accepted, session=s, agenda_position=1, title="Reading list case")
    _submitted(people, title="Not yet accepted")
    page = login_as(people.specialist).get("/cases/").text
    assert "To read before the next sessions" in page and f"Case #{accepted.id}: Reading list case" in page
    assert "Not yet accepted" not in page
    assert "To read before" not in login_as(people.learner).get("/cases/").text


def test_cases_on_a_cancelled_session_are_shown_for_rescheduling(people, login_as):
    s = make_session(people.program)
    case = make_case(people.program, people.participant, state=S.accepted, session=s, agenda_position=1)
    s.status = SessionStatus.cancelled
    db.session.commit()
    coord = login_as(people.coordinator)
    assert "Accepted for a cancelled session" in coord.get(f"/cases/program/{people.program.id}/queue").text
    assert coord.post(f"/cases/{case.id}/move", data={"target": "submitted", "next": "queue"}).status_code == 303
    db.session.expire_all()
    assert case.state == S.submitted and case.session_id is None
    assert "Accepted for a cancelled session" not in coord.get(f"/cases/program/{people.program.id}/queue").text
