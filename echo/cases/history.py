"""A case's history: its saved versions, for the author and the program's coordinators only
(an earlier version may hold identifiers the author has since removed; docs/privacy.md)."""
from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from echo.cases import operations as dc
from echo.cases import privacy_check as cp
from echo.cases import retention
from echo.cases.blueprint import bp
from echo.cases.models import Case, CaseRevision
from echo.cases.visibility import check_view_case, record_view
from echo.core.errors import NotAllowed
from echo.core.extensions import db
from echo.programs.access import current_viewer


def _check_history(case: Case) -> None:
    viewer = current_viewer()
    check_view_case(viewer, case)
    # Earlier revisions may hold identifiers the author has since removed: author and coordinators only.
    if not (case.author_id == viewer.id or viewer.is_coordinator(case.program)):
        raise NotAllowed(_("Only the author and the program's coordinators may see a case's history."))


@bp.route("/<int:case_id>/revisions")
@login_required
def revisions(case_id: int):
    """The author and the program's coordinators: the saved versions."""
    case = db.get_or_404(Case, case_id)
    _check_history(case)
    revs = dc.revisions(case)
    return render_template("cases/revisions.html", case=case, revisions=revs, autosaved={r.id for r in revs if dc.is_autosave(r)},
                           redacted={r.id: mark for r in revs if (mark := retention.redaction_of(r))})


@bp.route("/<int:case_id>/revisions/<int:version>")
@login_required
def revision(case_id: int, version: int):
    """The author and the program's coordinators: one saved version."""
    case = db.get_or_404(Case, case_id)
    _check_history(case)
    rev = db.session.scalar(select(CaseRevision).where(CaseRevision.case_id == case.id, CaseRevision.version == version))
    if rev is None:
        abort(404)
    record_view(current_viewer(), case, how=f"revision {version}")
    db.session.commit()
    data = retention.shown_fields(case, rev.data, current_user)
    return render_template("cases/revision.html", case=case, rev=rev, data=data, redaction=retention.redaction_of(rev),
                           labels=cp.PRIVACY_FIELDS, sexes=dc.SEXES)
