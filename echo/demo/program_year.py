"""Demo: what a program gathers around its sessions, so that its report has figures to show.

For the first English demo program: who attended each held session (presence on the live
board, one coordinator's correction), the end-of-session evaluations and some 30-day
follow-ups, the presenter's 2-week close-outs of the published demo cases, the self-efficacy
survey's statements with ratings on joining and after taking part, and the hub's disclosures.

Everything here is invented. History is written through the features' own do_* operations
with the times it would have had (the demo's sessions are already over), except the presence
intervals, which the live board records as people come and go.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from echo.accounts.models import User
from echo.attendance import operations as attendance
from echo.attendance.models import EditReason
from echo.cases.models import Case, CaseState
from echo.closeout import operations as closeout
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.disclosures.models import Nature
from echo.disclosures.operations import do_disclose
from echo.evaluations import operations as evaluations
from echo.evaluations.models import QuestionKind, SurveyKind
from echo.live.models import PresenceInterval
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Program
from echo.selfefficacy import operations as selfefficacy
from echo.selfefficacy.models import ConfidenceItem, Stage

# The members of the first demo program (echo/demo/programs.py) by key, and how they attend:
# the hub comes to every session; the spokes miss one now and then (session index, member
# index and this pattern decide who, so the demo is the same on every load).
HUB = ("coordinator", "specialist", "j.begay")
SPOKES = ("participant", "m.rivera", "a.nguyen", "learner")

COMMENTS = (
    "The PHQ-9 walk-through will change how we run follow-up visits.",
    "More time for questions from the spokes, please.",
    "Good to hear how other rural clinics handle the same problem.",
    "The pharmacist's dosing table was the most useful part.",
)
CHANGED = (
    "We now repeat the PHQ-9 at every visit for patients on an antidepressant.",
    "Started a registry of patients with depression at our clinic.",
    "Still waiting for the behavioural health referral line to open.",
)
# (key, none to disclose, relationships as (company, nature, mitigated)); the companies are invented.
DISCLOSURES = (
    ("coordinator", True, ()),
    ("specialist", False, (("Mesa Verde Therapeutics", Nature.advisory, True),)),
    ("j.begay", False, (("Northwind Pharmacy Services", Nature.speaker, True),
                        ("Sandia Health Analytics", Nature.research, True))),
)


def load_program_year(users: dict[str, User]) -> None:
    """Fill the first English demo program's year (idempotent: nothing if it has statements
    already); the caller commits."""
    # Imported here: echo.demo imports this module when it loads.
    from echo.demo.programs import PROGRAMS

    program = db.session.scalar(select(Program).where(Program.name == PROGRAMS[0]["name"]))
    if program is None or db.session.scalar(select(ConfidenceItem.id).where(ConfidenceItem.program_id == program.id)):
        return
    people = {key: u for key in (*HUB, *SPOKES) if (u := _demo_user(users, key)) is not None}
    if len(people) < len(HUB) + len(SPOKES):
        return
    now = utcnow()
    held = list(db.session.scalars(select(ClinicSession).where(
        ClinicSession.program_id == program.id, ClinicSession.status == SessionStatus.ended,
        ClinicSession.starts_at < now).order_by(ClinicSession.starts_at)))
    for i, session in enumerate(held):
        session.started_at = session.started_at or session.starts_at
        session.ended_at = session.ended_at or session.starts_at + timedelta(minutes=session.duration_minutes)
        attended = _presence(session, i, people, last=i == len(held) - 1)
        _evaluations(session, i, attended, people, now, last=i == len(held) - 1)
    if len(held) > 2:
        # Someone who joined by phone: the coordinator gives her the minutes the board missed.
        attendance.do_edit(people["coordinator"], held[1], people["a.nguyen"], held[1].duration_minutes, EditReason.phone,
                           "Joined by phone from the clinic; the video link did not load.")
    _closeouts(program, now)
    _self_efficacy(program, people)
    for key, none, relationships in DISCLOSURES:
        do_disclose(people[key], program, none, list(relationships))
    db.session.flush()


def _demo_user(users: dict[str, User], key: str) -> User | None:
    return users.get(key) or db.session.scalar(select(User).where(User.email == f"{key}@demo.echo"))


def _presence(session: ClinicSession, i: int, people: dict[str, User], last: bool) -> list[User]:
    """Presence intervals on the live board for those who came (the demo participant came to
    the latest session, whose evaluation waits for them on the home page); returns them."""
    start, length = session.started_at or session.starts_at, session.duration_minutes
    came = []
    for j, key in enumerate((*HUB, *SPOKES)):
        if key in SPOKES and (i + j) % 4 == 0 and not (last and key == "participant"):
            continue   # missed this one
        # A spoke now and then joins late or leaves early; the hub stays throughout.
        minutes = length if key in HUB or (i + j) % 3 else length - 25
        user = people[key]
        db.session.add(PresenceInterval(session_id=session.id, user_id=user.id, sid=f"demo-{session.id}-{user.id}",
                                        joined_at=start + timedelta(minutes=length - minutes), left_at=start + timedelta(minutes=length)))
        came.append(user)
    db.session.flush()
    return came


def _evaluations(session: ClinicSession, i: int, attended: list[User], people: dict[str, User], now: datetime,
                 last: bool) -> None:
    """The end-of-session evaluation answered by most who came (the demo participant leaves
    the latest one for the demo); the 30-day follow-up by about half, once it opened."""
    ended = session.ended_at or now
    program = db.session.get(Program, session.program_id)
    assert program is not None
    end = evaluations.do_open_survey(session, SurveyKind.end, now=ended)
    for j, user in enumerate(attended):
        if (i * 3 + j) % 5 == 4 or (last and user is people["participant"]):
            continue
        values: dict[int, int | str | None] = {}
        for q in evaluations.questions(program, SurveyKind.end):
            if q.kind == QuestionKind.scale:
                values[q.id] = 5 if (i + j) % 3 else 4 - (i + j) % 2
            elif q.kind == QuestionKind.intent:
                values[q.id] = (2, 2, 1, 0)[(i + j) % 4]
            else:
                values[q.id] = COMMENTS[(i + j) % len(COMMENTS)] if (i + j) % 3 == 0 else ""
        evaluations.do_answer(end, user, values, now=ended + timedelta(hours=2 + j))
    opens = evaluations.opens_at(session, SurveyKind.followup)
    if opens is None or opens > now:
        return
    followup = evaluations.do_open_survey(session, SurveyKind.followup, now=opens)
    for j, user in enumerate(attended):
        if (i + j) % 2:
            continue
        values = {}
        for q in evaluations.questions(program, SurveyKind.followup):
            if q.kind == QuestionKind.intent:
                values[q.id] = (2, 1, 2, 0)[(i + j) % 4]
            else:
                values[q.id] = CHANGED[(i + j) % len(CHANGED)] if (i + j) % 4 == 0 else ""
        evaluations.do_answer(followup, user, values, now=opens + timedelta(days=1, hours=j))


def _closeouts(program: Program, now: datetime) -> None:
    """The presenter's 2-week close-out of each published demo case whose stage is due: the
    first recommendation done, the others in part or not (with a reason)."""
    cases = db.session.scalars(select(Case).where(Case.program_id == program.id, Case.state == CaseState.published)
                               .order_by(Case.id))
    for n, case in enumerate(cases):
        sent = closeout.sent_at(case)
        author = db.session.get(User, case.author_id)
        if sent is None or author is None or closeout.due_at(sent, 2) > now:
            continue
        recs = closeout.recommendations(case)
        answers = {}
        for k, rec in enumerate(recs):
            if k == 0 or (k + n) % 3 == 0:
                answers[rec.id] = closeout.ItemAnswer("fully")
            else:
                answers[rec.id] = closeout.ItemAnswer("partly" if k % 2 else "not", "not_available" if k % 2 else "patient_declined")
        due = closeout.due_at(sent, 2)
        c = closeout.do_open(case, 2, due)
        c.asked_at = due
        closeout.do_answer(c, author, recs, answers, "yes" if n == 0 else "not_applicable", "better" if n == 0 else "same",
                           "The plan is in place; the next visit is booked.", now=due + timedelta(days=3))


def _self_efficacy(program: Program, people: dict[str, User]) -> None:
    """The suggested statements; ratings on joining for the spokes, and after taking part for
    all but the demo participant (whose second round is left for the demo)."""
    items = selfefficacy.do_add_suggested(program)
    selfefficacy.do_set_plan(program, 6, None)
    db.session.flush()
    for j, key in enumerate(SPOKES):
        pre = {item.id: 2 + (j + k) % 2 for k, item in enumerate(items)}
        selfefficacy.do_answer(program, people[key], Stage.pre, pre)
        if key != "participant":
            selfefficacy.do_answer(program, people[key], Stage.post, {i: min(5, r + 1 + (j % 2)) for i, r in pre.items()})
