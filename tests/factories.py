"""Test data builders. Each returns a committed object with sensible defaults."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from echo.accounts.models import User
from echo.cases.models import Case, CaseState, CaseTag
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.library import publish
from echo.live.models import Recommendation
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Invite, Membership, Program, Role, Visibility
from echo.summaries.models import Summary

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def make_user(name: str | None = None, email: str | None = None, timezone_name: str = "America/Denver", admin: bool = False, **kw) -> User:
    n = next(_seq)
    user = User(
        name=name or f"User {n}", email=email or f"user{n}@example.org", timezone=timezone_name, is_admin=admin,
        profession=kw.pop("profession", "Nurse practitioner"), organisation=kw.pop("organisation", "Rural clinic"),
        confirmed_at=kw.pop("confirmed_at", utcnow()), **kw,
    )
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def make_program(coordinator: User | None = None, name: str | None = None, visibility: Visibility = Visibility.public,
                 tz: str = "America/Denver", **kw) -> Program:
    n = next(_seq)
    program = Program(
        name=name or f"Program {n}", topic=kw.pop("topic", "Behavioral Health in Primary Care"), timezone=tz,
        video_url=kw.pop("video_url", "https://zoom.us/j/123456789"), visibility=visibility,
        rrule=kw.pop("rrule", ""), first_date=kw.pop("first_date", None), start_time=kw.pop("start_time", None),
        duration_minutes=kw.pop("duration_minutes", 60), **kw,
    )
    db.session.add(program)
    db.session.flush()
    if coordinator is not None:
        db.session.add(Membership(program_id=program.id, user_id=coordinator.id, role=Role.coordinator))
    db.session.commit()
    return program


def add_member(program: Program, user: User, role: Role | str) -> Membership:
    m = Membership(program_id=program.id, user_id=user.id, role=Role(role))
    db.session.add(m)
    db.session.commit()
    return m


def soon(minutes: int = 10) -> datetime:
    """A start a few minutes from now: a session starting then may be started as scheduled
    (the default make_session start, a week ahead, asks to be moved to now first)."""
    return (datetime.now(UTC) + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def make_session(program: Program, starts_at: datetime | None = None, **kw) -> ClinicSession:
    starts_at = starts_at or (datetime.now(UTC) + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    s = ClinicSession(program_id=program.id, starts_at=starts_at, occurrence_start=kw.pop("occurrence_start", None),
                duration_minutes=kw.pop("duration_minutes", program.duration_minutes or 60), is_one_off=kw.pop("is_one_off", True), **kw)
    db.session.add(s)
    db.session.commit()
    return s


def make_case(program: Program, author: User, state: CaseState = CaseState.draft, session: ClinicSession | None = None, **kw) -> Case:
    c = Case(
        program_id=program.id, author_id=author.id, state=state, session_id=session.id if session else None,
        title=kw.pop("title", "Persistent low mood despite SSRI"), age=kw.pop("age", 45), age_band=kw.pop("age_band", "40-49"),
        sex=kw.pop("sex", "female"), setting=kw.pop("setting", "Rural health clinic"),
        chief_concern=kw.pop("chief_concern", "Depressed mood and poor sleep for 3 months"),
        narrative=kw.pop("narrative", "Patient reports low mood since spring. PHQ-9 of 18. Sertraline 100 mg for 8 weeks."),
        questions=kw.pop("questions", "Should we augment or switch the antidepressant?"), **kw,
    )
    db.session.add(c)
    db.session.commit()
    return c


# A narrative the privacy scanner has nothing to say about, so that tests about submission are
# not at the mercy of scanner tuning.
CLEAN_NARRATIVE = "The patient reports low mood since the spring and poor sleep."


def make_clean_case(program: Program, author: User, *args, **kw) -> Case:
    """make_case with CLEAN_NARRATIVE unless a narrative is given."""
    kw.setdefault("narrative", CLEAN_NARRATIVE)
    return make_case(program, author, *args, **kw)


def summarised_case(program: Program, author: User, *, recs=(), summary: str = "Consensus: augment with bupropion.",
                    follow_up: str = "Report back in 6 weeks.", tags=(), **kw) -> Case:
    """A case that went through the live session: recommendations (source, category, text) and a summary."""
    kw.setdefault("state", CaseState.summarised)
    kw.setdefault("summarised_at", datetime.now(UTC))
    case = make_case(program, author, **kw)
    for tag in tags:
        db.session.add(CaseTag(case_id=case.id, tag=tag))
    for source, category, text in recs or [("hub", "medication", "Add bupropion 150 mg daily."),
                                           ("spoke", "behavioural", "Refer to behavioural activation group.")]:
        db.session.add(Recommendation(case_id=case.id, source=source, category=category, text=text))
    db.session.add(Summary(case_id=case.id, text=summary, follow_up=follow_up))
    db.session.commit()
    db.session.refresh(case)
    return case


def published_case(program: Program, author: User, coordinator: User, **kw) -> Case:
    """A summarised case, published to the library by the coordinator."""
    case = summarised_case(program, author, **kw)
    publish.do_publish(case, coordinator)
    db.session.commit()
    return case


@dataclass
class People:
    """A program with one member of each role, plus an outsider and an admin."""

    program: Program
    coordinator: User
    specialist: User
    participant: User
    learner: User
    outsider: User
    admin: User

    def user(self, role: str) -> User:
        """The person of a role given by name ("coordinator", ..., "outsider", "admin"), for
        tests that loop over roles."""
        if role not in ROLE_NAMES:
            raise KeyError(role)
        person: User = getattr(self, role)
        return person


ROLE_NAMES = ("coordinator", "specialist", "participant", "learner", "outsider", "admin")


def program_with_roles(tz: str = "America/Denver", visibility: Visibility = Visibility.public) -> People:
    """A program with one member of each role, plus an outsider and an admin."""
    # Coordinators of programs may create programs (as migration 0008 granted existing ones).
    coordinator = make_user("Carmen Coordinator", can_create_programs=True)
    program = make_program(coordinator, visibility=visibility, tz=tz)
    members = {}
    for role in ("specialist", "participant", "learner"):
        members[role] = make_user(f"{role.title()} Person")
        add_member(program, members[role], role)
    return People(program=program, coordinator=coordinator, outsider=make_user("Olive Outsider"),
                  admin=make_user("Ada Admin", admin=True), **members)


def d(y: int, m: int, day: int) -> date:
    return date(y, m, day)


def t(h: int, m: int = 0) -> time:
    return time(h, m)


def live_session_on_case(people: People) -> tuple[ClinicSession, Case]:
    """A session of people's program, live on its one case (presented by the participant), in
    the recommendations phase: (session, case)."""
    program = people.program
    session = make_session(program)
    case = make_case(program, people.participant, CaseState.accepted, session, agenda_position=1)
    now = utcnow()
    session.status, session.started_at, session.current_case_id = SessionStatus.live, now, case.id
    session.current_phase, session.phase_started_at = "recommendations", now
    db.session.commit()
    return session, case


def make_invite(actor: User, program: Program, email: str, role: str) -> tuple[Invite, str]:
    """One invitation, committed, and its link's token; Invalid when the address cannot be invited."""
    from echo.core.errors import Invalid
    from echo.programs.invites import do_invite_address

    result = do_invite_address(actor, program, email, role)
    if result.invite is None:
        db.session.rollback()
        raise Invalid(result.reason, field=result.field)
    db.session.commit()
    return result.invite, result.token
