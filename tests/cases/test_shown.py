"""Every place that shows a case's title or text to someone other than its author applies the
privacy rule (docs/privacy.md): unresolved findings are redacted for everyone but the author;
findings the author dismissed are resolved and shown as written; clean text is unchanged.

A case can hold unresolved findings in a state others see when it was stored before the guard
(or before a scanner rule) existed: the tests plant the text directly."""
from datetime import timedelta

import pytest

from echo.cases.models import CaseState as S
from echo.cases.models import CaseTag
from echo.cases.privacy_check import do_dismiss, findings_in_text
from echo.cases.shown import shown_case, shown_tags, shown_text, shown_title
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live.models import Recommendation
from echo.programs.clinic_session import SessionStatus
from echo.summaries.models import Summary
from tests.factories import make_case, make_session, summarised_case

NAME, DOB = "Maria Gonzalez", "March 3, 1961"
TITLE = f"Low mood in {NAME}, born {DOB}"
QUESTIONS = f"Should {NAME} switch the antidepressant?"
SHOWN_TITLE = "Low mood in [person name removed], born [date (more specific than a year) removed]"


def _leaks(text: str) -> bool:
    return NAME in text or DOB in text


def _planted(people, state, **kw):
    return make_case(people.program, people.participant, state, title=TITLE, questions=QUESTIONS,
                     chief_concern=f"Seen with {NAME} on {DOB}", **kw)


def test_the_title_as_each_viewer_may_see_it(people):
    case = _planted(people, S.submitted)
    db.session.add(CaseTag(case_id=case.id, tag=NAME))
    db.session.commit()
    assert shown_title(case, people.participant) == TITLE
    assert shown_title(case, people.coordinator) == SHOWN_TITLE
    assert not _leaks(shown_text(case, "questions", people.specialist))
    assert shown_tags(case, people.coordinator) == ["[person name removed]"]
    assert shown_tags(case, people.participant) == [NAME]
    shown = shown_case(case, people.coordinator)
    assert shown.title == SHOWN_TITLE and not _leaks(shown.chief_concern) and shown.id == case.id
    assert shown_case(case, people.participant) is case


def test_clean_text_and_dismissed_findings_are_shown_as_written(people):
    clean = make_case(people.program, people.participant, S.submitted)
    assert shown_case(clean, people.coordinator) is clean
    assert shown_title(clean, people.coordinator) == "Persistent low mood despite SSRI"
    case = make_case(people.program, people.participant, S.draft, title=TITLE)
    for f in findings_in_text(TITLE, (), "title"):
        do_dismiss(case, people.participant, "title", f.fingerprint, f.kind, "Not the patient: a made-up example.")
    case.state = S.submitted
    db.session.commit()
    assert shown_title(case, people.coordinator) == TITLE


def test_review_queue_and_home(people, login_as):
    case = _planted(people, S.submitted)
    page = login_as(people.coordinator).get(f"/cases/program/{people.program.id}/queue").text
    assert f"Case #{case.id}" in page and SHOWN_TITLE in page and not _leaks(page)
    assert TITLE in login_as(people.participant).get("/cases/").text


def test_session_agenda_home_and_api_for_the_panel(people, login_as):
    session = make_session(people.program)
    case = _planted(people, S.accepted, session=session, agenda_position=1)
    specialist = login_as(people.specialist)
    page = specialist.get(f"/sessions/{session.id}").text
    assert f"Case #{case.id}" in page and SHOWN_TITLE in page and not _leaks(page)
    home = specialist.get("/home").text
    assert f"Read case #{case.id}" in home and not _leaks(home)
    api = specialist.get(f"/api/v1/sessions/{session.id}").get_json()
    shown = api["agenda"][0]["case"]
    assert shown["title"] == SHOWN_TITLE and not _leaks(repr(shown))
    assert not _leaks(login_as(people.coordinator).get(f"/cases/program/{people.program.id}/queue").text)
    # The author reads their own text as written everywhere.
    author = login_as(people.participant)
    assert TITLE in author.get(f"/sessions/{session.id}").text
    assert author.get(f"/api/v1/sessions/{session.id}").get_json()["agenda"][0]["case"]["title"] == TITLE


def test_live_board(people, login_as):
    session = make_session(people.program)
    case = _planted(people, S.accepted, session=session, agenda_position=1)
    session.status, session.started_at, session.current_case_id = SessionStatus.live, utcnow(), case.id
    session.current_phase, session.phase_started_at = "presentation", utcnow()
    db.session.commit()
    for who in (people.learner, people.specialist, people.coordinator):
        page = login_as(who).get(f"/sessions/{session.id}/live").text
        assert f"Case #{case.id}" in page and SHOWN_TITLE in page and not _leaks(page), who.name
    assert TITLE in login_as(people.participant).get(f"/sessions/{session.id}/live").text


@pytest.mark.parametrize("path", ["/live/cases/{id}/summary", "/live/cases/{id}/summary/print"])
def test_summary_pages(people, login_as, path):
    session = make_session(people.program)
    case = summarised_case(people.program, people.participant, title=TITLE, questions=QUESTIONS,
                           chief_concern=f"Seen with {NAME} on {DOB}", session=session)
    page = login_as(people.coordinator).get(path.format(id=case.id))
    assert page.status_code == 200 and not _leaks(page.text)
    assert "[person name removed]" in page.text


def test_publish_pages(people, login_as):
    """The coordinator's list of cases to publish, and a case's publish page (which refuses it)."""
    case = summarised_case(people.program, people.participant, title=TITLE)
    coordinator = login_as(people.coordinator)
    listing = coordinator.get("/library/publish").text
    assert SHOWN_TITLE in listing and not _leaks(listing)
    db.session.add(CaseTag(case_id=case.id, tag=NAME))
    db.session.commit()
    page = coordinator.get(f"/library/publish/{case.id}")
    # The preview and the last privacy check name each finding by its kind, never its text.
    assert page.status_code == 200 and not _leaks(page.text)
    assert SHOWN_TITLE in page.text and "[person name removed]" in page.text
    assert "possible identifiers must be fixed or dismissed by the author before publishing" in page.text


def test_overdue_close_outs_for_the_coordinator(people, login_as):
    session = make_session(people.program, starts_at=utcnow() - timedelta(days=22, hours=2))
    case = _planted(people, S.summarised, session=session, summarised_at=utcnow() - timedelta(days=22))
    db.session.add(Recommendation(case_id=case.id, source="hub", category="behavioural", text="CBT for insomnia.", consensus=True))
    db.session.add(Summary(case_id=case.id, text="Consensus: CBT-I.", sent_at=utcnow() - timedelta(days=22)))
    db.session.commit()
    page = login_as(people.coordinator).get(f"/closeout/program/{people.program.id}/overdue")
    assert page.status_code == 200 and SHOWN_TITLE in page.text and not _leaks(page.text)
    assert TITLE in login_as(people.participant).get(f"/closeout/case/{case.id}/2").text
