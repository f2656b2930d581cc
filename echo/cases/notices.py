"""Telling people about case moves: in-app notices (same transaction) and mail (after commit).

Neither carries case text: only "case #id", the state and the session's date.
"""
from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select

from echo.accounts.notify import add_notification
from echo.core.extensions import db
from echo.core.mail import send_mail
from echo.cases.models import Case, CaseState
from echo.programs.models import Membership, MembershipStatus, Role
from echo.accounts.models import User
from echo.core.timefmt import fmt


def _link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def coordinators(program_id: int) -> list[User]:
    return list(db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.program_id == program_id, Membership.role == Role.coordinator, Membership.status == MembershipStatus.active)))


def queue_notices(case: Case, previous: CaseState, target: CaseState, actor: User) -> list[tuple[User, str]]:
    """Add the in-app notices for a move; returns the mails to send once committed."""
    view = url_for("cases.view_case", case_id=case.id)
    mails: list[tuple[User, str]] = []
    if previous == CaseState.accepted and target == CaseState.submitted:
        msg = f"Your case #{case.id} was taken off its session's agenda; it waits for review again."
        add_notification(case.author, "case_unscheduled", msg, view)
        mails.append((case.author, msg))
    elif target == CaseState.submitted:
        for c in coordinators(case.program_id):
            if c.id != actor.id:
                add_notification(c, "case_submitted", f"Case #{case.id} was submitted for review.", url_for("cases.queue", program_id=case.program_id))
    elif target == CaseState.returned:
        msg = f"Your case #{case.id} was returned: see the reason in the app."
        add_notification(case.author, "case_returned", msg, view)
        mails.append((case.author, msg))
    elif target == CaseState.accepted:
        when = fmt(case.session.starts_at, case.author.timezone) if case.session else ""
        msg = f"Your case #{case.id} was accepted onto the agenda of the session on {when}."
        add_notification(case.author, "case_accepted", msg, view)
        mails.append((case.author, msg))
    return mails


def send_mails(mails: list[tuple[User, str]], case: Case) -> None:
    link = _link(url_for("cases.view_case", case_id=case.id))
    for user, msg in mails:
        send_mail(user.email, f"ECHO: case #{case.id}", f"Hello {user.name},\n\n{msg}\n\n{link}\n")
