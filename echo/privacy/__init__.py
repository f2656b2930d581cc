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

Detection is pure Python; all regular expressions are compiled at import time. Only the words
a finding shows people (its label and hint) go through Flask-Babel: in a request they are in the
request's language (the author's), elsewhere (a job, a benchmark, no app) in English. Kinds and
fingerprints never change with the language.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from echo.privacy.detect import detect as _run_detect
from echo.privacy.kinds import HINTS, KIND_NAMES, KINDS, LABELS

__all__ = ["HINTS", "KINDS", "LABELS", "Finding", "fingerprint", "kind_name", "scan"]


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
    words: dict[str, str] = {}  # each label and hint translated once per scan: a text repeats its kinds

    def said(message: str) -> str:
        if message not in words:
            words[message] = gettext(message)
        return words[message]

    for start, end, kind, label in _run_detect(text):
        out.append(Finding(start, end, kind, text[start:end], said(label or LABELS[kind]), said(HINTS[kind])))
    return out


def kind_name(kind: str) -> str:
    """A kind's short name in the request's language ("name", "date"...; an unknown kind as it is)."""
    return gettext(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


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
