"""The report's figures, computed on the small world of tests/reports/conftest.py."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from echo.core.extensions import db
from echo.core.types import utcnow
from echo.evaluations import operations as ev
from echo.reports.charts import svg
from echo.reports.period import Period, default_period
from echo.reports.report import build_report
from echo.reports.scope import Scope
from tests.reports.conftest import held, present

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))


def rows(report, key):
    return {label: values for label, values in report.figure(key).rows}


def test_attendance_and_participants(world):
    r = build_report(Scope(Q1, world.people.program))
    assert (r.sessions, r.attendance.attendances, r.participants) == (3, 6, 3)
    assert r.attendance.total_minutes == 30 + 60 + 60 + 60 + 60 + 60
    assert r.mean_attendance == 2
    months = rows(r, "sessions")
    assert list(months.values()) == [[1, 3], [1, 2], [1, 1]]
    assert rows(r, "professions") == {"Nurse practitioner": [2, 2 / 3], "Psychiatrist": [1, 1 / 3]}
    assert rows(r, "regions") == {"Montana": [1, 1 / 3], "Wyoming": [1, 1 / 3], "Not given": [1, 1 / 3]}
    assert rows(r, "roles") == {"Participant (spoke)": [2, 2 / 3], "Specialist (hub)": [1, 1 / 3]}
    retention = rows(r, "retention")
    assert [retention[k][0] for k in ("1 session", "2 sessions", "3 to 5 sessions", "6 to 10 sessions",
                                      "11 sessions or more")] == [1, 1, 1, 0, 0]


def test_cases_closeouts_and_recommendations(world):
    r = build_report(Scope(Q1, world.people.program))
    assert (r.outcomes.presented, r.outcomes.closed, r.outcomes.closed_share) == (2, 1, 0.5)
    cases = rows(r, "cases")
    assert cases["Closed out at 2 weeks"] == [1, 0.5] and cases["Closed out at 12 weeks"] == [1, 0.5]
    # The 12-week answer stands: one recommendation fully, the other (not at 2 weeks) in part.
    assert rows(r, "recommendations") == {"Implemented fully": [1, 0.5], "Implemented in part": [1, 0.5],
                                          "Not implemented": [0, 0.0]}
    assert rows(r, "referrals")["No"] == [1, 1.0] and rows(r, "referrals")["Yes, avoided"] == [0, 0.0]


def test_evaluations_and_response_rates(world):
    r = build_report(Scope(Q1, world.people.program))
    assert r.evaluations.mean_rating == (5 + 4 + 3 + 5) / 4
    assert rows(r, "satisfaction")["5 (excellent)"] == [2, 0.5]
    assert rows(r, "intent") == {"Yes": [2, 0.5], "Maybe": [1, 0.25], "No": [1, 0.25]}
    assert rows(r, "changed")["Yes"] == [0, None]
    end = rows(r, "response-rates")["End of session"]
    assert end == [2, 5, 4, 0.8, 0.8, 1]
    # The same counts as the evaluations' own page, survey by survey.
    own = ev.rates(world.people.program)
    assert (sum(x.asked for x in own), sum(x.answered for x in own)) == (5, 4)


def test_the_period_bounds_every_figure(world):
    february = build_report(Scope(Period(date(2026, 2, 1), date(2026, 2, 28)), world.people.program))
    assert (february.sessions, february.attendance.attendances, february.participants) == (1, 2, 2)
    assert february.outcomes.presented == 1 and february.outcomes.closed == 0
    assert february.evaluations.overall.asked == 2
    # The session of December 2025 and its case are in no 2026 figure; a wider period takes them.
    wide = build_report(Scope(Period(date(2025, 12, 1), date(2026, 3, 31)), world.people.program))
    assert (wide.sessions, wide.participants, wide.outcomes.presented) == (4, 4, 3)


def test_default_period_is_the_last_12_months(app, people):
    program = people.program
    recent, old = utcnow() - timedelta(days=30), utcnow() - timedelta(days=400)
    for start in (recent, old):
        present(held(program, start.replace(microsecond=0)), people.participant)
    db.session.commit()
    period = default_period()
    assert period.end == utcnow().date() and period.start == period.end - timedelta(days=365)
    r = build_report(Scope(period, program))
    assert r.sessions == 1


def test_site_wide_counts_every_program(world):
    r = build_report(Scope(Q1))
    assert (r.sessions, r.attendance.attendances, r.participants) == (4, 7, 4)
    assert rows(r, "regions")["Alberta"][0] == 1


def test_an_empty_program_has_no_division_by_zero(app, people):
    r = build_report(Scope(Q1, people.program))
    assert r.is_empty and r.mean_attendance is None and r.outcomes.closed_share is None
    assert r.evaluations.overall.share is None
    assert all(f.is_empty for f in r.figures)
    for f in r.figures:
        assert f.csv().splitlines()[0]   # a header, and no error


def test_each_chart_is_well_formed_and_self_contained(world):
    r = build_report(Scope(Q1, world.people.program))
    ns = "{http://www.w3.org/2000/svg}"
    for f in r.figures:
        root = ET.fromstring(svg(f))
        assert root.tag == ns + "svg" and root.get("role") == "img" and root.get("aria-label") == f.title
        assert root.find(ns + "title").text == f.title
        assert not list(root.iter(ns + "script"))
        for el in root.iter():
            for name, value in el.attrib.items():
                if name.endswith("href") or name == "src":
                    assert value.startswith("#"), (f.key, name, value)
        for style in root.iter(ns + "style"):
            assert "@import" not in style.text and "url(" not in style.text
