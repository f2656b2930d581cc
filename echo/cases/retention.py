"""What is kept of a case's earlier text, and who sees text the guard still flags.

The rule (docs/privacy.md): once a case is submitted, its earlier revisions and autosaves are
scanned with the case's dismissals and every unresolved finding's span is replaced by a
placeholder naming its kind; the revision records how many spans were replaced, and the
history page says so. Until then, and for any revision or case text with unresolved findings,
only the author sees it as written; everyone else sees it redacted.
"""
from __future__ import annotations

from sqlalchemy import select

from echo.accounts import audit
from echo.accounts.models import User
from echo.cases.models import Case, CaseRevision
from echo.cases.privacy_check import PRIVACY_FIELDS, dismissed_by_field
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.privacy.redact import redact_fields

# Key in CaseRevision.data: {"at": ISO time, "replaced": spans replaced so far}.
REDACTED_MARK = "_redacted"


def redaction_of(rev: CaseRevision) -> dict | None:
    mark = rev.data.get(REDACTED_MARK) if isinstance(rev.data, dict) else None
    return mark if isinstance(mark, dict) else None


def do_redact_history(case: Case, user: User | None) -> int:
    """Redact every stored revision of ``case`` (autosaves included); returns the spans replaced.

    Called when the case is submitted; the caller commits."""
    dismissed = dismissed_by_field(case)
    total = 0
    revs = db.session.scalars(select(CaseRevision).where(CaseRevision.case_id == case.id))
    for rev in revs:
        if not isinstance(rev.data, dict):
            continue
        data, n = redact_fields(rev.data, PRIVACY_FIELDS, dismissed)
        if not n:
            continue
        before = redaction_of(rev) or {}
        data[REDACTED_MARK] = {"at": utcnow().isoformat(), "replaced": int(before.get("replaced", 0)) + n}
        rev.data = data  # a new dict, so the JSON column is written
        total += n
    if total:
        audit.record(user, "case.history_redacted", "case", case.id, case.program_id, detail=f"{total} spans replaced")
    return total


def shown_fields(case: Case, data: dict, viewer: User) -> dict:
    """A snapshot as ``viewer`` may see it: as written for the author, redacted for anyone else."""
    if viewer is not None and viewer.id == case.author_id:
        return data
    return redact_fields(data, PRIVACY_FIELDS, dismissed_by_field(case))[0]


class RedactedCase:
    """A case whose text fields read redacted; every other attribute is the case's own.

    For pages that show a case with unresolved findings to someone other than its author (a
    coordinator opening a returned case while the author edits it); echo.cases.shown makes it."""

    def __init__(self, case: Case, fields: dict):
        self._case = case
        self._fields = fields

    def __getattr__(self, name: str):
        if name in self._fields:
            return self._fields[name]
        return getattr(self._case, name)

