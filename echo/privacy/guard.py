"""The privacy guard for short free text outside a case (evaluations, close-outs).

A case has its own dismissal records (echo.cases.privacy_check); a one-off answer does not
need them: the writer either removes what the scanner found, or says why it identifies
nobody. The fingerprints shown to the writer travel back with the form, so a confirmation
covers exactly the findings the writer saw, and a new one is held again.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from echo.privacy import Finding, fingerprint, scan

REASON_MAX = 300


def held(text: str | None, seen: Iterable[str] = (), reason: str = "") -> list[Finding]:
    """The findings that stop the text from being stored: all of them without a reason, else
    those the writer was not shown."""
    found = scan(text)
    if not (reason or "").strip():
        return found
    shown = set(seen)
    return [f for f in found if fingerprint(f) not in shown]


def describe(findings: Iterable[Finding]) -> str:
    """One sentence for the form, naming what was found (shown only to its writer)."""
    # One "label “text”" item per finding; the labels are already in the request's language.
    parts = [_("%(label)s “%(text)s”", label=f.label.lower(), text=f.text) for f in findings]
    return _("This may identify a patient: %(findings)s. Remove it, or if it identifies nobody, say why in the "
             "box below and send again.", findings=_("; ").join(parts))


def seen_value(findings: Iterable[Finding]) -> str:
    return "\n".join(sorted({fingerprint(f) for f in findings}))


def parse_seen(value: str | None) -> set[str]:
    return {line.strip() for line in (value or "").splitlines() if line.strip()}
