"""Publishing and unpublishing: who, when, the last privacy check, what the entry holds."""
from __future__ import annotations

import pytest

from echo.cases.models import Case, CaseState, PrivacyDismissal
from echo.core.errors import Conflict, Invalid, NotAllowed
from echo.core.extensions import db
from echo.library import publish as lib
from echo.library.models import LibraryDocument
from echo.library.search import engine as srch
from echo.live.models import Recommendation
from echo.privacy import fingerprint, scan
from echo.summaries.models import Summary
from tests.factories import make_case, published_case, summarised_case


def test_coordinator_publishes_a_summarised_case(people):
    case = summarised_case(people.program, people.participant, tags=["depression"])
    doc = lib.do_publish(case, people.coordinator)
    db.session.commit()
    assert case.state == CaseState.published and case.published_at is not None
    assert doc.case_id == case.id and doc.program_id == people.program.id
    assert srch.search("bupropion", {}, people.learner).total == 1


@pytest.mark.parametrize("role", ["participant", "specialist", "learner", "outsider"])
def test_only_coordinators_publish(people, role):
    case = summarised_case(people.program, people.participant)
    with pytest.raises(NotAllowed):
        lib.check_publish(case, people.user(role))
    assert lib.document_for_case(case.id) is None


@pytest.mark.parametrize("state", [CaseState.accepted, CaseState.presented, CaseState.published])
def test_who_may_not_publish_is_refused_whatever_the_state(people, login_as, state):
    """The presenter and the panel read the case in these states, yet publishing and unpublishing
    are the coordinators': they are refused (403) before the case's state is named (409)."""
    case = summarised_case(people.program, people.participant, state=state)
    for role in ("participant", "specialist"):
        with pytest.raises(NotAllowed):
            lib.check_publish(case, people.user(role))
        with pytest.raises(NotAllowed):
            lib.do_unpublish(case, people.user(role))
        c = login_as(people.user(role))
        assert c.post(f"/library/publish/{case.id}").status_code == 403
        assert c.post(f"/library/publish/{case.id}/unpublish").status_code == 403
    db.session.rollback()
    assert db.session.get(Case, case.id).state == state
    # The coordinator, who may publish, hears what is wrong with the state.
    c = login_as(people.coordinator)
    assert c.post(f"/library/publish/{case.id}" + ("/unpublish" if state != CaseState.published else "")).status_code == 409


def test_admin_may_publish(people):
    case = summarised_case(people.program, people.participant)
    lib.do_publish(case, people.admin)
    db.session.commit()
    assert case.state == CaseState.published


@pytest.mark.parametrize("state", [CaseState.draft, CaseState.submitted, CaseState.accepted, CaseState.presented])
def test_only_summarised_cases_are_published(people, state):
    case = summarised_case(people.program, people.participant, state=state)
    # A draft is its author's alone: the coordinator is refused before its state is named.
    with pytest.raises(NotAllowed if state == CaseState.draft else Conflict):
        lib.do_publish(case, people.coordinator)


@pytest.mark.parametrize("where", ["recommendation", "summary", "follow_up", "questions", "history"])
def test_publish_refused_while_a_finding_is_unresolved(people, where):
    leak = "Call her at 505-555-0142 next week."
    kw = {}
    if where in ("questions", "history"):
        kw[where] = leak
    if where == "summary":
        kw["summary"] = leak
    if where == "follow_up":
        kw["follow_up"] = leak
    recs = [("hub", "referral", leak)] if where == "recommendation" else None
    case = summarised_case(people.program, people.participant, recs=recs, **kw)
    with pytest.raises(Invalid) as exc:
        lib.do_publish(case, people.coordinator)
    assert "refused" in exc.value.message
    db.session.rollback()
    assert db.session.get(Case, case.id).state == CaseState.summarised
    assert lib.document_for_case(case.id) is None
    assert srch.search("", {}, people.learner).total == 0


def test_a_dismissed_finding_does_not_block(people):
    text = "Call her at 505-555-0142 next week."
    case = summarised_case(people.program, people.participant, recs=[("hub", "referral", text)])
    f = scan(text)[0]
    db.session.add(PrivacyDismissal(case_id=case.id, field="recommendation", fingerprint=fingerprint(f), kind=f.kind,
                                    reason="the clinic's public crisis line", user_id=people.participant.id))
    db.session.commit()
    lib.do_publish(case, people.coordinator)
    db.session.commit()
    assert case.state == CaseState.published


def test_withdrawn_recommendations_are_neither_checked_nor_published(people):
    case = summarised_case(people.program, people.participant)
    db.session.add(Recommendation(case_id=case.id, source="hub", category="other", text="Phone 505-555-0142 withdrawn", withdrawn=True))
    db.session.commit()
    doc = lib.do_publish(case, people.coordinator)
    assert "withdrawn" not in doc.recommendations and "505" not in str(doc.data)


def test_the_entry_holds_only_the_library_fields(people):
    case = summarised_case(people.program, people.participant, age=47, return_reason="Please remove the town name",
                           tags=["depression"], phq9=17,
                           recs=[("spoke", "behavioural", "Weekly check-in calls."), ("hub", "medication", "Switch to mirtazapine."),
                                 ("hub", "diagnostics", "Check TSH.")])
    doc = lib.do_publish(case, people.coordinator)
    d = doc.data
    assert set(d) == {"title", "age_band", "sex", "setting", "presentation", "screening", "questions", "tags",
                      "recommendations", "summary", "follow_up", "follow_ups", "parent_case_id", "presented_at"}
    flat = str(d)
    assert "47" not in flat and "remove the town" not in flat and people.participant.name not in flat
    assert doc.presenter_name == ""
    # Recommendations: grouped by category in a fixed order, hub before spoke, sources kept, no authors.
    assert [(r["category"], r["source"]) for r in d["recommendations"]] == [
        ("diagnostics", "hub"), ("medication", "hub"), ("behavioural", "spoke")]
    assert all(set(r) == {"source", "category", "text", "consensus"} for r in d["recommendations"])
    assert d["screening"] == [{"instrument": "phq9", "label": "PHQ-9", "score": 17}]
    assert doc.instruments == "phq9" and doc.tags == "depression"


def test_presenter_named_only_when_they_agreed(people):
    case = published_case(people.program, people.participant, people.coordinator, presenter_named=True)
    assert lib.document_for_case(case.id).presenter_name == people.participant.name


def test_unpublish_takes_it_out_everywhere(people, login_as):
    case = published_case(people.program, people.participant, people.coordinator)
    c = login_as(people.learner)
    c.post(f"/library/cases/{case.id}/save")
    with pytest.raises(NotAllowed):
        lib.do_unpublish(case, people.learner)
    db.session.rollback()
    lib.do_unpublish(case, people.coordinator)
    db.session.commit()
    assert case.state == CaseState.summarised
    assert db.session.query(LibraryDocument).count() == 0
    assert srch.search("bupropion", {}, people.learner).total == 0
    assert c.get(f"/library/cases/{case.id}").status_code == 404
    assert c.get(f"/api/v1/library/cases/{case.id}").status_code == 404
    assert "Persistent low mood" not in c.get("/library/saved").text
    with pytest.raises(Conflict):
        lib.do_unpublish(case, people.coordinator)


def test_follow_ups_join_the_parent_entry(people):
    parent = published_case(people.program, people.participant, people.coordinator, title="First presentation")
    child = summarised_case(people.program, people.participant, title="Six weeks later", parent_id=parent.id,
                            summary="Mood improved on bupropion; continue.")
    lib.do_publish(child, people.coordinator)
    db.session.commit()
    pdoc = lib.document_for_case(parent.id)
    assert pdoc.data["follow_ups"][0]["case_id"] == child.id
    assert "Six weeks later" in pdoc.follow_ups
    lib.do_unpublish(child, people.coordinator)
    db.session.commit()
    db.session.refresh(pdoc)
    assert pdoc.data["follow_ups"] == []


def test_search_reindex_command_rebuilds(people, runner):
    a = published_case(people.program, people.participant, people.coordinator)
    published_case(people.program, people.participant, people.coordinator, title="Second")
    db.session.execute(db.delete(LibraryDocument).where(LibraryDocument.case_id == a.id))
    s = db.session.scalar(db.select(Summary).where(Summary.case_id == a.id))
    s.text = "Consensus: try lithium augmentation."
    stray = make_case(people.program, people.participant, CaseState.summarised)
    db.session.add(LibraryDocument(case_id=stray.id, program_id=stray.program_id, year=2026, data={}, published_at=a.published_at))
    db.session.commit()
    assert srch.search("lithium", {}, people.learner).total == 0
    result = runner.invoke(args=["search-reindex"])
    assert result.exit_code == 0, result.output
    assert "2 published cases" in result.output
    db.session.expire_all()
    assert [h.doc.case_id for h in srch.search("lithium", {}, people.learner).hits] == [a.id]
    assert lib.document_for_case(stray.id) is None
