"""Publishing cases to the library, taking them out, rebuilding the index. No Flask (only Flask-Babel's gettext for messages, which needs no request).

    check_publish(case, user)   -> raises NotAllowed / Conflict / Invalid (privacy findings)
    do_publish(case, user)      -> LibraryDocument (state -> published; the caller commits)
    do_unpublish(case, user)    -> None (state -> summarised, entry deleted; the caller commits)
    rebuild()                   -> number of entries (every published case written afresh)

A library entry is a snapshot of the de-identified presentation (structured fields, no
exact age, no presenter unless they agreed to be named), the question(s), the
recommendations (hub/spoke, category; no authors), the summary and the follow-ups. The
library reads only the snapshot, so nothing else of the case can leak into it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from sqlalchemy import select, text

from echo.core.extensions import db
from echo.cases.models import Case, CaseState, PrivacyDismissal
from echo.library.models import LibraryDocument, SavedCase
from echo.live.categories import rank as category_rank
from echo.live.models import Recommendation
from echo.summaries.models import Summary
from echo.programs.models import Role
from echo.accounts.models import User
from echo.core.types import utcnow
from echo.cases import visibility
from echo.programs.access import has_role
from echo.core.errors import Conflict, Invalid, NotAllowed, NotFound
from echo.cases.lifecycle import check_transition, do_transition
from echo.privacy import fingerprint, scan
from echo.cases.privacy_check import PRIVACY_FIELDS, unresolved
from echo.cases.shown import shown_case, shown_tags
from echo.privacy.redact import placeholder

# Structured presentation fields, in the order the case page shows them.
PRESENTATION_FIELDS = [
    ("chief_concern", "Chief concern"),
    ("history", "History"),
    ("medications", "Current medications"),
    ("tests", "Relevant tests"),
    ("treatment", "Treatment so far"),
    ("social_factors", "Social factors"),
    ("narrative", "Narrative"),
]
# The same headings as shown to a reader, in the reader's language; the snapshot keeps the
# English ones above (it is data: the API returns it as it was published).
PRESENTATION_LABELS = {key: PRIVACY_FIELDS[key] for key, _english in PRESENTATION_FIELDS}
INSTRUMENTS = [("phq9", "PHQ-9"), ("gad7", "GAD-7"), ("auditc", "AUDIT-C")]


@dataclass(frozen=True)
class LibraryFinding:
    where: str   # a case field name, "recommendation:<id>", "summary" or "follow_up"
    kind: str
    label: str
    text: str


# --- privacy ------------------------------------------------------------------------------

def _dismissed(case: Case) -> set[str]:
    return set(db.session.scalars(select(PrivacyDismissal.fingerprint).where(PrivacyDismissal.case_id == case.id)))


def _recommendations(case: Case) -> list[Recommendation]:
    return list(db.session.scalars(
        select(Recommendation).where(Recommendation.case_id == case.id, Recommendation.withdrawn.is_(False))
        .order_by(Recommendation.created_at, Recommendation.id)))


def _summary(case: Case) -> Summary | None:
    return db.session.scalar(select(Summary).where(Summary.case_id == case.id))


def library_findings(case: Case) -> list[LibraryFinding]:
    """Unresolved privacy findings in everything the library entry would hold."""
    dismissed = _dismissed(case)
    out = [LibraryFinding(f.field, f.kind, f.label, f.text) for f in unresolved(case)]
    texts = [(f"recommendation:{r.id}", r.text) for r in _recommendations(case)]
    s = _summary(case)
    if s is not None:
        texts += [("summary", s.text), ("follow_up", s.follow_up)]
    for where, t in texts:
        for f in scan(t):
            if fingerprint(f) not in dismissed:
                out.append(LibraryFinding(where, f.kind, f.label, f.text))
    return out


# --- publish / unpublish ------------------------------------------------------------------

def check_publisher(case: Case, user: User | None) -> None:
    """Publishing and unpublishing are the case's program's coordinators' (and site admins'),
    in every state: anyone else is refused before the state machine names the case's state."""
    if not has_role(user, case.program, Role.coordinator):
        raise NotAllowed(_("Only this program's coordinators publish its cases."))


def check_publish(case: Case, user: User) -> list[LibraryFinding]:
    """Who (a coordinator of the case's program), state (summarised), and the last privacy check."""
    check_publisher(case, user)
    check_transition(case, CaseState.published, user)
    findings = library_findings(case)
    if findings:
        n = len(findings)
        raise Invalid(ngettext("Publishing refused: %(num)d possible identifier still to fix or dismiss.",
                               "Publishing refused: %(num)d possible identifiers still to fix or dismiss.", n), field="privacy")
    return findings


def do_publish(case: Case, user: User) -> LibraryDocument:
    check_publish(case, user)
    do_transition(case, CaseState.published, user)
    doc = write_document(case)
    if case.parent_id:
        parent = db.session.get(Case, case.parent_id)
        if parent is not None and parent.state == CaseState.published:
            write_document(parent)
    return doc


def check_unpublish(case: Case, user: User) -> None:
    check_publisher(case, user)
    check_transition(case, CaseState.summarised, user)
    # The state machine also leads from presented to summarised (sending the summary): only a
    # published case is unpublished.
    if case.state != CaseState.published:
        raise Conflict(_("A case that is %(state)s is not in the library.", state=case.state.value))


def do_unpublish(case: Case, user: User) -> None:
    check_unpublish(case, user)
    do_transition(case, CaseState.summarised, user)
    doc = document_for_case(case.id)
    if doc is not None:
        db.session.delete(doc)
    db.session.flush()
    if case.parent_id:
        parent = db.session.get(Case, case.parent_id)
        if parent is not None and parent.state == CaseState.published:
            write_document(parent)


def document_for_case(case_id: int) -> LibraryDocument | None:
    return db.session.scalar(select(LibraryDocument).where(LibraryDocument.case_id == case_id))


def check_visible_document(user: User, case_id: int) -> tuple[LibraryDocument, Case]:
    """The library entry of a published case this user may read (the page and the API alike)."""
    from echo.library.search.engine import can_view_document  # search imports the models this module builds on

    doc = document_for_case(case_id)
    case = db.session.get(Case, case_id)
    if doc is None or case is None or case.state != CaseState.published:
        raise NotFound(_("This case is not in the library (it may have been unpublished)."))
    if not can_view_document(user, doc):
        raise NotAllowed(_("This case belongs to an invite-only program."))
    return doc, case


def preview_as_shown(case: Case, viewer: User) -> tuple[dict, list[LibraryFinding]]:
    """The publish page's preview and findings as `viewer` may see them: the case's text with
    unresolved findings redacted for anyone but its author (echo.cases.shown), and a finding in
    the case's text named by its kind only. Text the panel wrote (recommendations, summary) is
    the coordinator's to read and fix, so its findings keep their text."""
    preview = snapshot(case)
    shown = shown_case(case, viewer)
    preview.update(title=shown.title, setting=shown.setting, questions=shown.questions or "", tags=shown_tags(case, viewer))
    for item in preview["presentation"]:
        item["text"] = getattr(shown, item["field"]) or ""
    findings = library_findings(case) if case.state == CaseState.summarised else []
    if case.author_id != getattr(viewer, "id", None):  # the author reads their own text as written
        findings = [replace(f, text=placeholder(f.kind)) if f.where in PRIVACY_FIELDS else f for f in findings]
    return preview, findings


# --- the snapshot -------------------------------------------------------------------------

def snapshot(case: Case) -> dict:
    """Exactly what the library shows of a case (JSON-ready)."""
    recs = _recommendations(case)
    s = _summary(case)
    children = db.session.scalars(
        select(Case).where(Case.parent_id == case.id, Case.state == CaseState.published).order_by(Case.published_at, Case.id)).all()
    follow_ups = []
    for ch in children:
        cs = _summary(ch)
        follow_ups.append({"case_id": ch.id, "title": ch.title, "published_at": _iso(ch.published_at),
                           "summary": cs.text if cs else ""})
    return {
        "title": case.title,
        "age_band": case.age_band,
        "sex": case.sex,
        "setting": case.setting,
        "presentation": [{"field": f, "label": label, "text": getattr(case, f) or ""}
                         for f, label in PRESENTATION_FIELDS if (getattr(case, f) or "").strip()],
        "screening": [{"instrument": k, "label": label, "score": getattr(case, k)} for k, label in INSTRUMENTS
                      if getattr(case, k) is not None],
        "questions": case.questions or "",
        "tags": [t.tag for t in case.tags],
        "recommendations": [
            {"source": r.source, "category": r.category, "text": r.text, "consensus": bool(r.consensus)}
            for r in sorted(recs, key=lambda r: (category_rank(r.category), r.source != "hub", r.created_at, r.id))
        ],
        "summary": s.text if s else "",
        "follow_up": s.follow_up if s else "",
        "follow_ups": follow_ups,
        "parent_case_id": case.parent_id,
        "presented_at": _iso(case.presented_at),
    }


def _iso(dt) -> str | None:
    return dt.isoformat() if dt else None


def write_document(case: Case) -> LibraryDocument:
    """Create or refresh the library entry of a published case (the caller commits)."""
    if case.state != CaseState.published:
        raise Conflict(_("Only a published case has a library entry."))
    data = snapshot(case)
    doc = document_for_case(case.id) or LibraryDocument(case_id=case.id)
    published = case.published_at or utcnow()
    doc.program_id = case.program_id
    doc.title = data["title"] or ""
    doc.presentation = "\n".join(
        [x for x in (case.age_band, case.sex, case.setting) if x]
        + [p["text"] for p in data["presentation"]]
        + [f"{s['label']} {s['score']}" for s in data["screening"]]
    )
    doc.questions = data["questions"]
    doc.recommendations = "\n".join(r["text"] for r in data["recommendations"])
    doc.summary = data["summary"]
    doc.follow_ups = "\n".join([data["follow_up"]] + [f"{f['title']}\n{f['summary']}" for f in data["follow_ups"]]).strip()
    doc.tags = "\n".join(dict.fromkeys(t.strip().lower() for t in data["tags"] if t.strip()))
    doc.topic = case.program.topic if case.program else ""
    doc.language = (case.program.language if case.program else None) or "en"
    doc.age_band = case.age_band or ""
    doc.sex = case.sex or ""
    doc.year = published.year
    doc.instruments = "\n".join(s["instrument"] for s in data["screening"])
    doc.categories = "\n".join(dict.fromkeys(r["category"] for r in data["recommendations"]))
    doc.presenter_name = (case.author.name if case.presenter_named and case.author else "")[:120]
    doc.data = data
    doc.published_at = published
    doc.indexed_at = utcnow()
    db.session.add(doc)
    db.session.flush()
    return doc


def rebuild() -> int:
    """Write every published case's entry afresh, drop entries of unpublished ones, rebuild the index."""
    published = db.session.scalars(select(Case).where(Case.state == CaseState.published).order_by(Case.id)).all()
    keep = set()
    for case in published:
        keep.add(write_document(case).id)
    for doc in db.session.scalars(select(LibraryDocument)).all():
        if doc.id not in keep:
            db.session.delete(doc)
    db.session.flush()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("INSERT INTO library_fts(library_fts) VALUES ('rebuild')"))
    else:
        db.session.execute(text("REINDEX INDEX library_fts_idx"))
    db.session.commit()
    return len(keep)


# --- saved lists --------------------------------------------------------------------------

def is_saved(user: User, case_id: int) -> bool:
    return db.session.scalar(select(SavedCase.id).where(SavedCase.user_id == user.id, SavedCase.case_id == case_id)) is not None


def do_save(user: User, doc: LibraryDocument) -> SavedCase:
    existing = db.session.scalar(select(SavedCase).where(SavedCase.user_id == user.id, SavedCase.case_id == doc.case_id))
    if existing is not None:
        return existing
    s = SavedCase(user_id=user.id, case_id=doc.case_id)
    db.session.add(s)
    return s


def do_unsave(user: User, case_id: int) -> None:
    existing = db.session.scalar(select(SavedCase).where(SavedCase.user_id == user.id, SavedCase.case_id == case_id))
    if existing is None:
        raise NotFound(_("That case is not in your list."))
    db.session.delete(existing)


def saved_documents(user: User) -> list[tuple[SavedCase, LibraryDocument]]:
    """The user's saved cases that are still published (any that were unpublished are left out)."""
    rows = db.session.execute(
        select(SavedCase, LibraryDocument).join(LibraryDocument, LibraryDocument.case_id == SavedCase.case_id)
        .where(SavedCase.user_id == user.id).order_by(SavedCase.created_at.desc(), SavedCase.id.desc())).all()
    return [(r[0], r[1]) for r in rows]


def record_view(user: User, case: Case) -> None:
    """A library entry is case text: audited like every view (once per viewer and case here)."""
    visibility.record_view(user, case, None, how="library")
