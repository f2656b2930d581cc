"""Demo data: realistic programs, users of every role, past and future sessions.

Everything here is invented. No real patients, clinicians or clinics.
"""
from __future__ import annotations

from sqlalchemy import func, select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.demo.cases import load_demo_cases
from echo.demo.library import load_demo_library
from echo.demo.program_year import load_program_year
from echo.demo.programs import EXTRA_USERS, load_demo_programs

DEMO_PASSWORD = "echo-demo-2026"

DEMO_USERS = [
    # (email, name, profession, organisation, region, timezone, admin)
    ("admin@demo.echo", "Ada Admin", "Other", "ECHO hub", "New Mexico", "America/Denver", True),
    ("coordinator@demo.echo", "Carmen Coordinator", "Registered nurse", "ECHO hub", "New Mexico", "America/Denver", False),
    ("specialist@demo.echo", "Dr. Sam Specialist", "Physician (MD/DO)", "University hub", "New Mexico", "America/Denver", False),
    ("participant@demo.echo", "Pat Participant", "Nurse practitioner", "Rural health clinic", "Arizona", "America/Phoenix", False),
    ("learner@demo.echo", "Lee Learner", "Medical student / resident", "School of medicine", "Colorado", "America/Denver", False),
]


class DemoRefused(Exception):
    """The database holds real accounts: demo accounts share a published password."""


def demo_emails() -> set[str]:
    return {row[0] for row in DEMO_USERS} | {row[0] for row in EXTRA_USERS}


def load_demo(if_empty: bool = False) -> bool:
    """Load the demo (again: nothing is added twice). Refused (DemoRefused) when the database
    holds any account that is not a demo account: the demo's password is public."""
    if if_empty and db.session.scalar(select(func.count(User.id))):
        return False
    if db.session.scalar(select(func.count(User.id)).where(User.email.not_in(demo_emails()))):
        raise DemoRefused("This database holds accounts other than the demo's; demo accounts (their password is public) "
                          "are only loaded into an empty database. Use a new ECHO_DATABASE_URL for a demo.")
    users = {}
    for email, name, prof, org, region, tz, admin in DEMO_USERS:
        u = db.session.scalar(select(User).where(User.email == email))
        if u is None:
            u = User(email=email, name=name, profession=prof, organisation=org, region=region, timezone=tz, is_admin=admin,
                     can_create_programs=email.startswith("coordinator@"), confirmed_at=utcnow())
            u.set_password(DEMO_PASSWORD)
            db.session.add(u)
        users[email.split("@")[0]] = u
    db.session.flush()
    load_demo_programs(users)
    load_demo_cases(users)
    load_demo_library(users)
    load_program_year(users)
    db.session.commit()
    return True


def print_logins() -> None:
    if not db.session.scalar(select(func.count(User.id)).where(User.email.like("%@demo.echo"))):
        return
    print(f"\n * Demo accounts (password for all: {DEMO_PASSWORD})", flush=True)
    for email, name, *_rest in DEMO_USERS:
        role = email.split("@")[0]
        print(f"   - {role:<12} {email}", flush=True)
    print(flush=True)
