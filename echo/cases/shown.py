"""A case's text as one viewer may see it: the one place every adapter asks.

The rule (docs/privacy.md): text with unresolved privacy findings (neither fixed nor dismissed
by the author) is shown as written to its author only; anyone else (a coordinator in the review
queue or on the session page, a specialist reading the agenda, the room on the live board, the
summary, the API) sees each unresolved finding's span replaced by a placeholder naming its
kind. Findings the author dismissed are resolved and shown as written. Clean text is returned
unchanged, so lists of clean cases read exactly as before.

Pages use the template globals `shown_title(case)`, `shown_text(case, field)` and `shown_case(case)` (registered by the
cases blueprint, for the logged-in user); code outside a request passes the viewer.
"""
from __future__ import annotations

from flask_login import current_user

from echo.accounts.models import User
from echo.cases.models import Case
from echo.cases.privacy_check import PRIVACY_FIELDS, dismissed_by_field
from echo.cases.retention import RedactedCase
from echo.privacy import scan
from echo.privacy.redact import redact
from echo.programs.access import Viewer, viewer_of

# The case's text fields (tags are rows of their own, see shown_tags).
TEXT_FIELDS = tuple(f for f in PRIVACY_FIELDS if f != "tags")


def _is_author(case: Case, viewer: User | Viewer | None) -> bool:
    v = viewer_of(viewer)
    return v.id is not None and v.id == case.author_id


def _redacted(case: Case, values: dict[str, str]) -> dict[str, str]:
    """values with unresolved findings replaced; the dismissals are read only when the scanner
    finds something, so clean text costs no query."""
    flagged = [f for f, text in values.items() if text and scan(text)]
    if not flagged:
        return values
    dismissed = dismissed_by_field(case)
    out = dict(values)
    for field in flagged:
        out[field] = redact(values[field], dismissed.get(field, ()))[0]
    return out


def shown_text(case: Case, field: str, viewer: User | Viewer | None) -> str:
    """One text field of the case as `viewer` may see it."""
    text = getattr(case, field) or ""
    if _is_author(case, viewer):
        return text
    return _redacted(case, {field: text})[field]


def shown_title(case: Case, viewer: User | Viewer | None) -> str:
    return shown_text(case, "title", viewer)


def shown_tags(case: Case, viewer: User | Viewer | None) -> list[str]:
    tags = [t.tag for t in case.tags]
    if _is_author(case, viewer) or not any(scan(t) for t in tags):
        return tags
    dismissed = dismissed_by_field(case).get("tags", ())
    return [redact(t, dismissed)[0] for t in tags]


def shown_case(case: Case, viewer: User | Viewer | None) -> Case | RedactedCase:
    """The case with every text field as `viewer` may see it (the case itself when nothing changes)."""
    if _is_author(case, viewer):
        return case
    values = {f: getattr(case, f) or "" for f in TEXT_FIELDS}
    shown = _redacted(case, values)
    return case if shown == values else RedactedCase(case, shown)


def init_app(app) -> None:
    """Template globals for the logged-in user (current_user: anonymous counts as a non-author)."""
    app.jinja_env.globals["shown_title"] = lambda case: shown_title(case, current_user)
    app.jinja_env.globals["shown_case"] = lambda case: shown_case(case, current_user)
    app.jinja_env.globals["shown_text"] = lambda case, field: shown_text(case, field, current_user)
