"""The case lifecycle: one state machine, each move with who may make it.

draft -> submitted -> accepted (on a session's agenda) | returned (with a reason)
returned -> submitted; accepted -> presented -> summarised -> published (and back to
summarised when unpublished). A move not in the table is a Conflict, never ignored; a move
by someone not allowed to make it is NotAllowed.

Guards on top of the table: submitting needs the required fields and no unresolved privacy
finding (the server scans again here, whatever the page showed); accepting needs an upcoming
session of the case's own program, and puts the case last on that session's agenda.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from echo.cases.visibility import can_view_case
from echo.core.extensions import db
from echo.cases.models import Case, CaseState
from echo.programs.models import Role
from echo.programs.clinic_session import ClinicSession
from echo.accounts.models import User
from echo.core.types import utcnow
from echo.accounts import audit
from echo.programs.access import Viewer, viewer_of
from echo.core.errors import Conflict, Invalid, NotAllowed
from echo.cases.operations import check_ready_to_submit, check_session_for_case
from echo.cases.privacy_check import check_no_unresolved, unresolved_findings_in_text
from echo.cases.queries import next_agenda_position
from echo.cases.visibility import may_write_as_author
from echo.cases.retention import do_redact_history

S = CaseState
AUTHOR = "author"


@dataclass(frozen=True)
class Move:
    source: CaseState
    target: CaseState
    who: tuple  # AUTHOR and/or Role values
    verb: str
    needs_reason: bool = False
    # "You may not <verb> this case.", as one sentence per move so that it can be translated.
    refusal: str | LazyString = ""


MOVES: dict[tuple[CaseState, CaseState], Move] = {
    (m.source, m.target): m
    for m in [
        Move(S.draft, S.submitted, (AUTHOR,), "submit", refusal=_l("You may not submit this case.")),
        Move(S.returned, S.submitted, (AUTHOR,), "resubmit", refusal=_l("You may not resubmit this case.")),
        Move(S.submitted, S.draft, (AUTHOR,), "withdraw the submission of", refusal=_l("You may not withdraw the submission of this case.")),
        Move(S.submitted, S.accepted, (Role.coordinator,), "accept", refusal=_l("You may not accept this case.")),
        Move(S.submitted, S.returned, (Role.coordinator,), "return", needs_reason=True, refusal=_l("You may not return this case.")),
        Move(S.accepted, S.returned, (Role.coordinator,), "return", needs_reason=True, refusal=_l("You may not return this case.")),
        Move(S.accepted, S.submitted, (Role.coordinator,), "take off the agenda", refusal=_l("You may not take off the agenda this case.")),
        Move(S.accepted, S.presented, (Role.coordinator,), "mark as presented", refusal=_l("You may not mark as presented this case.")),
        Move(S.presented, S.summarised, (Role.coordinator,), "send the summary of", refusal=_l("You may not send the summary of this case.")),
        Move(S.summarised, S.published, (Role.coordinator,), "publish", refusal=_l("You may not publish this case.")),
        Move(S.published, S.summarised, (Role.coordinator,), "unpublish", refusal=_l("You may not unpublish this case.")),
    ]
}

_STAMPS = {S.submitted: "submitted_at", S.presented: "presented_at", S.summarised: "summarised_at", S.published: "published_at"}


def allowed_moves(case: Case, user: User | Viewer | None) -> list[Move]:
    """The moves this user may make on this case now (for showing buttons)."""
    viewer = viewer_of(user)
    return [m for (src, _), m in MOVES.items() if src == case.state and _may(m, case, viewer)]


def _may(move: Move, case: Case, viewer: Viewer) -> bool:
    if not viewer.is_authenticated:
        return False
    if AUTHOR in move.who and may_write_as_author(viewer, case):
        return True
    roles = [r for r in move.who if isinstance(r, Role)]
    return bool(roles) and viewer.has_role(case.program, *roles)


REASON_MAX = 2000


def check_transition(case: Case, target: CaseState, user: User | Viewer | None, reason: str = "", session: "ClinicSession | None" = None) -> Move:
    viewer = viewer_of(user)
    # Permission before state: someone who may not see the case learns nothing about it.
    if not can_view_case(viewer, case):
        raise NotAllowed(_("You may not see this case."))
    move = MOVES.get((case.state, target))
    if move is None:
        raise Conflict(_("A case that is %(state)s cannot become %(target)s.", state=case.state.label, target=target.label))
    if not _may(move, case, viewer):
        raise NotAllowed(str(move.refusal))
    if move.needs_reason and not reason.strip():
        raise Invalid(_("Give the author a reason."), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(_("Keep the reason under %(n)d characters.", n=REASON_MAX), field="reason")
    if move.needs_reason:
        # The reason is free text too (it is shown in the app): the privacy guard applies.
        found = unresolved_findings_in_text(reason)
        if found:
            raise Invalid(_("The reason seems to contain an identifier (%(label)s: \u201c%(text)s\u201d). "
                            "Point to it instead, e.g. 'the name in the narrative'.",
                            label=found[0].label.lower(), text=found[0].text), field="reason")
    if target == S.submitted and case.state in (S.draft, S.returned):
        check_ready_to_submit(case)
        check_no_unresolved(case)
    if target == S.accepted:
        check_session_for_case(case, session)
    return move


def do_transition(case: Case, target: CaseState, user: User, reason: str = "", session: "ClinicSession | None" = None) -> Move:
    """Validate and apply one move; adds the audit entry. The caller commits."""
    move = check_transition(case, target, user, reason, session)
    previous = case.state
    if case.id is not None:
        # Compare-and-set: two coordinators acting on the same case at once cannot both win.
        res = db.session.execute(
            update(Case).where(Case.id == case.id, Case.state == previous).values(state=target)
            .execution_options(synchronize_session=False))
        if res.rowcount != 1:
            raise Conflict(_("Someone else changed this case meanwhile. Reload it and try again."))
    case.state = target
    if target == S.accepted:
        case.session_id = session.id
        case.session = session
        case.agenda_position = next_agenda_position(session)
    stamp = _STAMPS.get(target)
    if stamp:
        setattr(case, stamp, utcnow())
    if target == S.returned:
        case.return_reason = reason.strip()
    if target == S.submitted:
        # The retention rule (docs/privacy.md): nothing the guard flags outlives the submission.
        do_redact_history(case, user)
    if previous == S.accepted and target in (S.returned, S.submitted):
        case.session_id = None
        case.agenda_position = None
    detail = f"{previous.value} -> {target.value}"
    if target == S.accepted:
        detail += f" (session #{session.id})"
    audit.record(user, f"case.{target.value}", "case", case.id, case.program_id, detail=detail)
    return move
