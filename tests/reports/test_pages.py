"""The report pages: who may read them, the period filter, the charts and tables, the CSVs,
the print view, the empty state and numbers in the reader's language."""
from __future__ import annotations

import base64
import csv
import io
import re

import pytest

from echo.core.extensions import db
from echo.programs.models import Role
from tests.factories import add_member, make_program, make_user
from tests.helpers import check_accessible
from tests.reports.conftest import PERIOD


def _csv(resp):
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(resp.get_data(as_text=True))))


def test_the_coordinator_reads_the_program_report(world, login_as):
    program = world.people.program
    resp = login_as(world.people.coordinator).get(f"/reports/program/{program.id}", query_string=PERIOD)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert html.count("<h1") == 1 and "January 1, 2026" in html and "March 31, 2026" in html
    assert "<caption>Participants by profession</caption>" in html
    assert '<th scope="row">Nurse practitioner</th><td class="num">2</td><td class="num">67%</td>' in html
    # Each chart is an image of a standalone SVG with its alternative text; nothing runs.
    charts = re.findall(r'<img class="report-chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert len(charts) == 11   # every figure but "practice changed" (nobody answered a follow-up)
    for data, alt in charts:
        doc = base64.b64decode(data).decode()
        assert "<script" not in doc and 'role="img"' in doc and alt.startswith("Chart: ")
    assert "Nobody has answered this question for a session of this period yet." in html
    assert f"/reports/program/{program.id}/professions.csv?start=2026-01-01&amp;end=2026-03-31" in html
    assert f"/reports/program/{program.id}/print?start=2026-01-01&amp;end=2026-03-31" in html
    assert check_accessible(html, "program report") == 2   # the two dates, labelled


def test_the_program_page_links_its_coordinators_to_the_report(world, login_as):
    program = world.people.program
    page = login_as(world.people.coordinator).get(f"/programs/{program.id}").get_data(as_text=True)
    assert f'href="/reports/program/{program.id}"' in page
    page = login_as(world.nurse).get(f"/programs/{program.id}").get_data(as_text=True)
    assert f'href="/reports/program/{program.id}"' not in page


@pytest.mark.parametrize("who", ["specialist", "participant", "learner", "outsider"])
def test_members_who_do_not_coordinate_are_refused(world, login_as, who):
    client = login_as(world.people.user(who))
    program = world.people.program
    for path in (f"/reports/program/{program.id}", f"/reports/program/{program.id}/print",
                 f"/reports/program/{program.id}/professions.csv", "/reports/", "/reports/programs.csv"):
        assert client.get(path).status_code == 403, path


def test_another_programs_coordinator_is_refused(world, login_as):
    client = login_as(world.other_coordinator)
    assert client.get(f"/reports/program/{world.people.program.id}").status_code == 403
    assert client.get(f"/reports/program/{world.other_program.id}").status_code == 200
    assert client.get("/reports/").status_code == 403


def test_the_period_filter(world, login_as):
    client = login_as(world.people.coordinator)
    url = f"/reports/program/{world.people.program.id}"
    rows = _csv(client.get(url + "/sessions.csv", query_string={"start": "2026-02-01", "end": "2026-02-28"}))
    assert rows == [["Month", "Sessions held", "Attendances"], ["Feb 2026", "1", "2"]]
    bad = client.get(url, query_string={"start": "2026-13-01"})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.get_data(as_text=True)
    backwards = client.get(url, query_string={"start": "2026-03-01", "end": "2026-02-01"})
    assert backwards.status_code == 400
    assert "The end date must be on or after the start date." in backwards.get_data(as_text=True)
    assert client.get(url + "/sessions.csv", query_string={"end": "soon"}).status_code == 400
    assert client.get(url + "/no-such-figure.csv").status_code == 404


def test_figure_csv(world, login_as):
    client = login_as(world.people.coordinator)
    url = f"/reports/program/{world.people.program.id}"
    rows = _csv(client.get(url + "/recommendations.csv", query_string=PERIOD))
    assert rows[0] == ["Recommendations", "Recommendations", "Share of those reported on"]
    assert rows[1:] == [["Implemented fully", "1", "0.5"], ["Implemented in part", "1", "0.5"], ["Not implemented", "0", "0.0"]]
    rates = _csv(client.get(url + "/response-rates.csv", query_string=PERIOD))
    assert rates[1] == ["End of session", "2", "5", "4", "0.8", "0.8", "1"]
    assert rates[2] == ["30-day follow-up", "0", "0", "0", "", "0.8", "0"]


def test_the_print_view(world, login_as):
    resp = login_as(world.people.coordinator).get(f"/reports/program/{world.people.program.id}/print", query_string=PERIOD)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and 'class="report-print"' in html
    assert "<caption>Survey response rates</caption>" in html and "Download this table" not in html


def test_the_admin_reads_every_program(world, login_as):
    client = login_as(world.people.admin)
    html = client.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    assert "Report: all programs" in html and "<dd>4</dd>" in html   # sessions held over both programs
    assert client.get(f"/reports/program/{world.people.program.id}", query_string=PERIOD).status_code == 200
    rows = _csv(client.get("/reports/regions.csv".replace("/reports/", "/reports/figures/"), query_string=PERIOD))
    assert ["Alberta", "1", "0.25"] in rows
    assert client.get("/reports/print", query_string=PERIOD).status_code == 200


def test_the_organisation_csv(world, login_as):
    rows = _csv(login_as(world.people.admin).get("/reports/programs.csv", query_string=PERIOD))
    header = rows[0]
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    main = by_name[world.people.program.name]
    assert main["Launch date (first session)"] == "2025-12-02"
    assert (main["Sessions held"], main["Attendances"], main["Unique participants"]) == ("3", "6", "3")
    assert main["Role: Participant (spoke)"] == "2" and main["Role: Specialist (hub)"] == "1"
    assert main["Profession: Nurse practitioner"] == "2" and main["Region: Not given"] == "1"
    other = by_name["Hepatitis C ECHO"]
    assert (other["Sessions held"], other["Profession: Pharmacist"], other["Region: Alberta"]) == ("1", "1", "1")


def test_an_empty_program_says_so(app, login_as):
    coordinator = make_user("Cora Coordinator")
    program = make_program(coordinator, name="New ECHO")
    add_member(program, make_user(), Role.participant)
    resp = login_as(coordinator).get(f"/reports/program/{program.id}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Nothing to report for this period" in html and "No session was held in this period." in html
    assert "report-chart" not in html and "<dd>–</dd>" in html
    assert login_as(coordinator).get(f"/reports/program/{program.id}/cases.csv").status_code == 200


def test_numbers_in_the_readers_language(world, login_as):
    world.people.coordinator.language = "fr"
    db.session.commit()
    html = login_as(world.people.coordinator).get(f"/reports/program/{world.people.program.id}",
                                                  query_string=PERIOD).get_data(as_text=True)
    assert '<td class="num">67\xa0%</td>' in html
