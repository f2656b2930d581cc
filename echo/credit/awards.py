"""Credit earned and awarded: who qualifies for a session's credit, the award step (a learner's
claim or a coordinator's award, one operation for both), transcripts and verification codes.

Attendance is read only through echo.attendance.ledger (share_attended, minutes_attended), the
one answer that includes coordinators' corrections and session-code claims. A completed
evaluation is a response to the session's end-of-session survey (echo.evaluations): the survey
form accepts a response only with every required question answered.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from echo.accounts import audit
from echo.accounts.models import User
from echo.accounts.notify import add_notification
from echo.attendance.ledger import minutes_attended, share_attended
from echo.core.errors import Conflict, NotAllowed, NotFound
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.credit.models import CreditAward, CreditRule, CreditType, hours_of
from echo.credit.rules import offered_rule
from echo.evaluations import operations as evaluations
from echo.evaluations.models import SurveyKind
from echo.programs.access import viewer_of
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.language import language_for
from echo.programs.models import Membership, MembershipStatus, Program, Role

# Crockford's base32 without I, L, O, U: a code read aloud or typed from paper is not mistaken.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed (lower case, spaces, dashes, O for 0) as the stored code."""
    return "".join(c for c in (text or "").upper().translate(TYPO) if c in CODE_ALPHABET)[:32]


def program_of(session: ClinicSession) -> Program:
    program = db.session.get(Program, session.program_id)
    if program is None:
        raise NotFound(_("There is no such program."))
    return program


def evaluation_done(session: ClinicSession, user_id: int) -> bool:
    """Whether the user answered the session's end-of-session evaluation."""
    survey = evaluations.survey_of(session, SurveyKind.end)
    if survey is None:
        return False
    return user_id in evaluations.responders(survey)


def award_of(session: ClinicSession, user_id: int) -> CreditAward | None:
    return db.session.scalar(select(CreditAward).where(CreditAward.session_id == session.id, CreditAward.user_id == user_id))


@dataclass
class Standing:
    """One attendee of a session against the program's rule."""

    user: User
    minutes: int
    share: float
    evaluation: bool
    rule: CreditRule
    award: CreditAward | None

    @property
    def share_percent(self) -> int:
        return int(self.share * 100 + 1e-9)

    @property
    def attended_enough(self) -> bool:
        return self.share_percent >= self.rule.min_share_percent

    @property
    def evaluation_ok(self) -> bool:
        return self.evaluation or not self.rule.evaluation_required

    @property
    def earned(self) -> bool:
        return self.attended_enough and self.evaluation_ok


def standing(session: ClinicSession, user: User, rule: CreditRule, minutes: dict[int, int] | None = None) -> Standing:
    minutes = minutes_attended(session) if minutes is None else minutes
    return Standing(user, minutes.get(user.id, 0), share_attended(session, user.id), evaluation_done(session, user.id),
                    rule, award_of(session, user.id))


def roster(session: ClinicSession, rule: CreditRule) -> list[Standing]:
    """Everyone the ledger counts as having attended, against the rule (the coordinator's page)."""
    minutes = minutes_attended(session)
    users = db.session.scalars(select(User).where(User.id.in_(set(minutes) or {0}))).all()
    return sorted((standing(session, u, rule, minutes) for u in users), key=lambda s: s.user.name.casefold())


# --- the award step -------------------------------------------------------------------------------

def check_session_open_for_credit(session: ClinicSession) -> CreditRule:
    if session.status != SessionStatus.ended:
        raise Conflict(_("Credit is awarded once the session has ended."))
    rule = offered_rule(program_of(session))
    if rule is None:
        raise Conflict(_("This program does not offer credit."))
    return rule


def check_claim(user: User, session: ClinicSession) -> Standing:
    """The learner's own claim: they attended (permission), then the rule's terms (409 with why)."""
    if user.id not in minutes_attended(session):
        raise NotAllowed(_("Only those who attended the session may claim its credit."))
    rule = check_session_open_for_credit(session)
    st = standing(session, user, rule)
    if st.award is not None and st.award.revoked:
        # Claiming again would undo the coordinators' decision: reinstating is theirs to do.
        raise Conflict(_("This session's credit was revoked; ask the program's coordinators if you think this is a mistake."))
    if st.award is not None:
        raise Conflict(_("You already have this session's credit."))
    if not st.attended_enough:
        raise Conflict(_("You attended %(share)s%% of the session; credit needs %(needed)s%%.",
                         share=st.share_percent, needed=rule.min_share_percent))
    if not st.evaluation_ok:
        raise Conflict(_("Complete the session's evaluation first; then claim the credit."))
    return st


def check_award_session(user: User, session: ClinicSession) -> CreditRule:
    """The program's coordinators (and site admins) award a session's credit."""
    viewer_of(user).require_role(program_of(session), Role.coordinator, action="award credit")
    return check_session_open_for_credit(session)


def do_award(session: ClinicSession, st: Standing, by: User | None) -> CreditAward:
    """Store the award with what the certificate says and the rule's values now (the caller
    has checked st.earned). by: the coordinator, or None for the learner's own claim."""
    program = program_of(session)
    award = CreditAward(
        code=new_code(), user_id=st.user.id, program_id=program.id, session_id=session.id,
        learner_name=st.user.name, learner_email=st.user.email, learner_profession=st.user.profession or "",
        program_name=program.name, session_starts_at=session.starts_at, session_timezone=program.timezone,
        credit_type=st.rule.credit_type, hours_centi=st.rule.hours_centi, minutes_attended=st.minutes,
        share_percent=st.share_percent, min_share_percent=st.rule.min_share_percent,
        evaluation_required=st.rule.evaluation_required, pars_activity_id=st.rule.pars_activity_id,
        awarded_by_id=by.id if by is not None else None, awarded_at=utcnow())
    db.session.add(award)
    db.session.flush()
    audit.record(by or st.user, "credit.awarded", "credit_award", award.id, program.id,
                 detail="claimed" if by is None else "awarded by coordinator")
    if by is not None and by.id != st.user.id:
        # Told in their own language (stored as text: the notice list shows it as written).
        with force_locale(language_for(st.user, program)):
            message = _("Your credit for the %(program)s session is ready: your certificate is in your transcript.",
                        program=program.name)
        # The path from the URL map: awards are also made outside a request (a script, a test).
        add_notification(st.user, "credit_awarded", message, current_app.url_map.bind("").build("credit.transcript"))
    return award


def do_award_session(session: ClinicSession, rule: CreditRule, by: User) -> list[CreditAward]:
    """Award everyone who earned the session's credit and has none yet."""
    return [do_award(session, st, by) for st in roster(session, rule) if st.earned and st.award is None]


# --- the learner's side ----------------------------------------------------------------------------

def transcript(user: User) -> list[CreditAward]:
    return list(db.session.scalars(select(CreditAward).where(CreditAward.user_id == user.id)
                                   .order_by(CreditAward.session_starts_at.desc())))


def totals(awards: list[CreditAward]) -> list[tuple[str, object]]:
    """Hours per credit type (label, hours), in the order of CreditType."""
    sums: dict[str, int] = {}
    for a in awards:
        sums[a.credit_type.value] = sums.get(a.credit_type.value, 0) + a.hours_centi
    return [(t.label, hours_of(sums[t.value])) for t in CreditType if t.value in sums]


@dataclass
class Open:
    """Credit of ended sessions not yet awarded to the user: to claim now, or once the
    evaluation is answered."""

    claimable: list[tuple[ClinicSession, Standing]]
    needs_evaluation: list[tuple[ClinicSession, Standing]]


def open_credit(user: User, limit: int = 200) -> Open:
    """Among the last `limit` ended sessions of the user's programs that offer credit: those the
    user attended enough and has no award for."""
    sessions = db.session.scalars(
        select(ClinicSession).join(Membership, (Membership.program_id == ClinicSession.program_id)
                                   & (Membership.user_id == user.id))
        .where(Membership.status == MembershipStatus.active, ClinicSession.status == SessionStatus.ended)
        .order_by(ClinicSession.starts_at.desc()).limit(limit)).all()
    out = Open([], [])
    rules: dict[int, CreditRule | None] = {}
    for s in sessions:
        if s.program_id not in rules:
            rules[s.program_id] = offered_rule(program_of(s))
        rule = rules[s.program_id]
        if rule is None or award_of(s, user.id) is not None:
            continue
        minutes = minutes_attended(s)
        if user.id not in minutes:
            continue
        st = standing(s, user, rule, minutes)
        if st.earned:
            out.claimable.append((s, st))
        elif st.attended_enough:
            out.needs_evaluation.append((s, st))
    return out


def get_award(code: str) -> CreditAward:
    award = db.session.scalar(select(CreditAward).where(CreditAward.code == normalise_code(code)))
    if award is None:
        raise NotFound(_("No certificate has this code. Check it against the certificate and try again."))
    return award


def language_of(award: CreditAward) -> str:
    """The learner's language for a certificate someone else downloads: theirs, else the program's."""
    learner = db.session.get(User, award.user_id) if award.user_id is not None else None
    program = db.session.get(Program, award.program_id) if award.program_id is not None else None
    return language_for(learner, program)


def check_view_certificate(user: User, award: CreditAward) -> None:
    """The learner it was awarded to, the program's coordinators and site admins."""
    viewer = viewer_of(user)
    if viewer.id is not None and viewer.id == award.user_id:
        return
    program = db.session.get(Program, award.program_id) if award.program_id is not None else None
    if viewer.is_admin or (program is not None and viewer.is_coordinator(program)):
        return
    raise NotAllowed(_("Only the learner and the program's coordinators may download this certificate."))
