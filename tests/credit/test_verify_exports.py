"""Credit: the public verification page (found, not found, rate-limited) and the coordinators'
exports (CSV per period, the ACCME PARS-style learner file)."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from echo.core.extensions import db
from echo.credit import awards as aw
from echo.credit import rules as cr
from echo.credit.models import CreditAward
from tests.credit.conftest import ended_session, set_rule


@pytest.fixture
def award(credit_world):
    people, s = credit_world
    st = aw.check_claim(people.participant, s)
    made = aw.do_award(s, st, None)
    db.session.commit()
    return people, made


# --- verification ------------------------------------------------------------------------------------

def test_verification_page_shows_only_what_verifies(award, client):
    people, a = award
    r = client.get(f"/verify/{a.display_code}")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "This certificate is genuine" in page
    for shown in (people.participant.name, people.program.name, "AMA PRA Category 1 Credit™", "1.5"):
        assert shown in page
    # What the participant attended stays private; the code itself is random and may hold "83".
    hidden = page.replace(a.display_code, "")
    assert people.participant.email not in page
    assert "83%" not in hidden and "83 %" not in hidden and "50 min" not in hidden


def test_a_typed_code_is_forgiving(award, client):
    _people, a = award
    typed = a.display_code.lower().replace("-", " ")
    r = client.get("/verify", query_string={"code": typed})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/verify/{a.code}")
    assert client.get(r.headers["Location"]).status_code == 200


def test_a_wrong_code_is_a_clear_404(client):
    r = client.get("/verify/WRNG-C0DE-0000")
    page = r.get_data(as_text=True)
    assert r.status_code == 404
    assert "No certificate has this code" in page and 'name="code"' in page
    assert client.get("/verify").status_code == 200
    r = client.get("/verify", query_string={"code": "--"})
    assert r.status_code == 400 and "Type the code printed on the certificate." in r.get_data(as_text=True)


def test_verification_is_rate_limited(app, client):
    app.config["CREDIT_VERIFY_LIMIT"] = "3/minute"
    answers = [client.get(f"/verify/AAAA-BBBB-CCC{n}").status_code for n in range(5)]
    assert answers == [404, 404, 404, 429, 429]


# --- exports -------------------------------------------------------------------------------------------

@pytest.fixture
def season(people):
    """Three sessions (noon in Denver, 10 March, 14 April and 12 May 2026); the participant
    attended all three, the specialist the first; 1.5 hours each, no evaluation needed."""
    set_rule(people.program, people.coordinator, evaluation=False, pars="202600042")
    people.participant.name = "Maria de la Cruz"
    people.participant.profession = "Nurse practitioner"
    db.session.commit()
    rule = cr.rule_of(people.program)
    for month, day in ((3, 10), (4, 14), (5, 12)):
        s = ended_session(people.program, {people.participant: 60, people.specialist: 60} if month == 3 else
                          {people.participant: 55}, starts_at=datetime(2026, month, day, 18, 0, tzinfo=UTC))
        aw.do_award_session(s, rule, people.coordinator)
    db.session.commit()
    return people


def _q(start, end):
    return {"start": start, "end": end}


def test_csv_export_per_period(season, login_as):
    c = login_as(season.coordinator)
    url = f"/credit/program/{season.program.id}/awards.csv"
    r = c.get(url, query_string=_q("2026-03-01", "2026-04-30"))
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert [(row["session_date"], row["learner_name"]) for row in rows] == [
        ("2026-03-10", "Maria de la Cruz"), ("2026-03-10", "Specialist Person"), ("2026-04-14", "Maria de la Cruz")]
    assert rows[0]["hours"] == "1.50" and rows[0]["credit_type"] == "AMA PRA Category 1 Credit™"
    assert rows[0]["verification_code"] == db.session.scalar(select(CreditAward).where(
        CreditAward.learner_name == "Maria de la Cruz").order_by(CreditAward.session_starts_at)).display_code
    # One day: both ends included, in the program's zone.
    one_day = c.get(url, query_string=_q("2026-05-12", "2026-05-12")).get_data(as_text=True)
    assert one_day.count("\n") == 2 and "2026-05-12" in one_day


def test_csv_export_cells_are_not_formulas(season, login_as):
    award = db.session.scalars(select(CreditAward)).first()
    award.learner_name = "=HYPERLINK(\"http://evil\")"
    db.session.commit()
    text = login_as(season.coordinator).get(f"/credit/program/{season.program.id}/awards.csv",
                                            query_string=_q("2026-01-01", "2026-12-31")).get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_pars_learner_file(season, login_as):
    r = login_as(season.coordinator).get(f"/credit/program/{season.program.id}/pars.txt",
                                         query_string=_q("2026-01-01", "2026-12-31"))
    assert r.status_code == 200 and r.mimetype == "text/tab-separated-values"
    lines = r.get_data(as_text=True).split("\r\n")
    assert lines[-1] == ""
    header, *rows = [line.split("\t") for line in lines[:-1]]
    assert header == ["Activity ID", "Activity Title", "First Name", "Last Name", "Email", "Profession", "Credit Type",
                      "Credits Earned", "Completion Date"]
    assert all(len(row) == len(header) for row in rows)
    by_last = {row[3]: row for row in rows}
    assert len(rows) == 2                         # one row per learner for the activity
    assert by_last["Cruz"] == ["202600042", season.program.name, "Maria de la", "Cruz", season.participant.email,
                               "Nurse practitioner", "AMA PRA Category 1 Credit™", "4.50", "05/12/2026"]
    assert by_last["Person"][7] == "1.50" and by_last["Person"][8] == "03/10/2026"
    # The period narrows it.
    r = login_as(season.coordinator).get(f"/credit/program/{season.program.id}/pars.txt",
                                         query_string=_q("2026-04-01", "2026-04-30"))
    rows = [line.split("\t") for line in r.get_data(as_text=True).split("\r\n")[1:-1]]
    assert [(row[3], row[7], row[8]) for row in rows] == [("Cruz", "1.50", "04/14/2026")]


def test_export_page_and_a_wrong_period(season, login_as):
    c = login_as(season.coordinator)
    url = f"/credit/program/{season.program.id}/exports"
    assert c.get(url).status_code == 200
    page = c.get(url, query_string=_q("2026-03-01", "2026-03-31")).get_data(as_text=True)
    assert "2 credits awarded in the period" in page and "pars.txt?" in page
    r = c.get(url, query_string=_q("2026-05-01", "2026-04-01"))
    assert r.status_code == 400 and "on or after the first" in r.get_data(as_text=True)
    assert 'value="2026-05-01"' in r.get_data(as_text=True)
    r = c.get(f"/credit/program/{season.program.id}/awards.csv", query_string=_q("soon", ""))
    assert r.status_code == 400


def test_exports_are_for_coordinators(season, login_as, client):
    for path in ("exports", "awards.csv", "pars.txt"):
        url = f"/credit/program/{season.program.id}/{path}"
        for who in (season.participant, season.learner, season.specialist, season.outsider):
            assert login_as(who).get(url, query_string=_q("2026-01-01", "2026-12-31")).status_code == 403
        assert client.get(url).status_code == 302       # to the login page
        assert login_as(season.admin).get(url, query_string=_q("2026-01-01", "2026-12-31")).status_code == 200


def test_awards_outlive_the_program(season):
    """Six years of records: deleting the program keeps its awards, with what they said."""
    name = season.program.name
    db.session.delete(season.program)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.scalars(select(CreditAward)).all()
    assert len(kept) == 4
    if db.engine.dialect.name == "postgresql":     # (SQLite runs without foreign key actions)
        assert all(a.program_id is None and a.session_id is None for a in kept)
    assert {a.program_name for a in kept} == {name}
    assert {a.learner_name for a in kept} == {"Maria de la Cruz", "Specialist Person"}
