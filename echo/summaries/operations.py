"""Composing and sending a case's written summary: check_* (may this coordinator write it),
do_* (store it; no commit: the page's handler commits), notify_summary (mail, after commit)."""
from __future__ import annotations

import uuid

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from echo.accounts import audit
from echo.accounts.models import User
from echo.accounts.notify import add_notification
from echo.cases.lifecycle import do_transition
from echo.cases.models import Case, CaseState
from echo.core.errors import Conflict
from echo.core.extensions import db
from echo.core.mail import send_mail
from echo.core.types import utcnow
from echo.live.categories import Category
from echo.live.models import LiveEvent, Recommendation
from echo.live.rules import role_of
from echo.live.store import append_event
from echo.privacy import Finding, fingerprint, scan
from echo.programs.access import require_role
from echo.programs.clinic_session import ClinicSession
from echo.programs.language import language_for
from echo.programs.models import Program, Role
from echo.summaries.models import Summary


def check_summary(user: User, case: Case) -> ClinicSession:
    """Coordinators of the case's program compose and send; the case must have been on a session."""
    require_role(user, db.session.get(Program, case.program_id), Role.coordinator, action="write summaries")
    session = db.session.get(ClinicSession, case.session_id) if case.session_id is not None else None
    if session is None:
        raise Conflict(_("This case was not on a session's agenda."))
    return session


def summary_of(case: Case) -> Summary | None:
    return db.session.scalar(select(Summary).where(Summary.case_id == case.id))


def presenter_language(case: Case) -> str:
    """The language of what the presenter receives: theirs, else their program's, else English."""
    return language_for(case.author, db.session.get(Program, case.program_id))


def summary_prefill(case: Case) -> str:
    """Markdown from the consensus recommendations, grouped by category, in the presenter's
    language: it is the start of a text written for them (the coordinator edits it)."""
    with force_locale(presenter_language(case)):
        return _prefill(case)


def _prefill(case: Case) -> str:
    recs = list(db.session.scalars(select(Recommendation).where(
        Recommendation.case_id == case.id, Recommendation.consensus.is_(True), Recommendation.withdrawn.is_(False))
        .order_by(Recommendation.created_at, Recommendation.id)))
    lines = ["## " + _("Recommendations of the panel"), ""]
    if not recs:
        lines.append("_" + _("No recommendation was marked as consensus.") + "_")
    for cat in Category:
        group = [r for r in recs if r.category == cat.value]
        if group:
            lines += [f"### {cat.label}", ""] + ["- " + " ".join(r.text.split()) for r in group] + [""]
    return "\n".join(lines).rstrip() + "\n"


def check_summary_privacy(user: User, case: Case, text: str, follow_up: str, dismissed: set[str],
                          reason: str) -> tuple[list[Finding], list[Finding]]:
    """The findings still open (in the text, and in text and follow-up together); a finding is
    dismissed only with a reason. With none open, a dismissal is audited."""
    found = scan(text) + scan(follow_up)
    open_ = [f for f in found if not (reason and fingerprint(f) in dismissed)]
    in_text = [f for f in scan(text) if not (reason and fingerprint(f) in dismissed)]
    if not open_ and found:
        audit.record(user, "summary.privacy_dismissed", "case", case.id, case.program_id,
                     detail="kinds: " + ",".join(sorted({f.kind for f in found})))
    return in_text, open_


def do_save_summary(case: Case, user: User, text: str, follow_up: str) -> Summary:
    s = summary_of(case)
    if s is None:
        s = Summary(case_id=case.id, author_id=user.id, text=text, follow_up=follow_up, created_at=utcnow())
        db.session.add(s)
    else:
        s.text, s.follow_up, s.author_id = text, follow_up, user.id
    return s


def do_send_summary(case: Case, user: User, text: str, follow_up: str) -> tuple[Summary, LiveEvent]:
    """Store and mark sent; the case becomes summarised (via the lifecycle), the presenter gets a
    notice, and the board an event summary_sent. The caller commits, then emits the event and
    mails the presenter (notify_summary)."""
    s = do_save_summary(case, user, text, follow_up)
    if case.state == CaseState.accepted:
        do_transition(case, CaseState.presented, user)
    if case.state == CaseState.presented:
        do_transition(case, CaseState.summarised, user)
    elif case.state not in (CaseState.summarised, CaseState.published):
        raise Conflict(_("A case that is %(state)s cannot get a summary.", state=case.state.value))
    s.sent_at = utcnow()
    with force_locale(presenter_language(case)):  # the notice is stored as text, in its reader's language
        notice = _("The panel's written summary for your case #%(id)s is ready.", id=case.id)
    add_notification(case.author, "summary", notice, url=f"/cases/{case.id}#summary")
    session = db.session.get(ClinicSession, case.session_id)
    ev = append_event(session, "summary_sent", user, role_of(user, session), {"case_id": case.id, "case_state": case.state.value},
                      "srv-" + uuid.uuid4().hex, case.id)
    return s, ev


def notify_summary(case: Case, s: Summary) -> None:
    """Mail the presenter the sent summary (after the commit), in the presenter's language."""
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("summaries.print_view", case_id=case.id)
    with force_locale(presenter_language(case)):
        body = (_("The panel's written summary for your case #%(id)s is below; it is also in the app:", id=case.id)
                + f"\n{link}\n\n{s.text}\n\n" + _("Follow-up:") + f"\n{s.follow_up or '-'}\n")
        subject = _("ECHO summary for your case #%(id)s", id=case.id)
    send_mail(case.author.email, subject, body, sensitive=True)
