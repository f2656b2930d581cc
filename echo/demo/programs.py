"""Demo programs: five realistic (invented) ECHO programs, three in English, one in Spanish
and one in French, with members of every role and past and future sessions. Called by echo.demo.load_demo with the demo users keyed by role.

Everything here is invented: no real clinicians, clinics or patients.
"""
from __future__ import annotations

import secrets
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.demo import international
from echo.programs import scheduling
from echo.programs.clinic_session import SessionStatus
from echo.programs.membership import hash_token
from echo.programs.models import (
    Invite,
    Membership,
    MembershipStatus,
    Program,
    Role,
    Visibility,
)

EXTRA_USERS: list[tuple[str, str, str, str, str, str, str | None]] = [
    # (email, name, profession, organisation, region, timezone, language: None follows the browser)
    ("dr.okafor@demo.echo", "Dr. Ngozi Okafor", "Physician (MD/DO)", "University hub, Addiction Medicine", "New Mexico", "America/Denver", None),
    ("dr.lindqvist@demo.echo", "Dr. Erik Lindqvist", "Physician (MD/DO)", "University hub, Hepatology", "Washington", "America/Los_Angeles", None),
    ("j.begay@demo.echo", "Jolene Begay", "Pharmacist", "University hub, Pharmacy", "New Mexico", "America/Denver", None),
    ("m.rivera@demo.echo", "Marisol Rivera", "Nurse practitioner", "Sierra Blanca Family Clinic", "New Mexico", "America/Denver", None),
    ("t.hollis@demo.echo", "Tom Hollis", "Physician assistant", "High Plains Community Health", "Kansas", "America/Chicago", None),
    ("a.nguyen@demo.echo", "Anh Nguyen", "Social worker", "Rio Arriba Behavioral Health", "New Mexico", "America/Denver", None),
    ("k.whitehorse@demo.echo", "Kim Whitehorse", "Community health worker", "Four Corners Outreach", "Arizona", "America/Phoenix", None),
]

PROGRAMS = [
    {
        "name": "Behavioral Health in Primary Care ECHO",
        "topic": "Behavioral Health in Primary Care",
        "description": ("A weekly virtual clinic for primary care teams managing depression, anxiety, PTSD and serious "
                        "mental illness in rural settings.\nEach session: a 15-minute didactic, then one or two "
                        "de-identified cases presented by spoke clinicians."),
        "hub_team": "Dr. Sam Specialist, psychiatry\nJolene Begay, PharmD, psychopharmacology\nCarmen Coordinator, RN, program coordinator",
        "timezone": "America/Denver", "video_url": "https://zoom.us/j/91234567890",
        "visibility": Visibility.public, "rrule": "FREQ=WEEKLY;BYDAY=TU", "start_time": time(12, 0), "duration_minutes": 90,
        "weeks_back": 10,
        "didactics": [
            ("Measurement-based care with the PHQ-9 and GAD-7", "Dr. Sam Specialist"),
            ("When the first SSRI fails: augment or switch?", "Dr. Sam Specialist"),
            ("Trauma-informed primary care", "Anh Nguyen, LCSW"),
            ("Lithium monitoring in primary care", "Jolene Begay, PharmD"),
            ("Collaborative care: registries and caseload review", "Carmen Coordinator, RN"),
            ("Insomnia: CBT-I in a 15-minute visit", "Dr. Sam Specialist"),
            ("Perinatal depression screening", "Dr. Sam Specialist"),
            ("Safety planning for suicidal ideation", "Anh Nguyen, LCSW"),
        ],
        "members": [("coordinator", Role.coordinator), ("specialist", Role.specialist), ("j.begay", Role.specialist),
                    ("participant", Role.participant), ("m.rivera", Role.participant), ("a.nguyen", Role.participant),
                    ("learner", Role.learner)],
        "requests": [("t.hollis", Role.participant)],
    },
    {
        "name": "Chronic Pain and Opioid Use Disorder ECHO",
        "topic": "Chronic Pain and Opioid Use Disorder",
        "description": ("Every other Thursday: safer opioid prescribing, tapering, buprenorphine in the clinic, and "
                        "non-drug pain care, with an addiction medicine and pain management panel."),
        "hub_team": "Dr. Ngozi Okafor, addiction medicine\nDr. Sam Specialist, psychiatry\nJolene Begay, PharmD",
        "timezone": "America/Denver", "video_url": "https://teams.microsoft.com/l/meetup-join/demo-pain-oud",
        "visibility": Visibility.invite_only, "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "start_time": time(7, 30),
        "duration_minutes": 60, "weeks_back": 12,
        "didactics": [
            ("Starting buprenorphine: low-dose and standard induction", "Dr. Ngozi Okafor"),
            ("Tapering long-term opioid therapy safely", "Dr. Ngozi Okafor"),
            ("Naloxone for every patient on opioids", "Jolene Begay, PharmD"),
            ("Pain and depression: treating both", "Dr. Sam Specialist"),
            ("Urine drug testing: what the results mean", "Dr. Ngozi Okafor"),
        ],
        "members": [("coordinator", Role.coordinator), ("dr.okafor", Role.specialist), ("specialist", Role.specialist),
                    ("participant", Role.participant), ("t.hollis", Role.participant), ("k.whitehorse", Role.participant),
                    ("learner", Role.learner)],
        "requests": [],
    },
    {
        "name": "Hepatitis C Treatment ECHO",
        "topic": "Hepatitis C",
        "description": ("Monthly, first Wednesday: curing hepatitis C in primary care with direct-acting antivirals, "
                        "from screening to SVR12, including people who inject drugs."),
        "hub_team": "Dr. Erik Lindqvist, hepatology\nJolene Begay, PharmD",
        "timezone": "America/Los_Angeles", "video_url": "https://meet.jit.si/demo-hcv-echo",
        "visibility": Visibility.public, "rrule": "FREQ=MONTHLY;BYDAY=1WE", "start_time": time(11, 0), "duration_minutes": 60,
        "weeks_back": 16,
        "didactics": [
            ("Simplified HCV treatment for treatment-naive adults", "Dr. Erik Lindqvist"),
            ("Drug interactions with glecaprevir/pibrentasvir", "Jolene Begay, PharmD"),
            ("Cirrhosis: who needs the specialist", "Dr. Erik Lindqvist"),
            ("Reinfection and harm reduction", "Dr. Erik Lindqvist"),
        ],
        "members": [("coordinator", Role.coordinator), ("dr.lindqvist", Role.specialist), ("j.begay", Role.specialist),
                    ("participant", Role.participant), ("m.rivera", Role.participant), ("learner", Role.learner),
                    ("k.whitehorse", Role.learner)],
        "requests": [],
    },
]


# The Spanish and French programs come after the three English ones (PROGRAMS[2] is hepatitis C).
PROGRAMS += international.PROGRAMS
EXTRA_USERS += international.USERS


def _user(users: dict, key: str) -> User:
    return users[key]


def load_demo_programs(users: dict) -> None:
    """Create the demo programs (idempotent by name); the caller commits."""
    # Imported here: echo.demo imports this module when it loads.
    from echo.demo import DEMO_PASSWORD

    all_users = dict(users)
    for email, name, prof, org, region, tz, language in EXTRA_USERS:
        u = db.session.scalar(select(User).where(User.email == email))
        if u is None:
            u = User(email=email, name=name, profession=prof, organisation=org, region=region, timezone=tz, language=language,
                     confirmed_at=utcnow())
            u.set_password(DEMO_PASSWORD)
            db.session.add(u)
        all_users[email.split("@")[0]] = u
    db.session.flush()

    now = utcnow()
    today = now.date()
    for spec in PROGRAMS:
        if db.session.scalar(select(Program).where(Program.name == spec["name"])) is not None:
            continue
        first = today - timedelta(weeks=spec["weeks_back"])
        program = Program(
            name=spec["name"], topic=spec["topic"], description=spec["description"], hub_team=spec["hub_team"],
            timezone=spec["timezone"], language=spec.get("language", "en"), video_url=spec["video_url"], visibility=spec["visibility"], rrule=spec["rrule"],
            first_date=first, start_time=spec["start_time"], duration_minutes=spec["duration_minutes"],
            until_date=scheduling.horizon(today) - timedelta(days=365 * 2),  # about a year ahead
            created_by_id=all_users["coordinator"].id,
        )
        db.session.add(program)
        db.session.flush()
        for key, role in spec["members"]:
            db.session.add(Membership(program_id=program.id, user_id=all_users[key].id, role=role))
        for key, role in spec["requests"]:
            db.session.add(Membership(program_id=program.id, user_id=all_users[key].id, role=role, status=MembershipStatus.requested))
        # Materialise from the first date (past sessions included), then mark the past as held.
        scheduling.do_apply_schedule(program, now=datetime.combine(first, time(0), tzinfo=UTC))
        db.session.refresh(program)
        sessions = sorted(program.sessions, key=lambda s: s.starts_at)
        didactics = spec["didactics"]
        future = [s for s in sessions if s.starts_at >= now]
        for i, s in enumerate(sessions):
            if s.starts_at < now:
                s.status = SessionStatus.ended
            if s.starts_at < now or s in future[:6]:
                s.didactic_title, s.didactic_speaker = didactics[i % len(didactics)]
                s.is_modified = s.starts_at >= now  # given its own didactic
        if len(future) > 4:
            # One cancelled and one moved occurrence, as coordinators do.
            future[2].status = SessionStatus.cancelled
            future[2].is_modified = True
            future[2].ical_sequence = 1
            future[3].starts_at = future[3].starts_at + timedelta(days=1)
            future[3].is_modified = True
            future[3].ical_sequence = 1
        db.session.flush()
    # An open invitation, to show the members page with one pending.
    hcv = db.session.scalar(select(Program).where(Program.name == PROGRAMS[2]["name"]))
    if hcv is not None and not db.session.scalar(select(Invite).where(Invite.program_id == hcv.id)):

        # A random token nobody knows: the pending invitation is for show and opens nothing.
        db.session.add(Invite(program_id=hcv.id, email="new.spoke@demo.echo", role=Role.participant,
                              token_hash=hash_token(secrets.token_urlsafe(32)), invited_by_id=all_users["coordinator"].id,
                              expires_at=now + timedelta(days=14)))
    db.session.flush()
