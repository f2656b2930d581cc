"""The self-efficacy survey's rules: who is asked, when each round opens, what the answers
show. check_* validates and authorises, do_* writes (the route commits), notify_* mails after
the commit."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from echo.accounts.models import User
from echo.attendance.ledger import minutes_attended
from echo.core.errors import Invalid, NotAllowed
from echo.core.extensions import db
from echo.core.links import external_url
from echo.core.mail import send_mail
from echo.core.types import utcnow
from echo.programs.access import Viewer
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.language import language_for
from echo.programs.models import Membership, MembershipStatus, Program, Role
from echo.selfefficacy.models import (
    ConfidenceItem,
    ConfidencePlan,
    ConfidenceRating,
    ConfidenceResponse,
    Stage,
)

# The spokes: those whose confidence the program sets out to raise.
ASKED = (Role.participant, Role.learner)
STATEMENT_MAX = 300
ITEMS_MAX = 20
SCALE = {5: _l("5: completely confident"), 4: _l("4: very confident"), 3: _l("3: moderately confident"),
         2: _l("2: slightly confident"), 1: _l("1: not at all confident")}
STAGE_LABELS = {Stage.pre: _l("On joining"), Stage.post: _l("After taking part")}
# Statements many ECHO programs start from; the coordinator edits them to fit the topic.
SUGGESTED = (
    _l("Recognise and assess the conditions this program covers (%(topic)s)."),
    _l("Start and adjust treatment for these conditions myself."),
    _l("Know when and how to refer a patient to a specialist."),
    _l("Find and use current guidelines and resources for these conditions."),
    _l("Counsel patients and their families about these conditions."),
)


def parse_stage(value: str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise Invalid(_("There is no such round of the survey.")) from None


def items(program: Program) -> list[ConfidenceItem]:
    return list(db.session.scalars(select(ConfidenceItem).where(
        ConfidenceItem.program_id == program.id, ConfidenceItem.active.is_(True)).order_by(ConfidenceItem.position, ConfidenceItem.id)))


def plan_of(program: Program) -> ConfidencePlan:
    """The program's timing (the default, unsaved, until the coordinator sets one)."""
    return db.session.get(ConfidencePlan, program.id) or ConfidencePlan(program_id=program.id, post_after_sessions=6, post_on=None)


def sessions_attended(program: Program, user_id: int) -> int:
    ended = db.session.scalars(select(ClinicSession).where(
        ClinicSession.program_id == program.id, ClinicSession.status == SessionStatus.ended))
    return sum(1 for s in ended if minutes_attended(s).get(user_id, 0) > 0)


def post_is_due(program: Program, user_id: int, today: date | None = None) -> bool:
    plan = plan_of(program)
    today = today or utcnow().date()
    if plan.post_on is not None and today >= plan.post_on:
        return True
    return plan.post_after_sessions is not None and sessions_attended(program, user_id) >= plan.post_after_sessions


def response_of(program: Program, user_id: int, stage: Stage) -> ConfidenceResponse | None:
    return db.session.scalar(select(ConfidenceResponse).where(
        ConfidenceResponse.program_id == program.id, ConfidenceResponse.user_id == user_id, ConfidenceResponse.stage == stage))


def is_asked(viewer: Viewer, program: Program) -> bool:
    return viewer.role_in(program) in ASKED


def open_stages(viewer: Viewer, program: Program) -> list[Stage]:
    """The rounds this person may answer now (answered ones included: they may change them)."""
    if viewer.id is None or not is_asked(viewer, program) or not items(program):
        return []
    return [Stage.pre] + ([Stage.post] if post_is_due(program, viewer.id) else [])


def waiting(viewer: Viewer, program: Program) -> list[Stage]:
    """Open rounds not answered yet (the program page asks for them)."""
    if viewer.id is None:
        return []
    return [s for s in open_stages(viewer, program) if response_of(program, viewer.id, s) is None]


def check_answer(viewer: Viewer, program: Program, stage: Stage) -> None:
    if not is_asked(viewer, program):
        raise NotAllowed(_("This survey is for the program's participating clinicians and learners."))
    if not items(program):
        raise Invalid(_("This program has no self-efficacy survey yet."))
    if stage not in open_stages(viewer, program):
        plan = plan_of(program)
        raise NotAllowed(_("The second round opens after %(n)s sessions attended.", n=plan.post_after_sessions)
                         if plan.post_after_sessions else _("The second round has not opened yet."))


def check_ratings(questions: Sequence[ConfidenceItem], ratings: dict[int, int | None]) -> dict[int, int]:
    """Every statement rated 1 to 5."""
    missing = [q.id for q in questions if ratings.get(q.id) not in SCALE]
    if missing:
        raise Invalid(_("Please rate every statement."))
    return {q.id: int(ratings[q.id] or 0) for q in questions}


def do_answer(program: Program, user: User, stage: Stage, ratings: dict[int, int]) -> ConfidenceResponse:
    response = response_of(program, user.id, stage)
    now = utcnow()
    if response is None:
        response = ConfidenceResponse(program_id=program.id, user_id=user.id, stage=stage, created_at=now)
        db.session.add(response)
    response.updated_at = now
    kept = {r.item_id: r for r in response.ratings}
    for item_id, rating in ratings.items():
        if item_id in kept:
            kept[item_id].rating = rating
        else:
            response.ratings.append(ConfidenceRating(item_id=item_id, rating=rating))
    return response


# --- the coordinator's side ---------------------------------------------------------------

def check_manage(viewer: Viewer, program: Program) -> None:
    viewer.require_role(program, Role.coordinator, action=_("manage the self-efficacy survey"))


def check_statement(program: Program, statement: str) -> str:
    text = " ".join((statement or "").split())
    if not text:
        raise Invalid(_("Write the statement."))
    if len(text) > STATEMENT_MAX:
        raise Invalid(_("Keep the statement under %(n)s characters.", n=STATEMENT_MAX))
    if len(items(program)) >= ITEMS_MAX:
        raise Invalid(_("A survey has at most %(n)s statements: a short one gets answered.", n=ITEMS_MAX))
    return text


def do_add_item(program: Program, statement: str) -> ConfidenceItem:
    position = max((i.position for i in items(program)), default=0) + 1
    item = ConfidenceItem(program_id=program.id, statement=statement, position=position)
    db.session.add(item)
    return item


def do_add_suggested(program: Program) -> list[ConfidenceItem]:
    """The suggested statements, written in the program's language."""
    with force_locale(language_for(None, program)):
        texts = [str(s) % {"topic": program.topic} if "%(topic)s" in str(s) else str(s) for s in SUGGESTED]
    return [do_add_item(program, t) for t in texts]


def do_remove_item(item: ConfidenceItem) -> None:
    item.active = False


def check_plan(after: int | None, on: date | None) -> None:
    if after is None and on is None:
        raise Invalid(_("Say when the second round opens: after a number of sessions, on a date, or both."))
    if after is not None and not 1 <= after <= 100:
        raise Invalid(_("The number of sessions must be between 1 and 100."))


def do_set_plan(program: Program, after: int | None, on: date | None) -> ConfidencePlan:
    plan = db.session.get(ConfidencePlan, program.id)
    if plan is None:
        plan = ConfidencePlan(program_id=program.id)
        db.session.add(plan)
    plan.post_after_sessions, plan.post_on = after, on
    return plan


# --- what the answers show ----------------------------------------------------------------

@dataclass
class ItemResult:
    item: ConfidenceItem
    pre_mean: float | None
    post_mean: float | None
    paired: int            # people who rated it in both rounds
    paired_change: float | None  # their mean change (post - pre)


@dataclass
class Results:
    asked: int             # members now asked (participants and learners)
    pre: int               # answered the first round
    post: int              # answered the second round
    items: list[ItemResult]


def _mean(values: Iterable[int]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def results(program: Program) -> Results:
    asked = db.session.scalar(select(db.func.count(Membership.id)).where(
        Membership.program_id == program.id, Membership.status == MembershipStatus.active, Membership.role.in_(ASKED))) or 0
    rows = db.session.execute(select(ConfidenceResponse.user_id, ConfidenceResponse.stage, ConfidenceRating.item_id,
                                     ConfidenceRating.rating)
                              .join(ConfidenceRating, ConfidenceRating.response_id == ConfidenceResponse.id)
                              .where(ConfidenceResponse.program_id == program.id)).all()
    by: dict[tuple[int, Stage], dict[int, int]] = {}
    for user_id, stage, item_id, rating in rows:
        by.setdefault((item_id, stage), {})[user_id] = rating
    counts = {stage: len(set(db.session.scalars(select(ConfidenceResponse.user_id).where(
        ConfidenceResponse.program_id == program.id, ConfidenceResponse.stage == stage)))) for stage in Stage}
    out = []
    for item in db.session.scalars(select(ConfidenceItem).where(ConfidenceItem.program_id == program.id)
                                   .order_by(ConfidenceItem.active.desc(), ConfidenceItem.position, ConfidenceItem.id)):
        pre, post = by.get((item.id, Stage.pre), {}), by.get((item.id, Stage.post), {})
        both = sorted(set(pre) & set(post))
        if not (pre or post or item.active):
            continue
        out.append(ItemResult(item, _mean(pre.values()), _mean(post.values()), len(both),
                              _mean(post[u] - pre[u] for u in both)))
    return Results(asked=asked, pre=counts[Stage.pre], post=counts[Stage.post], items=out)


def notify_round(program: Program, stage: Stage, people: Sequence[User]) -> None:
    """Mail each person in their own language (else the program's) that a round is open."""
    for person in people:
        if not person.is_active:
            continue
        with force_locale(language_for(person, program)):
            subject = _("%(program)s: how confident do you feel?", program=program.name)
            link = external_url("selfefficacy.answer", program_id=program.id, stage=stage.value)
            intro = (_("Before your first sessions, please rate how confident you feel about the program's topic.")
                     if stage == Stage.pre else
                     _("You have taken part in the program for a while: please rate your confidence again, "
                       "so the program can see what changed."))
            body = "\n\n".join([intro, _("It takes two minutes: %(link)s", link=link),
                                _("Your answers are shown to the program's coordinators only as totals.")])
        send_mail(person.email, subject, body)
