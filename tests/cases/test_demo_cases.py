"""The demo cases load into the demo programs, once, and pass the privacy guard (but the draft)."""
from sqlalchemy import func, select

from echo.cases.models import Case, CaseState
from echo.cases.privacy_check import unresolved
from echo.core.extensions import db


def test_demo_cases_load_once_and_are_clean(app):
    from echo.demo import load_demo

    load_demo()
    cases = db.session.scalars(select(Case)).all()
    try:
        import echo.demo.programs  # noqa: F401
    except ImportError:
        assert cases == []
        return
    states = {c.state for c in cases}
    assert {CaseState.presented, CaseState.accepted, CaseState.submitted, CaseState.returned, CaseState.draft} <= states
    for c in cases:
        if c.state != CaseState.draft:
            assert unresolved(c) == [], (c.state, [(f.field, f.kind, f.text) for f in unresolved(c)])
    load_demo()
    assert db.session.scalar(select(func.count(Case.id))) == len(cases)
