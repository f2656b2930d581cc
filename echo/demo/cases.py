"""Demo cases: a few invented, de-identified presentations in the demo programs.

Everything here is made up. The states are set directly (as test factories do) because the
demo needs history the state machine would refuse to create now (a case presented in a
session that is already over); real cases only ever move through echo.cases.lifecycle.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from echo.accounts.models import User
from echo.cases.models import Case, CaseRevision, CaseState, CaseTag
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, MembershipStatus, Program, Role

S = CaseState

CASES: list[dict[str, Any]] = [
    {
        "key": "presented", "state": S.presented, "title": "Chronic low back pain on long-term opioids, wants to taper",
        "age": 58, "sex": "male", "setting": "Rural health clinic", "phq9": 11, "auditc": 3, "tags": ["chronic pain", "opioid taper"],
        "chief_concern": "Wants to come down from long-term opioids after a fall; pain limits walking.",
        "history": "Lumbar spinal stenosis for many years. Two falls in the past six months.",
        "medications": "Oxycodone 10 mg three times daily; gabapentin 300 mg at night.",
        "tests": "Urine drug screen as expected. Kidney function normal.",
        "treatment": "Physical therapy twice; stopped because of transport.",
        "social_factors": "Lives alone; daughter visits weekly. Drives 40 minutes to the clinic.",
        "narrative": "He asked to *reduce* his opioid dose after the second fall.\n\n- Sleeps poorly\n- Worried about withdrawal\n- Open to buprenorphine",
        "questions": "How fast should we taper, and is a switch to buprenorphine reasonable here?",
    },
    {
        "key": "accepted", "state": S.accepted, "title": "Persistent low mood despite an SSRI",
        "age": 45, "sex": "female", "setting": "Tribal health clinic", "phq9": 18, "gad7": 12, "tags": ["depression", "insomnia"],
        "chief_concern": "Low mood and poor sleep for three months despite treatment.",
        "history": "One earlier depressive episode that responded to counselling.",
        "medications": "Sertraline 150 mg daily for ten weeks.",
        "tests": "Thyroid tests normal; no anaemia.",
        "treatment": "Sertraline titrated over six weeks; brief counselling sessions.",
        "social_factors": "Works nights; caring for a parent with dementia. No current safety concerns.",
        "narrative": "She reports **partial** benefit: energy is better, mood and sleep are not.",
        "questions": "Should we switch or augment, and what would you use for sleep?",
    },
    {
        "key": "submitted", "state": S.submitted, "title": "Alcohol use disorder with rising liver enzymes",
        "age_band": "60-69", "sex": "male", "setting": "Federally qualified health center", "auditc": 10, "tags": ["alcohol", "liver"],
        "chief_concern": "Daily drinking with liver enzymes rising over the past year.",
        "history": "Hypertension. No known liver disease before this year.",
        "medications": "Lisinopril 20 mg daily.",
        "tests": "Liver enzymes about three times the upper limit; platelets low-normal.",
        "treatment": "Brief intervention twice; declined a referral to counselling.",
        "social_factors": "Retired; lives with his wife who is supportive.",
        "narrative": "He would consider a medicine to cut down but not to stop completely.",
        "questions": "Which medicine for alcohol use is safest with these liver tests?",
    },
    {
        "key": "returned", "state": S.returned, "title": "Adolescent with panic attacks",
        "age": 16, "sex": "female", "setting": "School health clinic", "gad7": 15, "tags": ["anxiety", "adolescent"],
        "chief_concern": "Panic attacks several times a week, missing school.",
        "narrative": "Attacks started at the beginning of the school year.",
        "questions": "Is an SSRI appropriate, and which one?",
        "return_reason": "Please add what has been tried so far and any family history, then resubmit.",
    },
    {
        "key": "draft", "state": S.draft, "title": "Postpartum anxiety",
        "age": 29, "sex": "female", "setting": "Rural health clinic", "gad7": 14, "tags": ["postpartum", "anxiety"],
        "chief_concern": "Constant worry and poor sleep since the birth of her second child.",
        "narrative": "Seen on 4/12/2025 with her baby. Breastfeeding.",
        "questions": "",
    },
]


def _member(program: Program, user: User, *roles: Role) -> bool:
    return db.session.scalar(select(Membership).where(
        Membership.program_id == program.id, Membership.user_id == user.id, Membership.role.in_(roles),
        Membership.status == MembershipStatus.active)) is not None


def load_demo_cases(users: dict[str, User]) -> None:
    """Add the demo cases to the first demo program with the demo participant (idempotent); the caller commits."""
    author = users.get("participant")
    if author is None or author.id is None:
        return
    program = next((p for p in db.session.scalars(select(Program).order_by(Program.id)) if _member(p, author, Role.participant)), None)
    if program is None or db.session.scalar(select(Case).where(Case.program_id == program.id, Case.author_id == author.id)):
        return
    now = utcnow()
    sessions = list(db.session.scalars(select(ClinicSession).where(ClinicSession.program_id == program.id).order_by(ClinicSession.starts_at)))
    past = [s for s in sessions if s.starts_at < now and s.status != SessionStatus.cancelled]
    future = [s for s in sessions if s.starts_at >= now and s.status == SessionStatus.scheduled]
    for spec in CASES:
        spec = dict(spec)
        spec.pop("key")
        state, tags = spec.pop("state"), spec.pop("tags")
        age = spec.pop("age", None)
        band = spec.pop("age_band", "") or (("90+" if age >= 90 else f"{age // 10 * 10}-{age // 10 * 10 + 9}") if age is not None else "")
        case = Case(program_id=program.id, author_id=author.id, state=state, age=age, age_band=band, version=1, **spec)
        if state != S.draft:
            case.submitted_at = now - timedelta(days=10)
        if state == S.presented:
            if not past:
                continue
            case.session_id, case.agenda_position, case.presented_at = past[-1].id, 1, past[-1].starts_at
        if state == S.accepted:
            if not future:
                continue
            case.session_id, case.agenda_position = future[0].id, 1
        case.tags = [CaseTag(tag=t) for t in tags]
        db.session.add(case)
        db.session.flush()
        data = {f: getattr(case, f) for f in ("title", "age", "age_band", "sex", "setting", "chief_concern", "history", "medications",
                                               "tests", "treatment", "social_factors", "phq9", "gad7", "auditc", "narrative", "questions")}
        data.update(tags=tags, state=state.value)
        db.session.add(CaseRevision(case_id=case.id, version=1, editor_id=author.id, data=data))
    db.session.flush()
