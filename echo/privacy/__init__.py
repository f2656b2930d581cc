"""Privacy guard: flags HIPAA Safe Harbor identifiers in free text before a case is shared.

Hand-written rules, on purpose.  No de-identification library works offline here:
philter-lite calls NLTK's part-of-speech tagger, whose data is not in the nltk wheel and
cannot be downloaded, and Presidio's name/place recognisers need a spaCy model that the
package registries do not carry (its pattern-only recognisers find no names or places).
See docs/privacy.md for the measurements behind this decision.

Public API (keep stable)::

    from echo.privacy import scan, Finding, fingerprint
    findings = scan(text)            # sorted by start, non-overlapping
    key = fingerprint(findings[0])   # e.g. "name:john smith"

Pure Python, no Flask imports; all regular expressions are compiled at import time.
"""
from __future__ import annotations

from dataclasses import dataclass

from echo.privacy.detect import detect as _run_detect
from echo.privacy.kinds import HINTS, KINDS, LABELS

__all__ = ["HINTS", "KINDS", "LABELS", "Finding", "fingerprint", "scan"]


@dataclass(frozen=True, slots=True)
class Finding:
    start: int
    end: int
    kind: str
    text: str
    label: str = ""
    hint: str = ""


def scan(text: str | None) -> list[Finding]:
    """Return identifier findings in ``text``, sorted by start and non-overlapping."""
    if not text or text.isspace():
        return []
    out = []
    for start, end, kind, label in _run_detect(text):
        out.append(Finding(start, end, kind, text[start:end], label or LABELS[kind], HINTS[kind]))
    return out


_PUNCT = " \t\r\n.,;:!?\"'()[]{}<>`’‘“”"


def fingerprint(f: Finding) -> str:
    """Stable key for a finding: kind + normalised text, independent of its position.

    Used to match an author's dismissal ("this is a drug name") against later scans.
    """
    t = " ".join(f.text.split()).strip(_PUNCT).casefold()
    for suffix in ("'s", "’s"):
        t = t.removesuffix(suffix)
    if f.kind in ("phone", "ssn", "zip", "mrn", "id", "ip", "age") or (
        f.kind == "date" and not any(c.isalpha() for c in t)
    ):
        digits = "".join(c for c in t if c.isalnum())
        if digits:
            t = digits
    return f"{f.kind}:{t}"
