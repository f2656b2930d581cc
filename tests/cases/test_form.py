"""Writing a case: drafts, validation that keeps the input, age bands, tags, sanitised
Markdown, revisions, concurrent edits, follow-ups."""
import re

import pytest

from echo.cases.models import Case, CaseRevision
from echo.cases.models import CaseState as S
from echo.cases.operations import parse_age, parse_tags
from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.core.markdown import render_markdown
from tests.factories import make_clean_case
from tests.helpers import CASE_FORM, post_new_case


def test_draft_saves_with_almost_nothing(people, login_as):
    c = login_as(people.participant)
    r = c.post(f"/cases/program/{people.program.id}/new", data={"narrative": "Thinking about it.", "action": "save"})
    assert r.status_code == 303
    case = db.session.query(Case).one()
    assert case.state == S.draft and case.narrative == "Thinking about it." and case.version == 1
    assert db.session.query(CaseRevision).filter_by(case_id=case.id, version=1).count() == 1


def test_a_full_case_is_stored_normalised(people, login_as):
    c = login_as(people.participant)
    assert post_new_case(c, people.program, action="save").status_code == 303
    case = db.session.query(Case).one()
    assert (case.age, case.age_band, case.phq9, case.gad7, case.auditc) == (45, "40-49", 18, 9, 2)
    assert [t.tag for t in case.tags] == ["depression", "insomnia"]
    page = c.get(f"/cases/{case.id}").text
    assert "<strong>low mood</strong>" in page and "PHQ-9 18/27" in page


@pytest.mark.parametrize("raw,expected", [
    ("45", (45, "40-49")), ("0", (0, "0-9")), ("89", (89, "80-89")), ("90", (None, "90+")), ("104", (None, "90+")),
    ("40-49", (None, "40-49")), ("90+", (None, "90+")), ("90 or older", (None, "90+")), ("", (None, "")),
])
def test_age_or_band(raw, expected):
    assert parse_age(raw) == expected


@pytest.mark.parametrize("raw", ["121", "-3", "old", "50-40", "85-95"])
def test_bad_ages(raw):
    with pytest.raises(Invalid):
        parse_age(raw)


def test_exact_age_over_89_is_never_kept_or_shown(people, login_as):
    c = login_as(people.participant)
    post_new_case(c, people.program, age="93", action="save")
    case = db.session.query(Case).one()
    assert case.age is None and case.age_band == "90+"
    assert "93" not in c.get(f"/cases/{case.id}").text.split("<main", 1)[1].split("Chief concern")[0]
    assert 'value="90+"' in c.get(f"/cases/{case.id}/edit").text


def test_tags_are_lower_case_and_limited():
    assert parse_tags(" PTSD,  Chronic   Pain ,ptsd,,") == ["ptsd", "chronic pain"]
    with pytest.raises(Invalid):
        parse_tags("x" * 41)
    with pytest.raises(Invalid):
        parse_tags(",".join(f"t{i}" for i in range(16)))


@pytest.mark.parametrize("field,value,message", [
    ("phq9", "28", "PHQ-9 is scored 0 to 27"),
    ("gad7", "22", "GAD-7 is scored 0 to 21"),
    ("auditc", "13", "AUDIT-C is scored 0 to 12"),
    ("phq9", "-1", "PHQ-9 is scored 0 to 27"),
    ("gad7", "lots", "Not a valid integer"),
    ("narrative", "x" * 20001, "under 20000 characters"),
    ("title", "x" * 201, "under 200 characters"),
    ("age", "130", "0 to 120"),
    ("tags", "a" * 50, "under 40 characters"),
])
def test_bad_input_is_refused_with_input_kept(people, login_as, field, value, message):
    c = login_as(people.participant)
    r = post_new_case(c, people.program, **{field: value, "history": "Kept history text", "action": "save"})
    assert r.status_code == 400
    assert message in r.text and "Kept history text" in r.text
    assert 'aria-invalid="true"' in r.text
    assert db.session.query(Case).count() == 0


def test_submit_without_required_fields_changes_nothing(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, questions="", narrative="Old narrative")
    c = login_as(author)
    r = c.post(f"/cases/{case.id}/edit", data={**CASE_FORM, "questions": "", "narrative": "New narrative", "version": "1", "action": "submit"})
    assert r.status_code == 400
    assert "Ask the panel at least one specific question." in r.text and "New narrative" in r.text
    db.session.expire_all()
    assert case.narrative == "Old narrative" and case.version == 1 and case.state == S.draft


def test_markdown_is_sanitised():
    html = str(render_markdown("Hi <script>alert(1)</script> <img src=x onerror=alert(1)> "
                               "[a](javascript:alert(1)) <a href='https://ok.example' onclick='x()'>ok</a>\n\n# Head"))
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html and "onclick" not in html
    assert "<img" not in html and "<h2>Head</h2>" in html
    assert render_markdown("") == "" and render_markdown(None) == ""


def test_narrative_html_never_runs_on_the_case_page(people, login_as):
    c = login_as(people.participant)
    post_new_case(c, people.program, narrative="<script>alert('x')</script><b onmouseover=alert(1)>bold</b>", action="save")
    case = db.session.query(Case).one()
    page = c.get(f"/cases/{case.id}").text
    assert "<script>alert" not in page and "onmouseover" not in page


def test_each_save_keeps_a_revision(people, login_as):
    author = people.participant
    c = login_as(author)
    post_new_case(c, people.program, action="save")
    case = db.session.query(Case).one()
    for v, text in ((1, "Second"), (2, "Third")):
        r = c.post(f"/cases/{case.id}/edit", data={**CASE_FORM, "narrative": text, "version": str(v), "action": "save"})
        assert r.status_code == 303
    db.session.expire_all()
    assert case.version == 3
    revs = db.session.query(CaseRevision).filter_by(case_id=case.id).order_by(CaseRevision.version).all()
    assert [r.data["narrative"] for r in revs] == ["She reports **low mood**.", "Second", "Third"]
    assert "Second" in c.get(f"/cases/{case.id}/revisions/2").text
    assert "Version 3" in c.get(f"/cases/{case.id}/revisions").text
    assert c.get(f"/cases/{case.id}/revisions/9").status_code == 404


def test_a_stale_save_is_refused_and_keeps_the_text(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, narrative="Original")
    tab1, tab2 = login_as(author), login_as(author)
    assert tab1.post(f"/cases/{case.id}/edit", data={**CASE_FORM, "narrative": "From tab one", "version": "1", "action": "save"}).status_code == 303
    r = tab2.post(f"/cases/{case.id}/edit", data={**CASE_FORM, "narrative": "From tab two", "version": "1", "action": "save"})
    assert r.status_code == 409
    assert "From tab two" in r.text and "not saved" in r.text and f'href="/cases/{case.id}"' in r.text
    db.session.expire_all()
    assert case.narrative == "From tab one" and case.version == 2


def test_saving_a_case_that_was_submitted_meanwhile_keeps_the_text(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, state=S.submitted)
    r = login_as(author).post(f"/cases/{case.id}/edit", data={**CASE_FORM, "narrative": "Late edit", "version": "1", "action": "save"})
    assert r.status_code == 409 and "Late edit" in r.text
    db.session.expire_all()
    assert case.narrative != "Late edit"


def test_concurrent_update_is_caught_by_the_database(people):
    """Two saves that both read version 1: the conditional UPDATE lets only one win."""
    from echo.cases.operations import do_save_case
    from echo.core.errors import Conflict

    author = people.participant
    case = make_clean_case(people.program, author)
    from sqlalchemy import update

    # Another worker saves between our read (version 1 in memory) and our write.
    db.session.execute(update(Case).where(Case.id == case.id).values(version=2, narrative="first")
                       .execution_options(synchronize_session=False))
    assert case.version == 1
    with pytest.raises(Conflict):
        do_save_case(case, author, {"narrative": "second"}, 1)
    db.session.rollback()
    assert db.session.get(Case, case.id).narrative != "second"


def test_follow_up_is_prefilled_and_linked(people, login_as):
    author = people.participant
    parent = make_clean_case(people.program, author, state=S.presented, medications="Sertraline 100 mg")
    from echo.cases.models import CaseTag

    db.session.add(CaseTag(case_id=parent.id, tag="depression"))
    db.session.commit()
    c = login_as(author)
    r = c.post(f"/cases/{parent.id}/follow-up")
    assert r.status_code == 303
    child = db.session.query(Case).filter_by(parent_id=parent.id).one()
    assert child.state == S.draft and child.medications == "Sertraline 100 mg" and child.title.startswith("Follow-up:")
    assert [t.tag for t in child.tags] == ["depression"] and child.questions == ""
    assert f"case #{child.id}" in c.get(f"/cases/{parent.id}").text
    assert f"Follow-up of <a href=\"/cases/{parent.id}\">" in c.get(f"/cases/{child.id}/edit").text
    # Only the author, only once presented.
    assert login_as(people.coordinator).post(f"/cases/{parent.id}/follow-up").status_code == 403
    draft = make_clean_case(people.program, author)
    assert c.post(f"/cases/{draft.id}/follow-up").status_code == 409


def test_my_cases_lists_mine_and_the_place_on_the_agenda(people, login_as):
    from tests.factories import make_session

    author = people.participant
    s = make_session(people.program)
    make_clean_case(people.program, author, state=S.accepted, session=s, agenda_position=1)
    page = login_as(author).get("/cases/").text
    assert "case 1 of 1" in page and "New case for" in page
    coord_page = login_as(people.coordinator).get("/cases/").text
    assert "review queue" in coord_page and "audit log" in coord_page


def test_presenter_chooses_to_be_named_in_the_library(people, login_as):
    from echo.cases.models import Case
    from echo.core.extensions import db

    c = login_as(people.participant)
    program = people.program
    form = {"title": "Insomnia", "age": "40", "sex": "female", "chief_concern": "Poor sleep.", "questions": "CBT-I or a hypnotic?",
            "action": "save"}
    c.post(f"/cases/program/{program.id}/new", data=form)
    case = db.session.query(Case).order_by(Case.id.desc()).first()
    assert case.presenter_named is False  # not named unless they say so
    c.post(f"/cases/{case.id}/edit", data=dict(form, presenter_named="y", version=str(case.version)))
    db.session.refresh(case)
    assert case.presenter_named is True
    assert re.search(r'<input[^>]* checked [^>]*name="presenter_named"', c.get(f"/cases/{case.id}/edit").get_data(as_text=True))
