"""The privacy guard applied to a case: findings per field, the author's dismissals.

The scanner itself is echo.privacy (scan, fingerprint). This module adds what a case
needs: which fields are scanned, which findings the author dismissed (with a reason), and
whether anything is still unresolved. A finding is resolved when the text no longer
contains it (fixed) or when it was dismissed; dismissals match by fingerprint (kind +
normalised text) within one field, so they survive edits around the span.

Reusable by the live board and the library:

    from echo.cases.privacy_check import unresolved_findings_in_text
    if unresolved_findings_in_text(text):  # -> list[Finding]
        ...refuse or ask the writer to fix...
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from flask_babel import LazyString, gettext as _, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import select

from echo.accounts import audit
from echo.core.extensions import db
from echo.cases.models import Case, PrivacyDismissal
from echo.accounts.models import User
from echo.core.errors import Invalid, NotAllowed
from echo.privacy import KINDS, Finding, fingerprint, scan
from echo.cases.visibility import may_write_as_author

# Every free-text field of a case, in form order, with the label shown to people.
PRIVACY_FIELDS: dict[str, str | LazyString] = {
    "title": _l("Short title"),
    "setting": _l("Setting"),
    "chief_concern": _l("Chief concern"),
    "history": _l("History"),
    "medications": _l("Current medications"),
    "tests": _l("Relevant tests"),
    "treatment": _l("Treatment so far"),
    "social_factors": _l("Social factors"),
    "narrative": _l("Narrative"),
    "questions": _l("Question(s) for the panel"),
    "tags": _l("Tags"),
}
REASON_MAX = 500


@dataclass(frozen=True, slots=True)
class CaseFinding:
    """A scanner finding in one field, with its fingerprint and whether it was dismissed."""

    field: str
    start: int
    end: int
    kind: str
    text: str
    label: str
    hint: str
    fingerprint: str
    dismissed: bool

    def as_dict(self) -> dict:
        return asdict(self)


def field_text(case: Case, field: str) -> str:
    if field == "tags":
        return ", ".join(t.tag for t in case.tags)
    return getattr(case, field) or ""


def findings_in_text(text: str | None, dismissed_fingerprints: Iterable[str] = (), field: str = "") -> list[CaseFinding]:
    dismissed = set(dismissed_fingerprints)
    out = []
    for f in scan(text):
        fp = fingerprint(f)
        out.append(CaseFinding(field, f.start, f.end, f.kind, f.text, f.label, f.hint, fp, fp in dismissed))
    return out


def unresolved_findings_in_text(text: str | None, dismissed_fingerprints: Iterable[str] = ()) -> list[Finding]:
    """The scanner's findings in text minus those whose fingerprint is in dismissed_fingerprints."""
    dismissed = set(dismissed_fingerprints)
    return [f for f in scan(text) if fingerprint(f) not in dismissed]


def dismissals(case: Case) -> list[PrivacyDismissal]:
    if case.id is None:
        return []
    return list(db.session.scalars(
        select(PrivacyDismissal).where(PrivacyDismissal.case_id == case.id).order_by(PrivacyDismissal.created_at, PrivacyDismissal.id)))


def dismissed_by_field(case: Case) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in dismissals(case):
        out.setdefault(d.field, set()).add(d.fingerprint)
    return out


def case_findings(case: Case, values: dict[str, str] | None = None) -> dict[str, list[CaseFinding]]:
    """Findings per scanned field (fields without findings left out).

    values: text not yet saved (the form being typed) to scan instead of the stored text.
    """
    dismissed = dismissed_by_field(case)
    out = {}
    for field in PRIVACY_FIELDS:
        text = values[field] if values is not None and field in values else field_text(case, field)
        found = findings_in_text(text, dismissed.get(field, ()), field)
        if found:
            out[field] = found
    return out


def unresolved(case: Case) -> list[CaseFinding]:
    return [f for found in case_findings(case).values() for f in found if not f.dismissed]


def check_no_unresolved(case: Case) -> None:
    """Raises Invalid when any finding is neither fixed nor dismissed (the server's check on submit)."""
    left = unresolved(case)
    if left:
        raise Invalid(ngettext(
            "Submission refused: %(num)d possible identifier still to fix or dismiss (see the highlighted text).",
            "Submission refused: %(num)d possible identifiers still to fix or dismiss (see the highlighted text).",
            len(left)), field="privacy")


def check_dismissal(case: Case, user: User, field: str, fp: str, kind: str, reason: str) -> str:
    if not may_write_as_author(user, case):
        raise NotAllowed(_("Only the author, while a member of the program, may dismiss a privacy finding."))
    if field not in PRIVACY_FIELDS:
        raise Invalid(_("Unknown field."), field="field")
    if kind not in KINDS or not fp.startswith(kind + ":") or len(fp) > 300:
        raise Invalid(_("Unknown finding."), field="fingerprint")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why this is not an identifier (for example: 'a drug name')."), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(_("Keep the reason under %(n)d characters.", n=REASON_MAX), field="reason")
    return reason


def do_dismiss(case: Case, user: User, field: str, fp: str, kind: str, reason: str) -> PrivacyDismissal:
    """Record the author's dismissal (idempotent per field and fingerprint). The caller commits."""
    reason = check_dismissal(case, user, field, fp, kind, reason)
    existing = db.session.scalar(select(PrivacyDismissal).where(
        PrivacyDismissal.case_id == case.id, PrivacyDismissal.field == field, PrivacyDismissal.fingerprint == fp))
    if existing is not None:
        existing.reason = reason
        return existing
    d = PrivacyDismissal(case_id=case.id, field=field, fingerprint=fp, kind=kind, reason=reason, user_id=user.id)
    db.session.add(d)
    # The detail holds the kind and field only: the dismissed text may be an identifier after all.
    audit.record(user, "case.privacy_dismissed", "case", case.id, case.program_id, detail=f"{field}: {kind}")
    return d


def do_undo_dismissal(case: Case, user: User, dismissal: PrivacyDismissal) -> None:
    if not may_write_as_author(user, case) or dismissal.case_id != case.id:
        raise NotAllowed(_("Only the author, while a member of the program, may undo a dismissal."))
    db.session.delete(dismissal)
    audit.record(user, "case.privacy_undismissed", "case", case.id, case.program_id, detail=f"{dismissal.field}: {dismissal.kind}")


def highlight(text: str, findings: list[CaseFinding]) -> Markup:
    """text escaped, each finding wrapped in <mark> (dismissed ones marked as such)."""
    out, pos = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        out.append(escape(text[pos:f.start]))
        cls = "finding dismissed" if f.dismissed else "finding"
        out.append(Markup('<mark class="{}" title="{}">{}</mark>').format(cls, f.label, text[f.start:f.end]))
        pos = f.end
    out.append(escape(text[pos:]))
    return Markup("").join(out)
