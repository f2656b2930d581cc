"""Test data builders. Each returns a committed object with sensible defaults."""
from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta, timezone

from echo.core.extensions import db
from echo.cases.models import Case, CaseState
from echo.programs.models import Invite, Membership, Program, Role, Visibility
from echo.programs.clinic_session import ClinicSession
from echo.accounts.models import User

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def make_user(name: str | None = None, email: str | None = None, timezone_name: str = "America/Denver", admin: bool = False, **kw) -> User:
    n = next(_seq)
    user = User(
        name=name or f"User {n}", email=email or f"user{n}@example.org", timezone=timezone_name, is_admin=admin,
        profession=kw.pop("profession", "Nurse practitioner"), organisation=kw.pop("organisation", "Rural clinic"), **kw,
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
    return (datetime.now(timezone.utc) + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def make_session(program: Program, starts_at: datetime | None = None, **kw) -> ClinicSession:
    starts_at = starts_at or (datetime.now(timezone.utc) + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
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


def program_with_roles(tz: str = "America/Denver", visibility: Visibility = Visibility.public) -> dict:
    """A program with one member of each role, plus an outsider and an admin."""
    # Coordinators of programs may create programs (as migration 0008 granted existing ones).
    coordinator = make_user("Carmen Coordinator", can_create_programs=True)
    program = make_program(coordinator, visibility=visibility, tz=tz)
    people = {"coordinator": coordinator}
    for role in ("specialist", "participant", "learner"):
        u = make_user(f"{role.title()} Person")
        add_member(program, u, role)
        people[role] = u
    people["outsider"] = make_user("Olive Outsider")
    people["admin"] = make_user("Ada Admin", admin=True)
    people["program"] = program
    return people


def d(y: int, m: int, day: int) -> date:
    return date(y, m, day)


def t(h: int, m: int = 0) -> time:
    return time(h, m)


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
