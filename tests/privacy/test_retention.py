"""Nothing identifying is kept: on submission earlier revisions and autosaves are redacted, the
history says so, text with unresolved findings is shown as written to its author only, and the
migration applies the same rule to what was stored before."""
import importlib.util
from datetime import timedelta

from alembic.migration import MigrationContext
from alembic.operations import Operations

from echo import ROOT
from echo.accounts.models import AuditLog
from echo.cases.models import Case, CaseRevision
from echo.cases.models import CaseState as S
from echo.cases.operations import AUTOSAVE_MARK, snapshot
from echo.cases.retention import REDACTED_MARK
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.privacy import fingerprint, scan
from echo.privacy.redact import redact
from tests.factories import CLEAN_NARRATIVE
from tests.factories import make_clean_case as make_case
from tests.helpers import CASE_FORM as GOOD

LEAKY = "Maria Gonzalez was admitted on March 3, 2024 with low mood."
CLEAN = "The patient was admitted this spring with low mood."


def _revisions(case):
    db.session.expire_all()
    return db.session.query(CaseRevision).filter_by(case_id=case.id).order_by(CaseRevision.version).all()


def _save(client, case, version, action="save", **changes):
    return client.post(f"/cases/{case.id}/edit", data={**GOOD, **changes, "version": str(version), "action": action})


def test_redact_replaces_each_unresolved_span_with_its_kind():
    text, n = redact(LEAKY)
    assert n == 2 and "Maria" not in text and "March 3" not in text
    assert text == "[person name removed] was admitted on [date (more specific than a year) removed] with low mood."
    name = fingerprint(next(f for f in scan(LEAKY) if f.kind == "name"))
    kept, n = redact(LEAKY, [name])
    assert n == 1 and kept.startswith("Maria Gonzalez was admitted on [date")
    assert redact("") == ("", 0) and redact(None) == ("", 0)


def test_submission_redacts_earlier_revisions_and_autosaves(people, login_as):
    author = people.participant
    case = make_case(people.program, author)
    c = login_as(author)
    assert _save(c, case, 1, narrative=LEAKY).status_code == 303
    auto = c.post(f"/cases/{case.id}/autosave", json={"version": 2, "fields": {"history": "Lives in Jacmel; phone 505-555-0143."}})
    assert auto.status_code == 200
    autosaved = _revisions(case)[-1]
    assert AUTOSAVE_MARK in autosaved.data and "505-555-0143" in autosaved.data["history"]
    # A run of autosaves that began long ago: the next save adds a revision instead of rewriting it.
    autosaved.data = {**autosaved.data, AUTOSAVE_MARK: {"since": (utcnow() - timedelta(hours=1)).isoformat()}}
    db.session.commit()
    db.session.expire_all()
    r = _save(c, case, case.version, action="submit", narrative=CLEAN, history="Two prior episodes.")
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(Case, case.id).state == S.submitted
    revs = _revisions(case)
    stored = " ".join(str(r.data) for r in revs)
    assert "Maria" not in stored and "March 3" not in stored and "505-555-0143" not in stored
    assert "[person name removed] was admitted" in stored
    marked = [r for r in revs if REDACTED_MARK in r.data]
    assert len(marked) == 2 and all(r.data[REDACTED_MARK]["replaced"] >= 1 for r in marked)
    assert REDACTED_MARK not in revs[-1].data  # the submitted text had nothing to remove
    entry = db.session.query(AuditLog).filter_by(action="case.history_redacted", object_id=case.id).one()
    assert "Maria" not in entry.detail
    # The history says so, for the author and the coordinators alike.
    page = login_as(people.coordinator).get(f"/cases/{case.id}/revisions").text
    assert "redacted: 2 identifiers removed" in page
    one = c.get(f"/cases/{case.id}/revisions/{marked[0].version}").text
    assert "Redacted when the case was submitted" in one and "Maria" not in one


def test_dismissed_findings_survive_the_redaction(people, login_as):
    author = people.participant
    case = make_case(people.program, author, narrative="Started on Zyprexa Relprevv in clinic.")
    c = login_as(author)
    found = [f for f in scan(case.narrative)]
    for f in found:
        r = c.post(f"/cases/{case.id}/dismissals", data={"field": "narrative", "fingerprint": fingerprint(f), "kind": f.kind,
                                                           "reason": "a drug name"})
        assert r.status_code in (200, 303)
    assert _save(c, case, 1, narrative=case.narrative, action="submit").status_code == 303
    assert all("Zyprexa Relprevv" in r.data["narrative"] and REDACTED_MARK not in r.data for r in _revisions(case))


def test_text_with_unresolved_findings_is_shown_to_its_author_only(people, login_as):
    author, coordinator = people.participant, people.coordinator
    case = make_case(people.program, author, state=S.returned, return_reason="Add the labs.")
    db.session.add(CaseRevision(case_id=case.id, version=2, editor_id=author.id,
                                data={**snapshot(case), "narrative": LEAKY}))
    case.narrative, case.version = LEAKY, 2
    db.session.commit()
    mine = login_as(author).get(f"/cases/{case.id}").text
    assert "Maria Gonzalez" in mine
    theirs = login_as(coordinator)
    page = theirs.get(f"/cases/{case.id}").text
    assert "Maria Gonzalez" not in page and "March 3, 2024" not in page and "[person name removed]" in page
    assert "shown to the author only until resolved" in page
    rev = theirs.get(f"/cases/{case.id}/revisions/2").text
    assert "Maria Gonzalez" not in rev and "[person name removed]" in rev
    assert "Maria Gonzalez" in login_as(author).get(f"/cases/{case.id}/revisions/2").text


def _load_migration():
    path = ROOT / "migrations" / "versions" / "0009_privacy_redact.py"
    spec = importlib.util.spec_from_file_location("m0009", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_redacts_what_is_already_stored(people):
    author = people.participant
    submitted = make_case(people.program, author, state=S.accepted, narrative=CLEAN_NARRATIVE)
    submitted.submitted_at = utcnow()
    draft = make_case(people.program, author, narrative=LEAKY)
    old = CaseRevision(case_id=submitted.id, version=1, editor_id=author.id, data={"narrative": LEAKY, "tags": ["Gallup Indian Medical Center"]},
                       created_at=utcnow().replace(year=2020))
    kept = CaseRevision(case_id=draft.id, version=1, editor_id=author.id, data={"narrative": LEAKY, "tags": []})
    db.session.add_all([old, kept])
    db.session.commit()
    module = _load_migration()
    assert module.down_revision == "0008_case_view_audit"
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        module.upgrade()
    db.session.expire_all()
    old, kept = db.session.get(CaseRevision, old.id), db.session.get(CaseRevision, kept.id)
    assert "Maria" not in old.data["narrative"] and old.data[REDACTED_MARK]["replaced"] == 3
    assert old.data["tags"] == ["[hospital or clinic name removed]"]
    assert kept.data["narrative"] == LEAKY  # never submitted: the author's draft, seen by no one else
