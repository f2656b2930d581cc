"""Case close-out: who answers (the presenter), when (2 and 12 weeks after the summary was
sent), what (per recommendation: implemented or not and why not; a referral avoided; how the
patient is doing; a short note through the privacy guard), and which are overdue.

check_* validates and authorises, do_* writes (the route commits), notify_* mails after the
commit. The scheduled asking is echo.closeout.sweep.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from echo.accounts import audit
from echo.accounts.models import User
from echo.accounts.notify import add_notification
from echo.cases.models import Case
from echo.closeout.models import (
    AVOIDED,
    IMPLEMENTED,
    PATIENT,
    STAGES,
    WHY_NOT,
    Closeout,
    CloseoutItem,
)
from echo.core.errors import Conflict, Invalid, NotAllowed, NotFound
from echo.core.extensions import db
from echo.core.links import external_url
from echo.core.mail import send_mail
from echo.core.types import utcnow
from echo.live.models import Recommendation
from echo.programs.access import require_role, viewer_of
from echo.programs.language import language_for
from echo.programs.models import Program, Role
from echo.summaries.models import Summary

# A close-out not answered this long after it was due is overdue (the coordinator's list).
GRACE = timedelta(days=7)
NOTE_MAX = 1000
# A due close-out stays on the presenter's home page this long.
OFFER_FOR = timedelta(weeks=8)


LANGUAGES = ("en", "es", "fr")


def language_of(case: Case) -> str:
    """The presenter's language: their own, else the case's program's, else English."""
    return language_for(case.author, db.session.get(Program, case.program_id))


def sent_at(case: Case) -> datetime | None:
    return db.session.scalar(select(Summary.sent_at).where(Summary.case_id == case.id, Summary.sent_at.is_not(None)))


def due_at(sent: datetime, weeks: int) -> datetime:
    return sent + timedelta(weeks=weeks)


def parse_weeks(value: int) -> int:
    if value not in STAGES:
        raise NotFound(_("Close-outs are at %(first)d and %(last)d weeks.", first=STAGES[0], last=STAGES[-1]))
    return value


def recommendations(case: Case) -> list[Recommendation]:
    """The recommendations still standing, consensus first (as the summary lists them)."""
    return list(db.session.scalars(
        select(Recommendation).where(Recommendation.case_id == case.id, Recommendation.withdrawn.is_(False))
        .order_by(Recommendation.consensus.desc(), Recommendation.created_at, Recommendation.id)))


def check_answer(user: User, case: Case, weeks: int, now: datetime | None = None) -> datetime:
    """The presenter, while a member of the program, once the stage is due; returns when it was due."""
    program = db.session.get(Program, case.program_id)
    if case.author_id != user.id or program is None or viewer_of(user).membership(program) is None:
        raise NotAllowed(_("Only the case's presenter reports how the advice worked out."))
    sent = sent_at(case)
    if sent is None:
        raise Conflict(_("The close-out is asked for once the panel's summary has been sent."))
    due = due_at(sent, weeks)
    if due > (now or utcnow()):
        raise Conflict(_("The %(num)d-week close-out opens %(num)d weeks after the summary was sent.", num=weeks))
    return due


def closeout_of(case: Case, weeks: int) -> Closeout | None:
    return db.session.scalar(select(Closeout).where(Closeout.case_id == case.id, Closeout.weeks == weeks))


def do_open(case: Case, weeks: int, due: datetime) -> Closeout:
    """The stage's row, made when first needed (a second maker at the same moment is refused by
    the unique (case, weeks); its caller rolls back)."""
    c = closeout_of(case, weeks)
    if c is None:
        c = Closeout(case_id=case.id, weeks=weeks, due_at=due)
        db.session.add(c)
        db.session.flush()
    return c


@dataclass
class ItemAnswer:
    implemented: str
    why_not: str = ""


def check_answers(recs: list[Recommendation], items: dict[int, ItemAnswer], referral_avoided: str, patient_status: str) -> None:
    for r in recs:
        a = items.get(r.id)
        if a is None or a.implemented not in IMPLEMENTED:
            raise Invalid(_("Say for each recommendation whether it was implemented."), field=f"impl_{r.id}")
        if a.implemented != "fully" and a.why_not not in WHY_NOT:
            raise Invalid(_("Say why it was not (fully) implemented."), field=f"why_{r.id}")
    if referral_avoided not in AVOIDED:
        raise Invalid(_("Say whether a referral or transfer was avoided."), field="referral_avoided")
    if patient_status not in PATIENT:
        raise Invalid(_("Say how the patient is doing."), field="patient_status")


def do_answer(c: Closeout, user: User, recs: list[Recommendation], items: dict[int, ItemAnswer], referral_avoided: str,
              patient_status: str, note: str, now: datetime | None = None) -> Closeout:
    """Store the presenter's answers (answering again replaces them). The note has passed the
    privacy guard (the route's check) before it comes here."""
    check_answers(recs, items, referral_avoided, patient_status)
    if len(note) > NOTE_MAX:
        raise Invalid(_("Keep the note under %(num)d characters.", num=NOTE_MAX), field="note")
    existing = {i.recommendation_id: i for i in c.items}
    for r in recs:
        a = items[r.id]
        item = existing.get(r.id)
        if item is None:
            item = CloseoutItem(recommendation_id=r.id, implemented=a.implemented)
            c.items.append(item)
        item.implemented = a.implemented
        item.why_not = "" if a.implemented == "fully" else a.why_not
    c.referral_avoided, c.patient_status, c.note = referral_avoided, patient_status, note.strip()
    c.answered_at, c.answered_by_id = now or utcnow(), user.id
    case = db.session.get(Case, c.case_id)
    audit.record(user, "closeout.answered", "case", c.case_id, case.program_id if case else None, detail=f"{c.weeks} weeks")
    return c


def audit_privacy(user: User, case: Case, kinds: set[str]) -> None:
    audit.record(user, "closeout.privacy_confirmed", "case", case.id, case.program_id, detail="kinds: " + ",".join(sorted(kinds)))


# --- what shows on the case, the library entry and the home page ------------------------------------

@dataclass
class Shown:
    closeout: Closeout
    items: list[tuple[Recommendation, CloseoutItem]]

    def count(self, implemented: str) -> int:
        return sum(1 for _r, i in self.items if i.implemented == implemented)


def answered(case_id: int) -> list[Shown]:
    rows = db.session.scalars(select(Closeout).where(Closeout.case_id == case_id, Closeout.answered_at.is_not(None))
                              .order_by(Closeout.weeks)).all()
    out = []
    for c in rows:
        recs = {r.id: r for r in db.session.scalars(select(Recommendation).where(
            Recommendation.id.in_([i.recommendation_id for i in c.items])))}
        out.append(Shown(c, [(recs[i.recommendation_id], i) for i in c.items if i.recommendation_id in recs]))
    return out


@dataclass
class Due:
    case: Case
    weeks: int
    due_at: datetime


def due_stages(case: Case, now: datetime | None = None) -> list[Due]:
    """The stages of the case that are due and not answered."""
    sent = sent_at(case)
    if sent is None:
        return []
    now = now or utcnow()
    done = set(db.session.scalars(select(Closeout.weeks).where(Closeout.case_id == case.id, Closeout.answered_at.is_not(None))))
    return [Due(case, w, due_at(sent, w)) for w in STAGES if w not in done and due_at(sent, w) <= now]


def _summarised(where) -> list[tuple[Case, datetime]]:
    rows = db.session.execute(select(Case, Summary.sent_at).join(Summary, Summary.case_id == Case.id)
                              .where(Summary.sent_at.is_not(None), where).order_by(Summary.sent_at))
    return [(c, s) for c, s in rows if s is not None]


def _unanswered(cases: list[tuple[Case, datetime]], now: datetime, slack: timedelta, within: timedelta | None = None) -> list[Due]:
    if not cases:
        return []
    done = set(db.session.execute(select(Closeout.case_id, Closeout.weeks).where(
        Closeout.case_id.in_([c.id for c, _s in cases]), Closeout.answered_at.is_not(None))).tuples())
    return [Due(c, w, due_at(s, w)) for c, s in cases for w in STAGES
            if (c.id, w) not in done and due_at(s, w) + slack <= now and (within is None or due_at(s, w) >= now - within)]


def due_for(user: User, now: datetime | None = None) -> list[Due]:
    """The user's own cases with a close-out due (within OFFER_FOR) and not answered (the home page)."""
    return _unanswered(_summarised(Case.author_id == user.id), now or utcnow(), timedelta(0), OFFER_FOR)


def check_coordinator(user: User, program: Program) -> None:
    require_role(user, program, Role.coordinator, action="see the close-outs")


def overdue(program: Program, now: datetime | None = None) -> list[Due]:
    """The program's close-outs not answered GRACE after they were due, oldest first."""
    out = _unanswered(_summarised(Case.program_id == program.id), now or utcnow(), GRACE)
    return sorted(out, key=lambda d: d.due_at)


# --- asking -------------------------------------------------------------------------------------

def do_ask(c: Closeout, case: Case, now: datetime) -> bool:
    """Record the request and the in-app notice; the caller commits, then notify_ask. False
    when it was asked already: the conditional UPDATE makes a second sweep running at the same
    moment wait for the first one's commit and then find nothing to do."""
    res = db.session.execute(update(Closeout).where(Closeout.id == c.id, Closeout.asked_at.is_(None))
                             .values(asked_at=now).execution_options(synchronize_session=False))
    if res.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
        return False
    # The notice is stored as text: written once, in the presenter's language.
    with force_locale(language_of(case)):
        message = _("How did the panel's advice on your case #%(case)d work out? (%(num)d-week close-out)",
                    case=case.id, num=c.weeks)
    add_notification(case.author, "closeout", message, url=f"/closeout/case/{case.id}/{c.weeks}")
    return True


def notify_ask(case: Case, weeks: int) -> None:
    """Mail the presenter: no case text, only the case number and the link."""
    link = external_url("closeout.answer", case_id=case.id, weeks=weeks)
    with force_locale(language_of(case)):
        subject = _("Case #%(case)d: how did the advice work out? (%(num)d-week close-out)", case=case.id, num=weeks)
        sent = _("%(num)d weeks ago the panel sent you its summary for your case #%(case)d.", num=weeks, case=case.id)
        ask = _("Please tell the hub, in two minutes, which recommendations you could follow, whether a referral "
                "or transfer was avoided and how the patient is doing:")
    send_mail(case.author.email, subject, f"{sent}\n\n{ask}\n{link}\n")
