"""Who sees a case's text, and when: the one rule (docs/cases.md shows it as a table).

Every place that shows case text asks here: the case page and its revisions, the session
page's agenda, the live board, the summary and its print view, the library pages, search,
the API. `can_view_case` is the rule in Python; `visible_cases_clause` is the same rule as a
SQL expression for queries that list cases, and `library_program_ids` / `can_view_library_entry`
are the library's part of it (published entries only), used by search's SQL. A test checks the
Python and SQL forms agree for every role and state.

Views of case text by anyone but its author are audited once per viewer, case and clinic
session (`record_view`), wherever they happen.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from echo.core.errors import NotAllowed
from echo.core.extensions import db
from echo.cases.models import Case, CaseState, CaseView
from echo.programs.models import Membership, MembershipStatus, Program, Role, Visibility
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.accounts.models import User
from echo.core.types import utcnow
from echo.accounts import audit
from echo.programs.access import Viewer, viewer_of

S = CaseState
# States a specialist of the program reads: from acceptance (before the session) on.
PANEL_STATES = (S.accepted, S.presented, S.summarised, S.published)
# States every member of the program reads: after the case was presented.
AFTER_PRESENTED = (S.presented, S.summarised, S.published)
# Roles that write cases; a former member keeps reading their own cases but writes no more.
AUTHOR_ROLES = (Role.participant, Role.coordinator)


def session_is_over(session: ClinicSession | None) -> bool:
    if session is None:
        return False
    return session.status == SessionStatus.ended or (session.status != SessionStatus.cancelled and session.ends_at <= utcnow())


def is_being_presented(case: Case) -> bool:
    """The case is the current case of its live session."""
    s = case.session
    return s is not None and s.status == SessionStatus.live and s.current_case_id == case.id


def open_to_board(case_id: int, state: CaseState, session) -> bool:
    """Whether everyone allowed on the session's board may see this agenda case now: it is the
    current case of the live session, or it was presented (leaving a case or reaching its
    summary phase presents it). The board accepts writes about a case only then, because its
    events go to the whole room and its replay to anyone who joins: the intersection of
    `can_view_case` over the board's roles (learners and participants are the narrowest).
    `session`: anything with `status` and `current_case_id` (a ClinicSession, a store.BoardSession)."""
    return state in AFTER_PRESENTED or (session.status == SessionStatus.live and session.current_case_id == case_id)


def can_view_case(user: User | Viewer | None, case: Case) -> bool:
    """The whole case (its page, the board, the summary). See the table in docs/cases.md."""
    return viewer_can_view_case(viewer_of(user), case)


def check_view_case(user: User | Viewer | None, case: Case) -> None:
    if not can_view_case(user, case):
        raise NotAllowed(_("You may not see this case."))


def viewer_can_view_case(viewer: Viewer, case: Case) -> bool:
    if viewer.user is None:
        return False
    if case.author_id == viewer.user.id:
        return True
    if case.state == S.draft:
        return False
    if viewer.is_coordinator(case.program):  # site admins included
        return True
    role = viewer.role_in(case.program)
    if role == Role.specialist:
        return case.state in PANEL_STATES
    if role in (Role.participant, Role.learner):
        return case.state in AFTER_PRESENTED or (case.state == S.accepted and is_being_presented(case))
    return False


def visible_cases_clause(viewer: User | Viewer | None) -> ColumnElement[bool]:
    """`can_view_case` as a WHERE clause over `Case` (same rule, for queries that list cases)."""
    user = viewer_of(viewer).user
    if user is None:
        return false()
    role = (select(Membership.role).where(Membership.program_id == Case.program_id, Membership.user_id == user.id,
                                          Membership.status == MembershipStatus.active).correlate(Case).scalar_subquery())
    coordinator = true() if user.is_admin else role == Role.coordinator
    # An alias, so that a query already joining clinic_sessions does not correlate with it.
    live = aliased(ClinicSession)
    presented_now = exists().where(live.id == Case.session_id, live.status == SessionStatus.live,
                                   live.current_case_id == Case.id).correlate(Case)
    return or_(
        Case.author_id == user.id,
        and_(Case.state != S.draft, coordinator),
        and_(role == Role.specialist, Case.state.in_(PANEL_STATES)),
        and_(role.in_([Role.participant, Role.learner]),
             or_(Case.state.in_(AFTER_PRESENTED), and_(Case.state == S.accepted, presented_now))),
    )


def may_write_as_author(user: User | Viewer | None, case: Case) -> bool:
    """The author, while still a member who writes cases in the case's program."""
    viewer = viewer_of(user)
    return viewer.id is not None and case.author_id == viewer.id and viewer.role_in(case.program) in AUTHOR_ROLES


# --- the library (published entries only) ----------------------------------------------------

def library_program_ids(viewer: User | Viewer | None) -> Select | None:
    """Programs whose published cases the user finds in the library, as SQL; None: all (site admins)."""
    user = viewer_of(viewer).user
    if user is None:
        return select(Program.id).where(false())
    if user.is_admin:
        return None
    mine = select(Membership.program_id).where(Membership.user_id == user.id, Membership.status == MembershipStatus.active)
    return select(Program.id).where(or_(Program.visibility == Visibility.public, Program.id.in_(mine)))


def can_view_library_entry(user: User | Viewer | None, program: Program) -> bool:
    """`library_program_ids` for one program: public programs to anyone logged in, others to members."""
    viewer = viewer_of(user)
    if viewer.user is None:
        return False
    return viewer.is_admin or program.visibility == Visibility.public or viewer.role_in(program) is not None


# --- the audit of views ----------------------------------------------------------------------

def record_view(viewer: User | Viewer | None, case: Case, session_id: int | None = None, how: str = "page") -> bool:
    """Audit that `user` saw this case's text, once per viewer, case and clinic session
    (session_id None: outside a session's context, e.g. the case page or the library).

    The once-only guard is a unique row in case_views written with INSERT ... ON CONFLICT DO
    NOTHING, so two requests at the same moment still leave one audit entry. Returns whether
    this was the first such view. The author's own views are not audited. The caller commits.
    """
    user = viewer_of(viewer).user
    if user is None or user.id == case.author_id:
        return False
    values = {"user_id": user.id, "case_id": case.id, "session_key": session_id or 0, "how": how[:40], "created_at": utcnow()}
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    # RETURNING rather than rowcount: psycopg reports -1 for this statement.
    inserted = db.session.execute(dialect.insert(CaseView).values(**values).on_conflict_do_nothing()
                                  .returning(CaseView.id)).scalar()
    if inserted is None:
        return False
    where = f" (session #{session_id})" if session_id else ""
    audit.record(user, "case.viewed", "case", case.id, case.program_id, detail=how + where)
    return True
