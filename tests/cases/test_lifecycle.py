"""The case state machine: every allowed move by each role allowed to make it, and the
forbidden ones (wrong role, wrong state) raise without changing anything."""
import pytest

from echo.accounts.models import AuditLog
from echo.cases.lifecycle import MOVES, allowed_moves, check_transition, do_transition
from echo.cases.models import CaseState as S
from echo.cases.operations import can_view_case
from echo.core.errors import Conflict, Invalid, NotAllowed
from echo.core.extensions import db
from echo.programs.clinic_session import SessionStatus
from tests.factories import make_clean_case, make_session

ROLES = ("author", "coordinator", "specialist", "participant", "learner", "outsider", "admin")
# Who may make each move (the admin acts as a coordinator everywhere).
EXPECTED = {
    (S.draft, S.submitted): {"author"},
    (S.returned, S.submitted): {"author"},
    (S.submitted, S.draft): {"author"},
    (S.submitted, S.accepted): {"coordinator", "admin"},
    (S.submitted, S.returned): {"coordinator", "admin"},
    (S.accepted, S.returned): {"coordinator", "admin"},
    (S.accepted, S.submitted): {"coordinator", "admin"},
    (S.accepted, S.presented): {"coordinator", "admin"},
    (S.presented, S.summarised): {"coordinator", "admin"},
    (S.summarised, S.published): {"coordinator", "admin"},
    (S.published, S.summarised): {"coordinator", "admin"},
}


def _actor(people, who, author):
    return author if who == "author" else people.user(who)


def _case(people, state):
    # The author is a second participant, so that "participant" means a fellow participant.
    from tests.factories import add_member, make_user

    author = make_user("Annie Author")
    add_member(people.program, author, "participant")
    session = make_session(people.program)
    case = make_clean_case(people.program, author, state=state, session=session if state != S.draft else None)
    return case, author, session


def test_table_matches_expectations():
    assert set(MOVES) == set(EXPECTED)


@pytest.mark.parametrize("move", list(EXPECTED), ids=lambda m: f"{m[0].value}->{m[1].value}")
def test_each_move_by_each_role(people, move):
    source, target = move
    case, author, session = _case(people, source)
    for who in ROLES:
        actor = _actor(people, who, author)
        kwargs = {"reason": "Please remove the clinic name"} if target == S.returned else {}
        if target == S.accepted:
            kwargs["session"] = session
        if who in EXPECTED[move]:
            check_transition(case, target, actor, **kwargs)
            assert target in [m.target for m in allowed_moves(case, actor)]
        else:
            with pytest.raises(NotAllowed):
                check_transition(case, target, actor, **kwargs)
            assert target not in [m.target for m in allowed_moves(case, actor)]
    # And one allowed actor really makes it.
    actor = _actor(people, min(EXPECTED[move]), author)
    do_transition(case, target, actor, **kwargs)
    db.session.commit()
    assert case.state == target
    entry = db.session.query(AuditLog).filter_by(object_id=case.id, action=f"case.{target.value}").one()
    assert entry.detail.startswith(f"{source.value} -> {target.value}")


@pytest.mark.parametrize("source", list(S), ids=lambda s: s.value)
def test_moves_not_in_table_are_conflicts(people, source):
    case, author, session = _case(people, source)
    for target in S:
        if (source, target) in MOVES:
            continue
        for actor in (author, people.coordinator, people.admin):
            # Permission before state: who may not see the case (a draft is its author's) is
            # refused without learning its state.
            expected = Conflict if can_view_case(actor, case) else NotAllowed
            with pytest.raises(expected):
                do_transition(case, target, actor, reason="x", session=session)
    db.session.rollback()
    assert db.session.get(type(case), case.id).state == source


def test_return_needs_a_reason_and_keeps_it(people):
    case, _, _ = _case(people, S.submitted)
    with pytest.raises(Invalid):
        do_transition(case, S.returned, people.coordinator, reason="  ")
    with pytest.raises(Invalid):
        do_transition(case, S.returned, people.coordinator, reason="x" * 2001)
    assert case.state == S.submitted
    do_transition(case, S.returned, people.coordinator, reason="Say which antidepressants were tried.")
    assert case.return_reason == "Say which antidepressants were tried."


def test_accept_needs_an_upcoming_session_of_the_same_program(people):
    from tests.factories import make_program

    case, _, session = _case(people, S.submitted)
    other = make_session(make_program(people.coordinator))
    coord = people.coordinator
    with pytest.raises(Invalid, match="Choose a session"):
        do_transition(case, S.accepted, coord)
    with pytest.raises(Invalid, match="another program"):
        do_transition(case, S.accepted, coord, session=other)
    cancelled = make_session(people.program, status=SessionStatus.cancelled)
    with pytest.raises(Invalid, match="upcoming"):
        do_transition(case, S.accepted, coord, session=cancelled)
    assert case.state == S.submitted and case.session_id is None or case.state == S.submitted
    do_transition(case, S.accepted, coord, session=session)
    assert case.session_id == session.id and case.agenda_position == 1


def test_submit_needs_required_fields_and_no_unresolved_finding(people):
    case, author, _ = _case(people, S.draft)
    case.questions = ""
    with pytest.raises(Invalid) as exc:
        do_transition(case, S.submitted, author)
    assert exc.value.field == "questions"
    case.questions = "Switch or augment?"
    case.narrative = "Seen by Dr. Maria Gonzalez on 3/14/2025."
    with pytest.raises(Invalid) as exc:
        do_transition(case, S.submitted, author)
    assert exc.value.field == "privacy"
    assert case.state == S.draft
    case.narrative = "Seen by the PCP this spring."
    do_transition(case, S.submitted, author)
    assert case.state == S.submitted and case.submitted_at is not None


def test_taking_off_agenda_clears_the_session(people):
    case, _, session = _case(people, S.submitted)
    do_transition(case, S.accepted, people.coordinator, session=session)
    do_transition(case, S.submitted, people.coordinator)
    assert case.session_id is None and case.agenda_position is None


def test_two_coordinators_at_once_cannot_both_move_the_case(people):
    """The state change is a compare-and-set on the row: a stale copy loses with a Conflict."""
    from sqlalchemy import update

    from echo.cases.models import Case

    case, _, session = _case(people, S.submitted)
    # Another coordinator returned it a moment ago; our copy still says submitted.
    db.session.execute(update(Case).where(Case.id == case.id).values(state=S.returned)
                       .execution_options(synchronize_session=False))
    assert case.state == S.submitted
    with pytest.raises(Conflict):
        do_transition(case, S.accepted, people.coordinator, session=session)
    db.session.rollback()
    assert db.session.get(Case, case.id).state == S.submitted
