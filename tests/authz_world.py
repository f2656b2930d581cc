"""The world the authorisation matrix runs in: one program seen by each of the eight roles, a
second program with its own coordinator, and one object of every kind a route or socket
event can name. The second program is invite only. Built the same way every time, so ids are the same after a rebuild.

Roles (tests/authz_table.py ROLES): anonymous, learner, participant (a spoke who did not
write the cases), author (a participant who wrote them), specialist, other_coordinator
(coordinator of the second program only), coordinator, admin (a site admin, no membership);
and, for the removed-member rows, a former participant whose membership was removed.
"""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from echo.accounts import confirmation, logins
from echo.accounts import operations as accounts
from echo.accounts.models import Notification
from echo.attendance.models import AttendanceClaim
from echo.cases import operations as cases
from echo.cases.models import CaseState, PrivacyDismissal
from echo.core.extensions import db
from echo.credit import awards as credit
from echo.credit import rules as credit_rules
from echo.credit.models import CreditType
from echo.evaluations import operations as evaluations
from echo.evaluations.models import SurveyKind
from echo.library import publish as lib
from echo.library.models import SavedCase
from echo.live.facilitation import do_start_session
from echo.live.models import PresenceInterval, Question, Recommendation
from echo.live.nojs import beat_token
from echo.programs.clinic_session import SessionStatus
from echo.programs.models import Invite, Membership, MembershipStatus, Role, Visibility
from echo.selfefficacy import operations as selfefficacy
from echo.summaries.models import Summary
from tests.factories import (
    add_member,
    make_case,
    make_program,
    make_session,
    make_user,
    soon,
)
from tests.helpers import feed_token

# The invitation's secret: only its sha256 is stored (echo.programs.operations).
INVITE_TOKEN = "authz-matrix-invite-token-0123456789abcdef"


def build_world() -> dict[str, object]:
    """Create the world; return the user id and login secret of each role (under "users" and
    "logins"), the values that differ per role (under "mine") and the ids and tokens the table names."""
    # Program creation is a right site admins grant (admins have it anyway): both coordinators hold it.
    coordinator = make_user("Carmen Coordinator", can_create_programs=True)
    program = make_program(coordinator, name="Behavioral Health ECHO")
    learner = make_user("Lee Learner")
    participant = make_user("Pat Participant")
    author = make_user("Ana Author")
    specialist = make_user("Sam Specialist")
    add_member(program, learner, Role.learner)
    add_member(program, participant, Role.participant)
    add_member(program, author, Role.participant)
    add_member(program, specialist, Role.specialist)
    other_coordinator = make_user("Oscar Othercoord", can_create_programs=True)
    other_program = make_program(other_coordinator, name="Hepatitis C ECHO", visibility=Visibility.invite_only)
    admin = make_user("Ada Admin", admin=True)

    # People the coordinator's member pages act on, so that acting on them touches no role above.
    spare = make_user("Spencer Spare")
    spare_membership = add_member(program, spare, Role.learner)
    asker = make_user("Ava Asker")
    request = Membership(program_id=program.id, user_id=asker.id, role=Role.participant, status=MembershipStatus.requested)
    db.session.add(request)
    invite = Invite(program_id=program.id, email="invitee@example.org", role=Role.participant,
                    token_hash=hashlib.sha256(INVITE_TOKEN.encode()).hexdigest(), invited_by_id=coordinator.id,
                    expires_at=datetime.now(UTC) + timedelta(days=14))
    db.session.add(invite)
    db.session.commit()

    # A live session: its current case is being presented; a second case waits its turn.
    live_session = make_session(program, starts_at=datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10))
    live_case = make_case(program, author, CaseState.accepted, live_session, agenda_position=1)
    waiting_case = make_case(program, author, CaseState.accepted, live_session, agenda_position=2,
                             title="Chronic pain and opioid taper")
    do_start_session(live_session, coordinator, Role.coordinator, "authz-start")
    db.session.commit()
    question = Question(case_id=live_case.id, session_id=live_session.id, author_id=participant.id,
                        text="Which antidepressant doses were tried?")
    recommendation = Recommendation(case_id=live_case.id, session_id=live_session.id, author_id=participant.id,
                                    source="spoke", category="behavioural", text="Refer to a behavioural activation group.")
    db.session.add_all([question, recommendation])

    # An upcoming session with an accepted case on its agenda: before the session only its
    # author, the program's coordinators and specialists may read it.
    # It starts in a few minutes, so a coordinator may start it as scheduled; far_session, a
    # week ahead, may be started only by moving it to now (the start-time rule).
    next_session = make_session(program, starts_at=soon())
    far_session = make_session(program)
    accepted_case = make_case(program, author, CaseState.accepted, next_session, agenda_position=1,
                              title="Insomnia and alcohol use")
    # The author's draft: its history and one dismissed privacy finding.
    draft_case = cases.do_create_case(program, author, {"title": "Draft: panic attacks at work"})
    db.session.commit()
    dismissal = PrivacyDismissal(case_id=draft_case.id, field="narrative", fingerprint="name:spring", kind="name",
                                 reason="A season, not a name.", user_id=author.id)
    db.session.add(dismissal)
    # After a session: summarised (summary sent, not yet in the library) and published.
    summarised_case = make_case(program, author, CaseState.summarised, live_session, title="Opioid use disorder in pregnancy",
                                summarised_at=datetime.now(UTC))
    published_case = make_case(program, author, CaseState.summarised, live_session, title="Hepatitis C and alcohol",
                               summarised_at=datetime.now(UTC))
    for case in (summarised_case, published_case):
        db.session.add(Recommendation(case_id=case.id, source="hub", category="medication", text="Start buprenorphine."))
        db.session.add(Summary(case_id=case.id, text="Consensus: start buprenorphine.", follow_up="Report back in 6 weeks.",
                               sent_at=datetime.now(UTC)))
    db.session.commit()
    lib.do_publish(published_case, coordinator)
    db.session.commit()
    # On everyone's reading list, so that each role has it to take off.
    for user in (learner, participant, author, specialist, other_coordinator, coordinator, admin):
        db.session.add(SavedCase(user_id=user.id, case_id=published_case.id))

    # A former participant, removed from the program after writing a draft and asking a question.
    former = make_user("Fran Former")
    former_membership = add_member(program, former, Role.participant)
    former_draft = cases.do_create_case(program, former, {"title": "Draft: tremor and lithium"})
    former_question = Question(case_id=live_case.id, session_id=live_session.id, author_id=former.id, text="Any tremor?")
    db.session.add(former_question)
    db.session.delete(former_membership)
    db.session.commit()

    # The participant's notification (only its owner may open it).
    note = Notification(user_id=participant.id, kind="case_accepted", message="A case was accepted.", url="/cases/")
    db.session.add(note)
    # The learner is invited to the second program (only they may accept it from the in-app notice).
    own_invite = Invite(program_id=other_program.id, email=learner.email, role=Role.learner,
                        token_hash=hashlib.sha256(b"authz-matrix-own-invite").hexdigest(), invited_by_id=other_coordinator.id,
                        expires_at=datetime.now(UTC) + timedelta(days=14))
    db.session.add(own_invite)
    db.session.commit()

    # An ended session the participant and the coordinator attended: its evaluation is theirs
    # (open, with the program's default questions); the follow-up survey opens in 30 days.
    now = datetime.now(UTC).replace(microsecond=0)
    ended_session = make_session(program, starts_at=now - timedelta(hours=3), status=SessionStatus.ended,
                                 started_at=now - timedelta(hours=3), ended_at=now - timedelta(hours=2))
    for user in (participant, coordinator):
        db.session.add(PresenceInterval(session_id=ended_session.id, user_id=user.id, sid=f"authz-{user.id}",
                                        joined_at=now - timedelta(hours=3), left_at=now - timedelta(hours=2)))
    survey = evaluations.do_open_survey(ended_session, SurveyKind.end)
    # The participant's claim, made by phone with the session's code, waits for a coordinator.
    attendance_claim = AttendanceClaim(session_id=ended_session.id, program_id=program.id, user_id=participant.id, minutes=45)
    db.session.add(attendance_claim)
    evaluation_question = evaluations.questions(program, SurveyKind.end)[0]
    # The program's self-efficacy survey has statements; its second round is not due yet.
    confidence_item = selfefficacy.do_add_suggested(program)[0]
    db.session.flush()
    # The author's case whose summary went out 15 days ago: its 2-week close-out is due.
    closeout_case = make_case(program, author, CaseState.summarised, live_session, title="Alcohol use and insomnia",
                              summarised_at=now - timedelta(days=15))
    db.session.add(Recommendation(case_id=closeout_case.id, source="hub", category="behavioural", text="CBT for insomnia."))
    db.session.add(Summary(case_id=closeout_case.id, text="Consensus: CBT for insomnia.", sent_at=now - timedelta(days=15)))
    db.session.commit()

    # The program offers credit (no evaluation needed): the participant has theirs for the ended
    # session; the coordinator, who attended too, has not claimed it yet.
    rule = credit_rules.do_save_rule(program, coordinator, credit_rules.RuleValues(
        True, CreditType.ama_pra_1, Decimal(1), 75, False))
    credit_award = credit.do_award(ended_session, credit.standing(ended_session, participant, rule), None)
    db.session.commit()

    # One login per role, as logging in makes (the session cookie carries its secret), and a
    # second login of the coordinator's, on another device, for the rows that end a login.
    users = {"learner": learner, "participant": participant, "author": author, "specialist": specialist,
             "other_coordinator": other_coordinator, "coordinator": coordinator, "admin": admin, "removed": former}
    login_tokens = {role: logins.do_start_login(user, remember=False) for role, user in users.items()}
    logins.do_start_login(coordinator, remember=False)
    other_device = coordinator.login_id
    db.session.commit()
    # The attendance frame's signed address is each viewer's own (echo.live.nojs).
    beats = {role: beat_token(user.id, live_session.id) for role, user in users.items()}
    beats["anonymous"] = ""
    reset_token = accounts.do_request_reset(spare)
    db.session.commit()

    return {
        "users": {role: user.id for role, user in users.items()},
        "logins": login_tokens, "mine": {"beat": beats}, "coordinator_other_login": other_device,
        "own_invite": own_invite.id, "far_session": far_session.id, "coordinator_beat": beats["coordinator"],
        "former_draft": former_draft.id, "former_question": former_question.id,
        "program": program.id, "other_program": other_program.id,
        "live_session": live_session.id, "next_session": next_session.id,
        "live_case": live_case.id, "waiting_case": waiting_case.id, "accepted_case": accepted_case.id,
        "draft_case": draft_case.id, "dismissal": dismissal.id, "summarised_case": summarised_case.id,
        "published_case": published_case.id, "question": question.id, "recommendation": recommendation.id,
        "spare_membership": spare_membership.id, "request": request.id, "invite": invite.id,
        "spare_user": spare.id, "notification": note.id,
        "ended_session": ended_session.id, "survey": survey.id, "evaluation_question": evaluation_question.id,
        "closeout_case": closeout_case.id, "confidence_item": confidence_item.id, "attendance_claim": attendance_claim.id,
        "credit_code": credit_award.code,
        "program_token": feed_token(program), "my_token": feed_token(participant),
        "invite_token": INVITE_TOKEN, "reset_token": reset_token,
        # A confirmed account's sign-up link: it answers "already used" to everyone, every time.
        "confirm_token": confirmation.confirm_token(spare),
    }
