"""Telling people about case moves: in-app notices (same transaction) and mail (after commit).

Neither carries case text: only "case #id", the state and the session's date. Each is written
in its recipient's language (their own setting, else the program's, else English), whoever
made the move and whatever language their page was in.
"""
from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from echo.accounts.notify import add_notification
from echo.core.extensions import db
from echo.core.i18n import DEFAULT_LANGUAGE, is_language
from echo.core.mail import send_mail
from echo.cases.models import Case, CaseState
from echo.programs.language import language_for
from echo.programs.models import Membership, MembershipStatus, Role
from echo.accounts.models import User
from echo.core.timefmt import fmt


def _link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def coordinators(program_id: int) -> list[User]:
    return list(db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.program_id == program_id, Membership.role == Role.coordinator, Membership.status == MembershipStatus.active)))


def _to_author(case: Case, kind: str, target: CaseState, previous: CaseState, view: str) -> str:
    """The author's notice of a move, in the author's language; returns its text for the mail."""
    author = case.author
    with force_locale(language_for(author, case.program)):
        if previous == CaseState.accepted and target == CaseState.submitted:
            msg = _("Your case #%(id)d was taken off its session's agenda; it waits for review again.", id=case.id)
        elif target == CaseState.returned:
            msg = _("Your case #%(id)d was returned: see the reason in the app.", id=case.id)
        else:
            when = fmt(case.session.starts_at, author.timezone) if case.session else ""
            msg = _("Your case #%(id)d was accepted onto the agenda of the session on %(when)s.", id=case.id, when=when)
    add_notification(author, kind, msg, view)
    return msg


def queue_notices(case: Case, previous: CaseState, target: CaseState, actor: User) -> list[tuple[User, str]]:
    """Add the in-app notices for a move; returns the mails to send once committed."""
    view = url_for("cases.view_case", case_id=case.id)
    mails: list[tuple[User, str]] = []
    if previous == CaseState.accepted and target == CaseState.submitted:
        mails.append((case.author, _to_author(case, "case_unscheduled", target, previous, view)))
    elif target == CaseState.submitted:
        for c in coordinators(case.program_id):
            if c.id != actor.id:
                with force_locale(language_for(c, case.program)):
                    msg = _("Case #%(id)d was submitted for review.", id=case.id)
                add_notification(c, "case_submitted", msg, url_for("cases.queue", program_id=case.program_id))
    elif target == CaseState.returned:
        mails.append((case.author, _to_author(case, "case_returned", target, previous, view)))
    elif target == CaseState.accepted:
        mails.append((case.author, _to_author(case, "case_accepted", target, previous, view)))
    return mails


def send_mails(mails: list[tuple[User, str]], case: Case) -> None:
    link = _link(url_for("cases.view_case", case_id=case.id))
    for user, msg in mails:
        with force_locale(language_for(user, case.program)):
            subject = _("ECHO: case #%(id)d", id=case.id)
            body = _("Hello %(name)s,", name=user.name) + f"\n\n{msg}\n\n{link}\n"
        send_mail(user.email, subject, body)
