"""The privacy findings of text being typed, as the case form's script renders them.

Shared by the privacy check and the autosave reply, so both give the page the same shape.
"""
from __future__ import annotations

from echo.cases import privacy_check as cp
from echo.cases.models import Case

# Scanning is linear but not free: text beyond this is left to the next full save.
SCAN_MAX = 60000


def findings_json(fields: dict[str, str], case: Case | None) -> dict:
    """{"fields": {name: [finding dict, ...]}, "unresolved": n}; the case's dismissals applied."""
    dismissed = cp.dismissed_by_field(case) if case is not None else {}
    out = {f: [x.as_dict() for x in cp.findings_in_text(text, dismissed.get(f, ()), f)] for f, text in fields.items()}
    unresolved = sum(1 for found in out.values() for x in found if not x["dismissed"])
    return {"fields": out, "unresolved": unresolved}
