"""Redaction: replace what the guard finds with a placeholder naming the kind.

Used on earlier revisions and autosaves of a submitted case (the retention rule in
docs/privacy.md), by the migration that applied the rule to text already stored, and for views
of text whose findings are unresolved by anyone but its author.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from echo.privacy import LABELS, fingerprint, scan


def placeholder(kind: str) -> str:
    return f"[{LABELS[kind].lower()} removed]"


def redact(text: str | None, dismissed: Iterable[str] = ()) -> tuple[str, int]:
    """(text with every finding not in ``dismissed`` (fingerprints) replaced, how many were)."""
    if not text:
        return text or "", 0
    keep = set(dismissed)
    found = [f for f in scan(text) if fingerprint(f) not in keep]
    out = text
    for f in reversed(found):  # from the end, so earlier offsets stay valid
        out = out[:f.start] + placeholder(f.kind) + out[f.end:]
    return out, len(found)


def redact_fields(data: Mapping, fields: Iterable[str], dismissed: Mapping[str, Iterable[str]]) -> tuple[dict, int]:
    """A copy of a case snapshot with ``fields`` redacted; a list (the tags) item by item."""
    out = dict(data)
    total = 0
    for field in fields:
        value = out.get(field)
        if isinstance(value, str):
            out[field], n = redact(value, dismissed.get(field, ()))
            total += n
        elif isinstance(value, list):
            items = []
            for item in value:
                if isinstance(item, str):
                    item, n = redact(item, dismissed.get(field, ()))
                    total += n
                items.append(item)
            out[field] = items
    return out, total
