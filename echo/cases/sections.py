"""The case form's sections: what each holds, and which are done, hold privacy findings or errors.

On a phone the form is one section at a time (static/js/case-sections.js); without JavaScript
every section shows under a table of contents. Both read this one list, so a new input is
placed here once.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from echo.cases import operations as dc
from echo.cases.privacy_check import CaseFinding
from echo.cases.forms import CaseForm


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    heading: str | LazyString
    # Rows of inputs in page order; a row of several inputs shares a line on a wide screen.
    rows: tuple[tuple[str, ...], ...]

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(name for row in self.rows for name in row)

    @property
    def required(self) -> tuple[str, ...]:
        """The inputs a submission needs (the form's 'age' carries the case's age band)."""
        needed = {"age" if name == "age_band" else name for name in dc.REQUIRED_TO_SUBMIT}
        return tuple(name for name in self.inputs if name in needed)


SECTIONS: tuple[Section, ...] = (
    Section("patient", _l("Patient"), (("title",), ("age", "sex"), ("setting",))),
    Section("presentation", _l("Presentation"), (("chief_concern",), ("phq9", "gad7", "auditc"))),
    Section("history", _l("History and medications"), (("history",), ("medications",))),
    Section("tests", _l("Tests and treatment"), (("tests",), ("treatment",))),
    Section("social", _l("Social factors"), (("social_factors",),)),
    Section("question", _l("Question for the panel"), (("questions",),)),
    Section("narrative", _l("Narrative and tags"), (("narrative",), ("tags",), ("presenter_named",))),
)


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return value.strip() != ""
    return value is not None and value is not False


def section_marks(form: CaseForm, findings: dict[str, list[CaseFinding]]) -> dict[str, dict[str, bool]]:
    """Per section key: done (its required inputs filled; a section with none required, anything
    in it filled), flagged (it holds an unresolved privacy finding) and invalid (an input in it
    has an error to fix)."""
    unresolved = {name for name, found in findings.items() if any(not f.dismissed for f in found)}
    marks = {}
    for s in SECTIONS:
        values = {name: getattr(form, name).data for name in s.inputs}
        needed = s.required
        done = all(_filled(values[n]) for n in needed) if needed else any(_filled(v) for v in values.values())
        marks[s.key] = {"done": done, "flagged": any(name in unresolved for name in s.inputs),
                        "invalid": any(getattr(form, name).errors for name in s.inputs)}
    return marks
