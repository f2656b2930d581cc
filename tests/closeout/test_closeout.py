"""Case close-out: the presenter reports at 2 and 12 weeks after the summary; the answers show
on the case and (de-identified) on its library entry; the sweep asks once; coordinators see
what is overdue."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from echo.accounts.models import Notification
from echo.cases.models import CaseState
from echo.closeout import operations as co
from echo.closeout.models import Closeout, CloseoutItem
from echo.closeout.sweep import sweep
from echo.core import mail
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.library import publish as lib
from echo.live.models import Recommendation
from echo.summaries.models import Summary
from tests.factories import make_case, make_session


def _summarised(people, days_ago: int, title="Alcohol use and insomnia"):
    s = make_session(people.program, starts_at=utcnow() - timedelta(days=days_ago, hours=2))
    case = make_case(people.program, people.participant, CaseState.summarised, s, title=title,
                     summarised_at=utcnow() - timedelta(days=days_ago))
    recs = [Recommendation(case_id=case.id, source="hub", category="behavioural", text="CBT for insomnia.", consensus=True),
            Recommendation(case_id=case.id, source="hub", category="medication", text="Start naltrexone 50 mg daily.")]
    db.session.add_all(recs)
    db.session.add(Summary(case_id=case.id, text="Consensus: CBT-I, naltrexone.", sent_at=utcnow() - timedelta(days=days_ago)))
    db.session.commit()
    return case, recs


@pytest.fixture
def world(people):
    case, recs = _summarised(people, 15)
    mail.outbox.clear()
    return {**vars(people), "case": case, "recs": recs}


def _answer(world, **over):
    a, b = world["recs"]
    data = {f"impl_{a.id}": "fully", f"impl_{b.id}": "not", f"why_{b.id}": "cost",
            "referral_avoided": "yes", "patient_status": "better", "note": "Sleeping six hours; drinking less."}
    data.update(over)
    return data


def test_the_presenter_reports_and_it_shows_on_the_case(world, login_as):
    c = login_as(world["participant"])
    url = f"/closeout/case/{world['case'].id}/2"
    page = c.get(url)
    assert page.status_code == 200 and "Start naltrexone 50 mg daily." in page.text
    r = c.post(url, data=_answer(world))
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/cases/{world['case'].id}#closeout")
    closeout = db.session.scalar(select(Closeout))
    assert closeout.answered_at is not None and closeout.patient_status == "better"
    assert sorted((i.implemented, i.why_not) for i in closeout.items) == [("fully", ""), ("not", "cost")]

    # The panel reads it on the case page; answering again edits the same close-out.
    case_page = login_as(world["specialist"]).get(f"/cases/{world['case'].id}").text
    assert "What came of the advice" in case_page and "Not implemented" in case_page and "Cost" in case_page
    assert "Sleeping six hours; drinking less." in case_page
    r = c.post(url, data=_answer(world, patient_status="same", **{f"impl_{world['recs'][1].id}": "fully"}))
    assert r.status_code == 303
    assert db.session.scalar(select(func.count(Closeout.id))) == 1
    assert db.session.scalar(select(func.count(CloseoutItem.id))) == 2
    assert db.session.scalar(select(Closeout.patient_status)) == "same"


def test_the_library_entry_shows_the_close_out_without_the_presenter(world, login_as):
    login_as(world["participant"]).post(f"/closeout/case/{world['case'].id}/2", data=_answer(world))
    lib.do_publish(world["case"], world["coordinator"])
    db.session.commit()
    page = login_as(world["learner"]).get(f"/library/cases/{world['case'].id}").text
    assert "What came of the advice" in page
    assert "1 implemented fully, 0 in part, 1 not" in page and "why not: cost" in page
    assert "Sleeping six hours; drinking less." in page
    assert world["participant"].name not in page


def test_only_the_presenter_answers_and_only_once_due(world, login_as, people):
    url = f"/closeout/case/{world['case'].id}/2"
    for who in ("specialist", "coordinator", "learner", "admin"):
        assert login_as(world[who]).post(url, data=_answer(world)).status_code == 403
    c = login_as(world["participant"])
    assert c.get(f"/closeout/case/{world['case'].id}/12").status_code == 409      # 12 weeks not reached
    assert c.get(f"/closeout/case/{world['case'].id}/5").status_code == 404       # no such stage
    fresh, _ = _summarised(people, 3, title="Fresh case")
    assert c.get(f"/closeout/case/{fresh.id}/2").status_code == 409
    assert db.session.scalar(select(func.count(Closeout.id)).where(Closeout.answered_at.is_not(None))) == 0


def test_a_reason_is_needed_when_not_implemented_and_typing_is_kept(world, login_as):
    c = login_as(world["participant"])
    r = c.post(f"/closeout/case/{world['case'].id}/2", data=_answer(world, **{f"why_{world['recs'][1].id}": ""}))
    assert r.status_code == 400 and "Say why it was not (fully) implemented." in r.text
    assert "Sleeping six hours; drinking less." in r.text
    assert db.session.scalar(select(Closeout.answered_at)) is None


def test_the_note_goes_through_the_privacy_guard(world, login_as):
    c = login_as(world["participant"])
    url = f"/closeout/case/{world['case'].id}/2"
    r = c.post(url, data=_answer(world, note="Mrs Jane is better, call 555-123-4567."))
    assert r.status_code == 400 and "This may identify a patient" in r.text
    assert db.session.scalar(select(Closeout.answered_at)) is None
    r = c.post(url, data=_answer(world, note="The patient is better."))
    assert r.status_code == 303


def test_the_sweep_asks_the_presenter_once_per_stage(world, app):
    now = utcnow()
    assert sweep(now) == {"asked": 1}
    assert [m["To"] for m in mail.outbox] == [world["participant"].email]
    assert f"/closeout/case/{world['case'].id}/2" in mail.outbox[0].get_content()
    assert "naltrexone" not in mail.outbox[0].get_content()  # no case text in mail
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == "closeout")) == 1
    assert sweep(now) == {"asked": 0} and sweep(now + timedelta(days=2)) == {"asked": 0}
    twelve = now + timedelta(weeks=10, days=1)
    assert sweep(twelve) == {"asked": 1} and sweep(twelve) == {"asked": 0}
    assert len(mail.outbox) == 2 and "12-week" in mail.outbox[1]["Subject"]


def test_the_home_page_asks_the_presenter(world, login_as):
    home = login_as(world["participant"]).get("/home").text
    assert f"/closeout/case/{world['case'].id}/2" in home


def test_a_coordinator_sees_which_close_outs_are_overdue(world, login_as, people):
    late, _ = _summarised(people, 22, title="Late case")       # 2-week stage due 8 days ago
    answered, _ = _summarised(people, 23, title="Answered case")
    login_as(world["participant"]).post(f"/closeout/case/{answered.id}/2", data={
        **{f"impl_{r.id}": "fully" for r in co.recommendations(answered)},
        "referral_avoided": "no", "patient_status": "unknown"})
    assert [(d.case.id, d.weeks) for d in co.overdue(people.program)] == [(late.id, 2)]
    page = login_as(world["coordinator"]).get(f"/closeout/program/{people.program.id}/overdue")
    assert page.status_code == 200 and "Late case" in page.text and "Answered case" not in page.text
    assert "Alcohol use and insomnia" not in page.text  # due 1 day ago: not overdue yet
    assert login_as(world["participant"]).get(f"/closeout/program/{people.program.id}/overdue").status_code == 403
