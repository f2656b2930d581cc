"""The privacy guard on cases: findings on save, the JSON check, dismissals with a reason,
submission refused while anything is unresolved (the server scans again)."""
from echo.accounts.models import AuditLog
from echo.cases.models import Case, PrivacyDismissal
from echo.cases.models import CaseState as S
from echo.cases.privacy_check import (
    case_findings,
    unresolved,
    unresolved_findings_in_text,
)
from echo.core.extensions import db
from tests.factories import make_clean_case
from tests.helpers import CASE_FORM

LEAKY = "Maria Gonzalez was admitted on March 3, 2024 with low mood."


def test_reusable_text_check():
    found = unresolved_findings_in_text(LEAKY)
    assert {f.kind for f in found} == {"name", "date"}
    from echo.privacy import fingerprint

    fps = [fingerprint(f) for f in found if f.kind == "name"]
    assert {f.kind for f in unresolved_findings_in_text(LEAKY, fps)} == {"date"}
    assert unresolved_findings_in_text("") == [] and unresolved_findings_in_text(None) == []


def test_submit_is_refused_then_fixed(people, login_as):
    author = people.participant
    c = login_as(author)
    r = c.post(f"/cases/program/{people.program.id}/new", data={**CASE_FORM, "narrative": LEAKY, "action": "submit"})
    assert r.status_code == 303 and r.headers["Location"].endswith("#privacy-findings")
    case = db.session.query(Case).one()
    assert case.state == S.draft and case.narrative == LEAKY  # the draft is kept, the submission refused
    page = c.get(r.headers["Location"]).text
    assert "Submission refused: 2 possible identifiers" in page
    assert '<mark class="finding" title="Person name">Maria Gonzalez</mark>' in page
    assert '<mark class="finding" title="Date (more specific than a year)">March 3, 2024</mark>' in page
    r = c.post(f"/cases/{case.id}/edit", data={**CASE_FORM, "narrative": "The patient was admitted this spring with low mood.",
                                                "version": str(case.version), "action": "submit"})
    assert r.status_code == 303 and r.headers["Location"] == f"/cases/{case.id}"
    db.session.expire_all()
    assert case.state == S.submitted


def test_submit_button_on_the_case_page_scans_again(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, history="Seen at Gallup Indian Medical Center.")
    c = login_as(author)
    r = c.post(f"/cases/{case.id}/move", data={"target": "submitted"})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/cases/{case.id}/edit")
    db.session.expire_all()
    assert case.state == S.draft
    assert "Submission refused" in c.get(r.headers["Location"]).text


def test_dismissal_with_a_reason_lets_it_through(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, narrative=LEAKY)
    found = {f.kind: f for f in unresolved(case)}
    c = login_as(author)
    no_reason = c.post(f"/cases/{case.id}/dismissals", data={"field": "narrative", "fingerprint": found["name"].fingerprint, "kind": "name", "reason": " "},
                       headers={"Accept": "application/json"})
    assert no_reason.status_code == 400 and no_reason.json["error"]["field"] == "reason"
    for kind in ("name", "date"):
        r = c.post(f"/cases/{case.id}/dismissals", json={"field": "narrative", "fingerprint": found[kind].fingerprint, "kind": kind,
                                                          "reason": "Invented for teaching"})
        assert r.status_code == 200 and r.json["ok"]
    assert unresolved(case) == []
    assert all(f.dismissed for f in case_findings(case)["narrative"])
    # The dismissal is per field: the same name in the history is still flagged.
    case.history = "Maria Gonzalez"
    db.session.commit()
    assert [f.field for f in unresolved(case)] == ["history"]
    case.history = ""
    db.session.commit()
    assert c.post(f"/cases/{case.id}/move", data={"target": "submitted"}).status_code == 303
    db.session.expire_all()
    assert case.state == S.submitted
    # Audited without the text; the coordinator sees the dismissals with their reasons.
    details = [e.detail for e in db.session.query(AuditLog).filter_by(action="case.privacy_dismissed")]
    assert details == ["narrative: name", "narrative: date"]
    page = login_as(people.coordinator).get(f"/cases/{case.id}").text
    assert "Dismissed by the author" in page and "Invented for teaching" in page
    assert "2 privacy findings dismissed" in login_as(people.coordinator).get(f"/cases/program/{people.program.id}/queue").text


def test_dismissal_form_without_javascript_and_undo(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, narrative=LEAKY)
    fp = next(f.fingerprint for f in unresolved(case) if f.kind == "name")
    c = login_as(author)
    r = c.post(f"/cases/{case.id}/dismissals", data={"field": "narrative", "fingerprint": fp, "kind": "name", "reason": "Fictional"})
    assert r.status_code == 303
    d = db.session.query(PrivacyDismissal).one()
    assert (d.reason, d.user_id) == ("Fictional", author.id)
    # Idempotent: a second dismissal of the same finding updates the reason.
    c.post(f"/cases/{case.id}/dismissals", data={"field": "narrative", "fingerprint": fp, "kind": "name", "reason": "Made up"})
    assert db.session.query(PrivacyDismissal).one().reason == "Made up"
    assert c.post(f"/cases/{case.id}/dismissals/{d.id}/undo").status_code == 303
    assert db.session.query(PrivacyDismissal).count() == 0


def test_bad_dismissals(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, narrative=LEAKY)
    c = login_as(author)
    for data in ({"field": "password", "fingerprint": "name:x", "kind": "name", "reason": "r"},
                 {"field": "narrative", "fingerprint": "date:x", "kind": "name", "reason": "r"},
                 {"field": "narrative", "fingerprint": "name:x", "kind": "name", "reason": "r" * 501}):
        r = c.post(f"/cases/{case.id}/dismissals", json=data)
        assert r.status_code == 400
    submitted = make_clean_case(people.program, author, state=S.submitted)
    assert c.post(f"/cases/{submitted.id}/dismissals", json={"field": "narrative", "fingerprint": "name:x", "kind": "name", "reason": "r"}).status_code == 409
    assert db.session.query(PrivacyDismissal).count() == 0


def test_json_check_returns_offsets(people, login_as):
    author = people.participant
    c = login_as(author)
    r = c.post("/cases/privacy-check", json={"program_id": people.program.id, "fields": {"narrative": LEAKY, "questions": "Switch?"}})
    assert r.status_code == 200
    found = r.json["fields"]["narrative"]
    assert [(f["kind"], LEAKY[f["start"]:f["end"]]) for f in found] == [("name", "Maria Gonzalez"), ("date", "March 3, 2024")]
    assert r.json["fields"]["questions"] == [] and r.json["unresolved"] == 2
    assert {"label", "hint", "fingerprint", "dismissed", "field"} <= set(found[0])
    # With a case, its dismissals count.
    case = make_clean_case(people.program, author)
    db.session.add(PrivacyDismissal(case_id=case.id, field="narrative", fingerprint=found[0]["fingerprint"], kind="name", reason="x", user_id=author.id))
    db.session.commit()
    r = c.post("/cases/privacy-check", json={"case_id": case.id, "fields": {"narrative": LEAKY}})
    assert r.json["unresolved"] == 1 and r.json["fields"]["narrative"][0]["dismissed"] is True


def test_json_check_bad_input(people, login_as):
    c = login_as(people.participant)
    pid = people.program.id
    assert c.post("/cases/privacy-check", data="nope", content_type="text/plain").status_code == 400
    assert c.post("/cases/privacy-check", json={"program_id": pid, "fields": {"password": "x"}}).status_code == 400
    assert c.post("/cases/privacy-check", json={"program_id": pid, "fields": {"narrative": "x" * 60001}}).status_code == 400
    assert c.post("/cases/privacy-check", json={"program_id": 999, "fields": {}}).status_code == 404


def test_json_check_needs_the_csrf_header(csrf_app, people, login_as):
    c = login_as(people.participant)
    body = {"program_id": people.program.id, "fields": {"narrative": LEAKY}}
    assert c.post("/cases/privacy-check", json=body).status_code == 400
    page = c.get(f"/cases/program/{people.program.id}/new").text
    import re

    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    r = c.post("/cases/privacy-check", json=body, headers={"X-CSRFToken": token})
    assert r.status_code == 200 and r.json["unresolved"] == 2


def test_edit_page_shows_findings_without_javascript(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, social_factors="Lives at 12 Oak Street with her sister.")
    page = login_as(author).get(f"/cases/{case.id}/edit").text
    assert 'id="mirror-social_factors"' in page and "<mark class=\"finding\"" in page
    assert "Dismiss with reason" in page
    assert "1 possible identifier to fix or dismiss" in page
