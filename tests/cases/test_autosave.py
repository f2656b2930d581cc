"""Autosave of case drafts (POST JSON /cases/<id>/autosave and /cases/program/<id>/autosave):
the same rules as Save draft (author only, draft or returned only, same validation, same version
check), bad values left out and reported while the rest is saved, revisions coalesced, CSRF
required, JSON errors, no case text in the logs."""
import logging
import re
from datetime import timedelta

import pytest

from echo.accounts.models import AuditLog
from echo.cases.models import Case, CaseRevision
from echo.cases.models import CaseState as S
from echo.cases.operations import AUTOSAVE_MARK
from echo.core.extensions import db
from echo.core.types import utcnow
from tests.factories import make_clean_case
from tests.helpers import CASE_FORM

LEAKY = "Maria Gonzalez was admitted on March 3, 2024 with low mood."
KEY = "k" * 24  # a new-case page's form key


def _autosave(client, case, version, **fields):
    return client.post(f"/cases/{case.id}/autosave", json={"version": version, "fields": fields})


def _revisions(case):
    db.session.expire_all()
    return db.session.query(CaseRevision).filter_by(case_id=case.id).order_by(CaseRevision.version).all()


# --- saving -----------------------------------------------------------------------------------

def test_autosave_saves_the_draft_and_returns_the_version_and_findings(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, title="Old title")
    c = login_as(author)
    r = _autosave(c, case, 1, narrative=LEAKY, history="Two prior episodes.")
    assert r.status_code == 200 and r.json["ok"] is True
    assert r.json["version"] == 2 and r.json["case_id"] == case.id and r.json["errors"] == {}
    assert r.json["saved_at"]
    # The findings of the saved text, with offsets, so the page keeps its highlight current.
    found = r.json["privacy"]["fields"]["narrative"]
    assert {f["kind"] for f in found} == {"name", "date"} and r.json["privacy"]["unresolved"] == 2
    name = next(f for f in found if f["kind"] == "name")
    assert LEAKY[name["start"]:name["end"]] == "Maria Gonzalez"
    db.session.expire_all()
    assert (case.narrative, case.history, case.version, case.state) == (LEAKY, "Two prior episodes.", 2, S.draft)
    # Inputs the page did not send are left as they were.
    assert case.title == "Old title"


def test_every_input_of_the_form_is_saved_like_save_draft(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author)
    fields = {k: v for k, v in CASE_FORM.items()}
    r = _autosave(login_as(author), case, 1, **fields, presenter_named=True)
    assert r.status_code == 200 and r.json["errors"] == {}
    db.session.expire_all()
    assert (case.age, case.age_band, case.phq9, case.gad7, case.auditc, case.sex) == (45, "40-49", 18, 9, 2, "female")
    assert [t.tag for t in case.tags] == ["depression", "insomnia"] and case.presenter_named is True


def test_a_returned_case_is_autosaved_too(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, state=S.returned, return_reason="Add the question.")
    r = _autosave(login_as(author), case, 1, questions="Switch or augment?")
    assert r.status_code == 200
    db.session.expire_all()
    assert case.questions == "Switch or augment?" and case.state == S.returned


def test_the_normal_save_after_an_autosave_carries_on_from_its_version(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author)
    c = login_as(author)
    version = _autosave(c, case, 1, narrative="Autosaved text").json["version"]
    r = c.post(f"/cases/{case.id}/edit", data={**CASE_FORM, "narrative": "Saved by hand", "version": str(version), "action": "save"})
    assert r.status_code == 303
    db.session.expire_all()
    assert case.narrative == "Saved by hand" and case.version == version + 1


# --- bad values: the rest is saved, the bad input is reported and left as it was ----------------

@pytest.mark.parametrize("field,value,message", [
    ("phq9", "28", "PHQ-9 is scored 0 to 27"),
    ("gad7", "lots", "Not a valid integer"),
    ("age", "130", "0 to 120"),
    ("tags", "a" * 50, "under 40 characters"),
    ("narrative", "x" * 20001, "under 20000 characters"),
    ("sex", "dragon", "Not a valid choice"),
])
def test_a_bad_value_is_reported_and_everything_else_is_saved(people, login_as, field, value, message):
    author = people.participant
    case = make_clean_case(people.program, author, phq9=10, gad7=5, age=45, age_band="40-49", narrative="Old narrative", sex="female")
    before = {f: getattr(case, f) for f in ("phq9", "gad7", "age", "age_band", "narrative", "sex")}
    fields = {"history": "New history kept", field: value}
    r = _autosave(login_as(author), case, 1, **fields)
    assert r.status_code == 200
    assert list(r.json["errors"]) == [field] and message in " ".join(r.json["errors"][field])
    db.session.expire_all()
    assert case.history == "New history kept" and case.version == 2
    assert {f: getattr(case, f) for f in before} == before  # the saved value is not replaced by a bad one


# --- refusals ---------------------------------------------------------------------------------

def test_a_stale_version_gets_409_and_nothing_is_overwritten(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, narrative="Original")
    tab1, tab2 = login_as(author), login_as(author)
    assert _autosave(tab1, case, 1, narrative="From tab one").status_code == 200
    r = _autosave(tab2, case, 1, narrative="From tab two")
    assert r.status_code == 409 and r.json["ok"] is False
    assert "changed elsewhere" in r.json["error"]["message"] and "Nothing was overwritten" in r.json["error"]["message"]
    assert r.json["error"]["version"] == 2 and r.json["error"]["view_url"] == f"/cases/{case.id}"
    db.session.expire_all()
    assert case.narrative == "From tab one" and case.version == 2


@pytest.mark.parametrize("who", ["coordinator", "specialist", "outsider", "admin", "other_participant"])
def test_only_the_author_may_autosave(people, login_as, who):
    from tests.factories import add_member, make_user

    case = make_clean_case(people.program, people.participant, narrative="Original")
    if who == "other_participant":
        user = make_user("Pat Other")
        add_member(people.program, user, "participant")
    else:
        user = people.user(who)
    r = _autosave(login_as(user), case, 1, narrative="Not mine")
    assert r.status_code == 403 and r.json["ok"] is False
    db.session.expire_all()
    assert case.narrative == "Original" and case.version == 1


@pytest.mark.parametrize("state", [S.submitted, S.accepted, S.presented, S.published])
def test_a_case_that_is_not_editable_is_not_autosaved(people, login_as, state):
    case = make_clean_case(people.program, people.participant, state=state, narrative="Original")
    r = _autosave(login_as(people.participant), case, 1, narrative="Late edit")
    assert r.status_code == 409 and f"This case is {state.value} and cannot be edited now" in r.json["error"]["message"]
    db.session.expire_all()
    assert case.narrative == "Original" and case.version == 1


def test_logged_out_gets_json_401_not_the_login_page(people, client):
    case = make_clean_case(people.program, people.participant, narrative="Original")
    r = _autosave(client, case, 1, narrative="Anonymous")
    assert r.status_code == 401 and r.is_json and "logged out" in r.json["error"]["message"]
    db.session.expire_all()
    assert case.narrative == "Original"


@pytest.mark.parametrize("body,status", [
    ({"version": 1, "fields": {"password": "x"}}, 400),
    ({"version": 1, "fields": {"narrative": 3}}, 400),
    ({"version": 1, "fields": {"presenter_named": "yes"}}, 400),
    ({"version": 1, "fields": {}}, 400),
    ({"version": "1", "fields": {"narrative": "x"}}, 400),
    ({"fields": {"narrative": "x"}}, 400),
    ("not an object", 400),
])
def test_malformed_bodies_are_refused(people, login_as, body, status):
    case = make_clean_case(people.program, people.participant, narrative="Original")
    r = login_as(people.participant).post(f"/cases/{case.id}/autosave", json=body)
    assert r.status_code == status and r.json["ok"] is False
    db.session.expire_all()
    assert case.narrative == "Original" and case.version == 1


def test_unknown_case_is_404_json(people, login_as):
    r = login_as(people.participant).post("/cases/98765/autosave", json={"version": 1, "fields": {"narrative": "x"}})
    assert r.status_code == 404 and r.json["ok"] is False


def test_without_the_csrf_token_it_is_refused(csrf_app, people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author, narrative="Original")
    c = login_as(author)
    r = c.post(f"/cases/{case.id}/autosave", json={"version": 1, "fields": {"narrative": "Forged"}},
               headers={"Accept": "application/json"})
    assert r.status_code == 400 and "expired or was sent from elsewhere" in r.json["error"]["message"]
    db.session.expire_all()
    assert case.narrative == "Original" and case.version == 1
    token = re.search(r'data-csrf="([^"]+)"', c.get(f"/cases/{case.id}/edit").text).group(1)
    r = c.post(f"/cases/{case.id}/autosave", json={"version": 1, "fields": {"narrative": "Mine"}}, headers={"X-CSRFToken": token})
    assert r.status_code == 200
    db.session.expire_all()
    assert case.narrative == "Mine"


# --- revisions: coalesced, never flooded --------------------------------------------------------

def test_autosaves_share_one_revision_per_ten_minutes_and_manual_saves_are_kept(people, login_as):
    author = people.participant
    c = login_as(author)
    assert c.post(f"/cases/program/{people.program.id}/new", data={**CASE_FORM, "narrative": "Typed by hand", "action": "save"}).status_code == 303
    case = db.session.query(Case).one()
    for v, text in ((1, "a"), (2, "ab"), (3, "abc")):
        assert _autosave(c, case, v, narrative=text).status_code == 200
    revs = _revisions(case)
    assert [(r.version, r.data["narrative"], AUTOSAVE_MARK in r.data) for r in revs] == [(1, "Typed by hand", False), (4, "abc", True)]
    # The revision pages follow: the coalesced one is listed as autosaved and opens at its version.
    listing = c.get(f"/cases/{case.id}/revisions").text
    assert "Version 4" in listing and "<span class=\"tag\">autosaved</span>" in listing and "Version 2" not in listing
    assert "abc" in c.get(f"/cases/{case.id}/revisions/4").text

    # Save draft right after: it takes over the recent autosave revision and makes it a fixed one.
    r = c.post(f"/cases/{case.id}/edit", data={**CASE_FORM, "narrative": "abcd", "version": "4", "action": "save"})
    assert r.status_code == 303
    revs = _revisions(case)
    assert [(r.version, r.data["narrative"], AUTOSAVE_MARK in r.data) for r in revs] == [(1, "Typed by hand", False), (5, "abcd", False)]

    # The next autosave starts a new autosave revision; a hand-saved one is never rewritten.
    _autosave(c, case, 5, narrative="abcde")
    revs = _revisions(case)
    assert [(r.version, AUTOSAVE_MARK in r.data) for r in revs] == [(1, False), (5, False), (6, True)]

    # Ten minutes into a run of autosaves, the next one starts another revision.
    run = revs[-1]
    run.data = {**run.data, AUTOSAVE_MARK: {"since": (utcnow() - timedelta(minutes=11)).isoformat()}}
    db.session.commit()
    _autosave(c, case, 6, narrative="abcdef")
    revs = _revisions(case)
    assert [(r.version, r.data["narrative"]) for r in revs] == [(1, "Typed by hand"), (5, "abcd"), (6, "abcde"), (7, "abcdef")]


# --- a new case: the first autosave creates the draft -----------------------------------------

def test_the_first_autosave_of_a_new_case_creates_the_draft_and_a_retry_does_not_make_a_second(people, login_as):
    author, program = people.participant, people.program
    c = login_as(author)
    r = c.post(f"/cases/program/{program.id}/autosave", json={"form_key": KEY, "fields": {"narrative": "First words", "phq9": "99"}})
    assert r.status_code == 201 and r.json["version"] == 1
    case_id = r.json["case_id"]
    assert r.json["urls"]["edit"] == f"/cases/{case_id}/edit" and r.json["urls"]["autosave"] == f"/cases/{case_id}/autosave"
    assert "phq9" in r.json["errors"]
    case = db.session.get(Case, case_id)
    assert (case.author_id, case.program_id, case.state, case.narrative, case.phq9) == (author.id, program.id, S.draft, "First words", None)

    # The reply was lost on a bad connection and the page sends again with the same form key.
    r = c.post(f"/cases/program/{program.id}/autosave", json={"form_key": KEY, "fields": {"narrative": "First words, more"}})
    assert r.status_code == 200 and r.json["case_id"] == case_id and r.json["version"] == 2
    assert db.session.query(Case).count() == 1
    db.session.expire_all()
    assert case.narrative == "First words, more"
    # The audit log records the creation, without the text.
    entry = db.session.query(AuditLog).filter_by(action="case.created", object_id=case_id).one()
    assert "First words" not in entry.detail

    # Another page (another form key) makes another case.
    r = c.post(f"/cases/program/{program.id}/autosave", json={"form_key": "z" * 24, "fields": {"narrative": "Other"}})
    assert r.status_code == 201 and r.json["case_id"] != case_id


def test_a_retried_create_never_overwrites_later_edits(people, login_as):
    author, program = people.participant, people.program
    c = login_as(author)
    case_id = c.post(f"/cases/program/{program.id}/autosave", json={"form_key": KEY, "fields": {"narrative": "v1"}}).json["case_id"]
    case = db.session.get(Case, case_id)
    assert _autosave(c, case, 1, narrative="Edited on the edit page").status_code == 200
    r = c.post(f"/cases/program/{program.id}/autosave", json={"form_key": KEY, "fields": {"narrative": "Stale retry"}})
    assert r.status_code == 409 and r.json["error"]["view_url"] == f"/cases/{case_id}"
    db.session.expire_all()
    assert case.narrative == "Edited on the edit page"


@pytest.mark.parametrize("who", ["specialist", "learner", "outsider", "admin"])
def test_only_participants_and_coordinators_start_a_case_by_autosave(people, login_as, who):
    r = login_as(people.user(who)).post(f"/cases/program/{people.program.id}/autosave", json={"form_key": KEY, "fields": {"narrative": "x"}})
    assert r.status_code == 403
    assert db.session.query(Case).count() == 0


@pytest.mark.parametrize("key", [None, "short", "has spaces in it, quite a few", "x" * 65])
def test_a_new_case_autosave_needs_a_form_key(people, login_as, key):
    r = login_as(people.participant).post(f"/cases/program/{people.program.id}/autosave", json={"form_key": key, "fields": {"narrative": "x"}})
    assert r.status_code == 400 and r.json["error"]["field"] == "form_key"
    assert db.session.query(Case).count() == 0


# --- the page ---------------------------------------------------------------------------------

def test_the_form_tells_the_script_where_to_save_and_has_a_polite_status(people, login_as):
    author = people.participant
    case = make_clean_case(people.program, author)
    c = login_as(author)
    edit = c.get(f"/cases/{case.id}/edit").text
    assert f'data-autosave-url="/cases/{case.id}/autosave"' in edit and "data-saved-at=" in edit and "data-unsaved" not in edit
    assert re.search(r'<p id="autosave-status"[^>]*role="status" aria-live="polite"', edit)
    assert re.search(r'src="/static/js/autosave\.[0-9a-f]{12}\.js"', edit)  # content-hashed name
    new = c.get(f"/cases/program/{people.program.id}/new").text
    assert f'data-autosave-url="/cases/program/{people.program.id}/autosave"' in new
    assert re.search(r'data-form-key="[A-Za-z0-9_-]{16,64}"', new)
    # A form shown again after a refused save holds text the server does not have.
    refused = c.post(f"/cases/{case.id}/edit", data={**CASE_FORM, "phq9": "30", "version": "1", "action": "save"})
    assert refused.status_code == 400 and 'data-unsaved="1"' in refused.text


# --- logs -------------------------------------------------------------------------------------

def test_autosave_logs_no_case_text(people, login_as, caplog):
    mark = "Zanzibarquokka"
    caplog.set_level(logging.DEBUG)
    author = people.participant
    case = make_clean_case(people.program, author)
    c = login_as(author)
    _autosave(c, case, 1, narrative=f"Seen with {mark}", phq9=f"{mark}")
    _autosave(c, case, 1, narrative=f"Stale {mark}")  # 409
    login_as(people.coordinator).post(f"/cases/{case.id}/autosave", json={"version": 2, "fields": {"narrative": mark}})  # 403
    c.post(f"/cases/program/{people.program.id}/autosave", json={"form_key": KEY, "fields": {"title": mark}})
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert mark not in logged
