"""Demo library: two invented cases that went through a session, were summarised and
published, and one summarised case waiting for a coordinator to publish it.

Everything here is made up. As in echo/demo/cases.py the states are set directly, because
the demo needs a history the state machine would refuse to create now; the library entries
are written by the real code (echo.library.publish.write_document).
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from echo.accounts.models import User
from echo.cases.models import Case, CaseState, CaseTag
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.demo import international
from echo.library.publish import write_document
from echo.live.models import Recommendation
from echo.programs.models import Membership, MembershipStatus, Program, Role
from echo.summaries.models import Summary

S = CaseState

CASES = [
    {
        "state": S.published, "days_ago": 60, "title": "Opioid use disorder in a pregnant patient on methadone",
        "age_band": "20-29", "sex": "female", "setting": "Rural health clinic", "phq9": 9, "tags": ["opioids", "pregnancy"],
        "chief_concern": "On methadone 80 mg, now 14 weeks pregnant; asks whether to taper.",
        "history": "Opioid use disorder in remission for two years on methadone.",
        "medications": "Methadone 80 mg daily; prenatal vitamins.",
        "treatment": "Methadone through an opioid treatment program an hour away.",
        "social_factors": "Stable housing; partner supportive; transport is the main barrier.",
        "narrative": "She worries the baby will need treatment for withdrawal after birth.",
        "questions": "Should we taper methadone during pregnancy, or switch to buprenorphine?",
        "recs": [("hub", "medication", "Do not taper: continue methadone and split the dose if she has withdrawal late in the day.", True),
              ("hub", "referral", "Link with the obstetric team that manages neonatal opioid withdrawal.", False),
              ("spoke", "behavioural", "Peer recovery coach by phone to cut the travel burden.", False),
              ("hub", "monitoring", "Recheck the dose in the third trimester; needs often rise.", False)],
        "summary": "Continue methadone through pregnancy (tapering raises the risk of relapse). Split dosing if evening "
                "withdrawal appears; plan for neonatal care with the obstetric team.",
        "follow_up": "Present again after the third-trimester visit.",
    },
    {
        "state": S.published, "days_ago": 20, "title": "Hepatitis C treatment in a patient who injects drugs",
        "age_band": "30-39", "sex": "male", "setting": "Federally qualified health center", "auditc": 4, "tags": ["hepatitis c", "harm reduction"],
        "chief_concern": "Chronic hepatitis C, genotype unknown, still injecting some days.",
        "history": "Diagnosed a year ago. No cirrhosis on an elastography scan.",
        "tests": "HCV RNA positive; liver enzymes twice normal; HIV negative.",
        "social_factors": "Uses the syringe service program weekly.",
        "questions": "Should we treat now or wait until he stops injecting?",
        "recs": [("hub", "medication", "Treat now with a pangenotypic regimen (sofosbuvir/velpatasvir, 12 weeks).", True),
              ("hub", "diagnostics", "No genotype needed before a pangenotypic regimen.", False),
              ("spoke", "other", "Hand out the tablets weekly at the syringe service visit.", False),
              ("hub", "monitoring", "Check HCV RNA 12 weeks after the end of treatment; retest yearly.", False)],
        "summary": "Ongoing injection drug use is not a reason to delay treatment; treat now and offer weekly dispensing.",
        "follow_up": "Report the 12-week result.",
    },
    {
        "state": S.summarised, "days_ago": 5, "title": "Insomnia and low mood in a night-shift worker",
        "age_band": "40-49", "sex": "female", "setting": "Tribal health clinic", "phq9": 14, "gad7": 8, "tags": ["insomnia", "depression"],
        "chief_concern": "Sleeps four hours after night shifts; low mood for two months.",
        "medications": "Zolpidem 10 mg most days for a year.",
        "questions": "How do we come off zolpidem, and what helps sleep with shift work?",
        "recs": [("hub", "medication", "Taper zolpidem by 25% every two weeks.", False),
              ("hub", "behavioural", "CBT for insomnia adapted to shift work.", True)],
        "summary": "Slow zolpidem taper with CBT-I; treat the low mood if it persists.",
        "follow_up": "Review in 8 weeks.",
    },
]


def load_demo_library(users: dict) -> None:
    """Add the demo library cases to the first program the demo participant belongs to (idempotent)."""
    author: User | None = users.get("participant")
    if author is None or author.id is None:
        return
    program = next((p for p in db.session.scalars(select(Program).order_by(Program.id)) if db.session.scalar(
        select(Membership.id).where(Membership.program_id == p.id, Membership.user_id == author.id,
                                    Membership.role == Role.participant, Membership.status == MembershipStatus.active))), None)
    if program is not None and not db.session.scalar(select(Case.id).where(Case.program_id == program.id, Case.title == CASES[0]["title"])):
        _add_cases(program, author, CASES)
    for name, spec in international.CASES.items():
        program = db.session.scalar(select(Program).where(Program.name == name))
        presenter = db.session.scalar(select(User).where(User.email == f"{spec['author']}@demo.echo"))
        if program is not None and presenter is not None and not db.session.scalar(
                select(Case.id).where(Case.program_id == program.id, Case.title == spec["title"])):
            _add_cases(program, presenter, [{k: v for k, v in spec.items() if k != "author"} | {"state": S.published}])
    db.session.flush()


def _add_cases(program: Program, author: User, specs: list[dict]) -> None:
    now = utcnow()
    for spec in specs:
        spec = dict(spec)
        state, days, tags, recs = spec.pop("state"), spec.pop("days_ago"), spec.pop("tags"), spec.pop("recs")
        summary, follow_up = spec.pop("summary"), spec.pop("follow_up")
        when = now - timedelta(days=days)
        case = Case(program_id=program.id, author_id=author.id, state=state, version=1, submitted_at=when - timedelta(days=7),
                    presented_at=when, summarised_at=when + timedelta(days=1), **spec)
        case.tags = [CaseTag(tag=t) for t in tags]
        db.session.add(case)
        db.session.flush()
        for source, category, text, consensus in recs:
            db.session.add(Recommendation(case_id=case.id, source=source, category=category, text=text, consensus=consensus))
        db.session.add(Summary(case_id=case.id, text=summary, follow_up=follow_up, sent_at=when + timedelta(days=1)))
        db.session.flush()
        if state == S.published:
            case.published_at = when + timedelta(days=2)
            write_document(case)
