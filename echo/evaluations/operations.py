"""Who may answer which survey, the answers, the questions, response rates and reminders.

check_* validates and authorises, do_* writes (the route commits), notify_* mails after the
commit. The scheduled part (opening surveys, mailing attendees) is echo.evaluations.sweep.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_date
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from echo.accounts import audit
from echo.accounts.models import User
from echo.core.errors import Conflict, Invalid, NotAllowed, NotFound
from echo.core.extensions import db
from echo.core.links import external_url
from echo.core.mail import send_mail
from echo.core.types import utcnow
from echo.evaluations.models import (
    EvaluationQuestion,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyInvite,
    SurveyKind,
    SurveyResponse,
)
from echo.live.models import PresenceInterval
from echo.programs.access import require_role, viewer_of
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.language import language_for
from echo.programs.models import Membership, MembershipStatus, Program, Role

FOLLOWUP_AFTER = timedelta(days=30)
# A survey is offered (home page, first mail) this long after it opens; older ones stay
# answerable by their link but are not pushed.
OFFER_FOR = timedelta(days=14)
REMIND_EVERY = timedelta(days=1)
RESPONSE_TARGET = 0.8      # funders (SAMHSA, HRSA) ask for 80% of attendees
TEXT_MAX = 2000
PROMPT_MAX = 300
INTENT = {2: _l("Yes"), 1: _l("Maybe"), 0: _l("No")}

# A program's questions until its coordinator changes them. They are stored as text the
# coordinator may edit, so they are written in the program's language when first seeded
# (do_seed_questions); a program's language changed later does not rewrite them.
DEFAULT_QUESTIONS = [
    (SurveyKind.end, QuestionKind.scale, _l("Overall, how satisfied were you with this session?"), True),
    (SurveyKind.end, QuestionKind.intent, _l("Do you intend to change your practice because of this session?"), True),
    (SurveyKind.end, QuestionKind.text, _l("What will you take back to your clinic, or what should we do differently?"), False),
    (SurveyKind.followup, QuestionKind.intent, _l("Since the session, have you changed your practice because of it?"), True),
    (SurveyKind.followup, QuestionKind.text, _l("What changed, or what stood in the way?"), False),
]
LANGUAGES = ("en", "es", "fr")


def opens_at(session: ClinicSession, kind: SurveyKind) -> datetime | None:
    """When the survey opens: the session's end, or 30 days after it; None before it ended."""
    if session.status != SessionStatus.ended or session.ended_at is None:
        return None
    return session.ended_at + (FOLLOWUP_AFTER if kind == SurveyKind.followup else timedelta(0))


def program_of(obj: ClinicSession | Survey) -> Program:
    program = db.session.get(Program, obj.program_id)
    if program is None:
        raise NotFound(_("There is no such program."))
    return program


def session_of(survey: Survey) -> ClinicSession:
    session = db.session.get(ClinicSession, survey.session_id)
    if session is None:
        raise NotFound(_("There is no such session."))
    return session


def parse_kind(value: str) -> SurveyKind:
    try:
        return SurveyKind(value)
    except ValueError:
        raise NotFound(_("There is no such survey.")) from None


# --- questions -------------------------------------------------------------------------------------

def questions(program: Program, kind: SurveyKind | None = None) -> list[EvaluationQuestion]:
    q = select(EvaluationQuestion).where(EvaluationQuestion.program_id == program.id, EvaluationQuestion.active.is_(True))
    if kind is not None:
        q = q.where(EvaluationQuestion.survey == kind)
    return list(db.session.scalars(q.order_by(EvaluationQuestion.survey, EvaluationQuestion.position, EvaluationQuestion.id)))


def do_seed_questions(program: Program) -> None:
    """Give a program the default questions the first time it needs any."""
    if db.session.scalar(select(func.count(EvaluationQuestion.id)).where(EvaluationQuestion.program_id == program.id)):
        return
    with force_locale(language_for(None, program)):
        for n, (survey, kind, prompt, required) in enumerate(DEFAULT_QUESTIONS):
            db.session.add(EvaluationQuestion(program_id=program.id, survey=survey, kind=kind, prompt=str(prompt),
                                              required=required, position=n))
    db.session.flush()


def check_edit_questions(user: User, program: Program) -> None:
    require_role(user, program, Role.coordinator, action="edit the evaluation questions")


def do_add_question(program: Program, survey: SurveyKind, kind: QuestionKind, prompt: str, required: bool) -> EvaluationQuestion:
    prompt = " ".join((prompt or "").split())
    if not prompt:
        raise Invalid(_("Write the question."), field="prompt")
    if len(prompt) > PROMPT_MAX:
        raise Invalid(_("Keep the question under %(num)d characters.", num=PROMPT_MAX), field="prompt")
    do_seed_questions(program)
    last = db.session.scalar(select(func.max(EvaluationQuestion.position)).where(EvaluationQuestion.program_id == program.id))
    q = EvaluationQuestion(program_id=program.id, survey=survey, kind=kind, prompt=prompt, required=required,
                           position=(last or 0) + 1)
    db.session.add(q)
    return q


def get_question(program: Program, question_id: int) -> EvaluationQuestion:
    q = db.session.get(EvaluationQuestion, question_id)
    if q is None or q.program_id != program.id or not q.active:
        raise NotFound(_("That question is not in this program's surveys."))
    return q


def do_remove_question(q: EvaluationQuestion) -> None:
    """Hidden from surveys from now on; answers already given to it are kept."""
    q.active = False


# --- who may answer -------------------------------------------------------------------------------

def attendee_ids(session_id: int) -> set[int]:
    return set(db.session.scalars(select(PresenceInterval.user_id).where(PresenceInterval.session_id == session_id).distinct()))


def eligible_ids(session: ClinicSession) -> set[int]:
    """Those who may answer: attended the session and are members of its program now."""
    attended = attendee_ids(session.id)
    if not attended:
        return set()
    members = set(db.session.scalars(select(Membership.user_id).where(
        Membership.program_id == session.program_id, Membership.status == MembershipStatus.active,
        Membership.user_id.in_(attended))))
    return attended & members


def check_answer(user: User, session: ClinicSession, kind: SurveyKind, now: datetime | None = None) -> None:
    """Members who attended the session, once the survey is open (who may not answer hears 403
    before anything about the survey's state)."""
    if viewer_of(user).membership(program_of(session)) is None:
        raise NotAllowed(_("Only the program's members answer its evaluations."))
    if user.id not in attendee_ids(session.id):
        raise NotAllowed(_("Only those who attended the session answer its evaluation."))
    opening = opens_at(session, kind)
    if opening is None:
        raise Conflict(_("The evaluation opens when the session ends."))
    if opening > (now or utcnow()):
        raise Conflict(_("The follow-up survey opens %(num)d days after the session.", num=FOLLOWUP_AFTER.days))


def survey_of(session: ClinicSession, kind: SurveyKind) -> Survey | None:
    return db.session.scalar(select(Survey).where(Survey.session_id == session.id, Survey.kind == kind))


def do_open_survey(session: ClinicSession, kind: SurveyKind, now: datetime | None = None) -> Survey:
    """The session's survey, made when first needed (the sweep or the first person to open it).
    Two at once: the unique (session, kind) refuses the second, whose caller rolls back."""
    survey = survey_of(session, kind)
    if survey is None:
        do_seed_questions(program_of(session))
        survey = Survey(session_id=session.id, program_id=session.program_id, kind=kind, opened_at=now or utcnow())
        db.session.add(survey)
        db.session.flush()
    return survey


def response_of(survey: Survey, user: User) -> SurveyResponse | None:
    return db.session.scalar(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id, SurveyResponse.user_id == user.id))


def do_answer(survey: Survey, user: User, values: dict[int, int | str | None], now: datetime | None = None) -> SurveyResponse:
    """Store the answers (values by question id); a second answer replaces the first. Text
    answers have passed the privacy guard (the form's check) before they come here."""
    now = now or utcnow()
    response = response_of(survey, user)
    if response is None:
        response = SurveyResponse(survey_id=survey.id, user_id=user.id, created_at=now)
        db.session.add(response)
    response.updated_at = now
    by_question = {a.question_id: a for a in response.answers}
    for qid, value in values.items():
        answer = by_question.get(qid)
        if answer is None:
            answer = SurveyAnswer(question_id=qid)
            response.answers.append(answer)
        answer.number = value if isinstance(value, int) else None
        answer.text = value if isinstance(value, str) else ""
    return response


def audit_privacy(user: User, survey: Survey, kinds: set[str]) -> None:
    """A writer's confirmation that flagged text identifies nobody (kinds only, never the text)."""
    audit.record(user, "evaluation.privacy_confirmed", "survey", survey.id, survey.program_id, detail="kinds: " + ",".join(sorted(kinds)))


# --- what is waiting for a person (the home page) -------------------------------------------------

@dataclass
class Due:
    session: ClinicSession
    kind: SurveyKind


def due_for(user: User, now: datetime | None = None) -> list[Due]:
    """Open surveys of sessions the user attended, offered for OFFER_FOR after they open, not yet answered."""
    now = now or utcnow()
    since = now - FOLLOWUP_AFTER - OFFER_FOR
    rows = db.session.scalars(
        select(ClinicSession).join(PresenceInterval, PresenceInterval.session_id == ClinicSession.id)
        .join(Membership, (Membership.program_id == ClinicSession.program_id) & (Membership.user_id == user.id))
        .where(PresenceInterval.user_id == user.id, Membership.status == MembershipStatus.active,
               ClinicSession.status == SessionStatus.ended, ClinicSession.ended_at >= since)
        .distinct().order_by(ClinicSession.ended_at.desc())).all()
    answered = set(db.session.execute(
        select(Survey.session_id, Survey.kind).join(SurveyResponse, SurveyResponse.survey_id == Survey.id)
        .where(SurveyResponse.user_id == user.id, Survey.session_id.in_([s.id for s in rows]))).tuples()) if rows else set()
    out = []
    for s in rows:
        for kind in SurveyKind:
            opening = opens_at(s, kind)
            if opening is not None and opening <= now < opening + OFFER_FOR and (s.id, kind) not in answered:
                out.append(Due(s, kind))
    return out


def open_for(session: ClinicSession, user: User, now: datetime | None = None) -> list[SurveyKind]:
    """The session's surveys the user may answer now (the session page's links)."""
    out = []
    for kind in SurveyKind:
        try:
            check_answer(user, session, kind, now)
        except (NotAllowed, Conflict):
            continue
        out.append(kind)
    return out


# --- response rates and reminders (coordinators) --------------------------------------------------

@dataclass
class Rate:
    survey: Survey
    session: ClinicSession
    asked: int
    answered: int

    @property
    def share(self) -> float:
        return self.answered / self.asked if self.asked else 0.0

    @property
    def meets_target(self) -> bool:
        return self.asked > 0 and self.share >= RESPONSE_TARGET


def responders(survey: Survey) -> set[int]:
    return set(db.session.scalars(select(SurveyResponse.user_id).where(SurveyResponse.survey_id == survey.id)))


def rate_of(survey: Survey) -> Rate:
    session = session_of(survey)
    answered = responders(survey)
    return Rate(survey, session, len(eligible_ids(session) | answered), len(answered))


def rates(program: Program) -> list[Rate]:
    surveys = db.session.scalars(select(Survey).join(ClinicSession, ClinicSession.id == Survey.session_id)
                                 .where(Survey.program_id == program.id)
                                 .order_by(ClinicSession.starts_at.desc(), Survey.kind)).all()
    return [rate_of(s) for s in surveys]


def check_coordinator(user: User, program: Program) -> None:
    require_role(user, program, Role.coordinator, action="see the evaluations")


def get_survey(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise NotFound(_("There is no such survey."))
    return survey


def check_remind(survey: Survey, now: datetime | None = None) -> None:
    now = now or utcnow()
    if survey.reminded_at is not None and now - survey.reminded_at < REMIND_EVERY:
        raise Conflict(_("A reminder for this survey went out less than a day ago; send the next one tomorrow."))


def do_remind(survey: Survey, user: User, now: datetime | None = None) -> list[User]:
    """Mark a reminder to everyone who may answer and has not; returns them for notify_reminders."""
    now = now or utcnow()
    check_remind(survey, now)
    waiting = sorted(eligible_ids(session_of(survey)) - responders(survey))
    survey.reminded_at = now
    invites = {i.user_id: i for i in survey.invites}
    people = []
    for uid in waiting:
        invite = invites.get(uid)
        if invite is None:
            invite = SurveyInvite(user_id=uid, mailed_at=now)
            survey.invites.append(invite)
        invite.reminded_at = now
        if (person := db.session.get(User, uid)) is not None:
            people.append(person)
    audit.record(user, "evaluation.reminded", "survey", survey.id, survey.program_id, detail=f"{len(people)} reminded")
    return people


def _date(d: datetime, pattern: str) -> str:
    """The session's day (UTC, as the English mail always gave it) in the current language."""
    locale = get_locale()
    return str(format_date(d.date(), pattern, locale=locale.language if locale is not None else "en"))


def mail_text(survey: Survey, session: ClinicSession, program: Program, reminder: bool = False) -> tuple[str, str]:
    """Subject and body of an invitation or reminder, in the current language (notify_survey
    forces the recipient's): no case text, only the session and the link."""
    link = external_url("evaluations.answer", session_id=session.id, kind=survey.kind.value)
    # Babel date patterns; translators reorder them ("d 'de' MMM 'de' y").
    short, long = _date(session.starts_at, _("dd MMM yyyy")), _date(session.starts_at, _("dd MMMM yyyy"))
    name = program.name
    if survey.kind == SurveyKind.followup:
        subject = (_("Reminder: %(program)s: the 30-day follow-up survey of the session of %(date)s", program=name, date=short)
                   if reminder else _("%(program)s: the 30-day follow-up survey of the session of %(date)s", program=name, date=short))
        ask = _("Please answer the 30-day follow-up survey; it takes a minute and tells the hub what to keep and what to change:")
    else:
        subject = (_("Reminder: %(program)s: the evaluation of the session of %(date)s", program=name, date=short)
                   if reminder else _("%(program)s: the evaluation of the session of %(date)s", program=name, date=short))
        ask = _("Please answer the evaluation; it takes a minute and tells the hub what to keep and what to change:")
    thanks = _("Thank you for attending the %(program)s session of %(date)s.", program=name, date=long)
    return subject, f"{thanks}\n\n{ask}\n{link}\n"


def notify_survey(survey: Survey, people: Sequence[User | None], reminder: bool = False) -> None:
    """Mail each person in their language (their own, else the program's, else English)."""
    session, program = session_of(survey), program_of(survey)
    for person in people:
        if person is not None and person.is_active:
            with force_locale(language_for(person, program)):
                subject, body = mail_text(survey, session, program, reminder)
            send_mail(person.email, subject, body)
