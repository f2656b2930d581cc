"""Demo data: the first English demo program's year shows on its report, its evaluations,
its self-efficacy results and its disclosures."""
from __future__ import annotations

from sqlalchemy import func, select

from echo.accounts.models import User
from echo.attendance.models import AttendanceEdit
from echo.closeout.models import Closeout
from echo.core.extensions import db
from echo.demo import load_demo
from echo.demo.programs import PROGRAMS
from echo.disclosures.operations import current
from echo.evaluations.models import SurveyKind
from echo.programs.models import Program
from echo.reports.period import default_period
from echo.reports.report import build_report
from echo.reports.scope import Scope
from echo.selfefficacy import operations as selfefficacy
from tests.helpers import login


def _program() -> Program:
    program = db.session.scalar(select(Program).where(Program.name == PROGRAMS[0]["name"]))
    assert program is not None and program.language == "en"
    return program


def _rows(report, key):
    return {label: values for label, values in report.figure(key).rows}


def test_the_demo_program_report_has_figures(app):
    load_demo()
    r = build_report(Scope(default_period(), _program()))
    assert r.sessions >= 5 and r.attendance.attendances > r.sessions and r.attendance.total_minutes > 0
    assert r.participants == 7 and r.mean_attendance is not None
    assert r.outcomes.presented >= 2 and r.outcomes.closed >= 2 and r.outcomes.closed_share
    assert r.outcomes.implemented["fully"] >= 2 and r.outcomes.implemented["partly"] + r.outcomes.implemented["not"] >= 1
    assert r.outcomes.avoided["yes"] == 1
    ends, followups = r.evaluations.rates[SurveyKind.end], r.evaluations.rates[SurveyKind.followup]
    assert ends.surveys == r.sessions and 0.6 < (ends.share or 0) < 1 and ends.meeting_target >= 1
    assert followups.surveys >= 1 and followups.answered >= 1
    assert r.evaluations.mean_rating is not None and 4 <= r.evaluations.mean_rating <= 5
    assert all(not f.is_empty for f in r.figures), [f.key for f in r.figures if f.is_empty]
    assert sum(v[0] for v in _rows(r, "changed").values()) == followups.answered
    # A coordinator corrected one attendance, with its reason.
    assert db.session.scalar(select(func.count(AttendanceEdit.id))) == 1


def test_the_demo_program_rounds_disclosures_and_the_report_page(app, client):
    load_demo()
    program = _program()
    results = selfefficacy.results(program)
    assert len(results.items) == 5 and results.pre == 4 and results.post == 3
    assert all(i.paired == 3 and (i.paired_change or 0) > 0 for i in results.items)
    hub = {u.email.split("@")[0]: u.id for u in db.session.scalars(select(User).where(User.email.in_(
        ["coordinator@demo.echo", "specialist@demo.echo", "j.begay@demo.echo"])))}
    said = current(program)
    assert set(hub.values()) <= set(said)
    assert said[hub["coordinator"]].none_to_disclose and len(said[hub["j.begay"]].relationships) == 2
    n = db.session.scalar(select(func.count(Closeout.id)))
    load_demo()   # again: nothing twice
    assert db.session.scalar(select(func.count(Closeout.id))) == n and len(selfefficacy.items(program)) == 5

    login(client, db.session.scalar(select(User).where(User.email == "coordinator@demo.echo")))
    html = client.get(f"/reports/program/{program.id}").get_data(as_text=True)
    assert "Nothing to report" not in html and "No presenter has reported" not in html
    assert "Nobody has rated a session" not in html and "No survey has opened" not in html


def test_the_demo_participant_is_asked(app, client):
    """The demo participant finds what waits for them: the latest session's evaluation, their
    second self-efficacy round."""
    load_demo()
    program = _program()
    login(client, db.session.scalar(select(User).where(User.email == "participant@demo.echo")))
    assert "Evaluate the session" in client.get("/home").get_data(as_text=True)
    page = client.get(f"/programs/{program.id}").get_data(as_text=True)
    assert "Rate your confidence again, after taking part" in page
