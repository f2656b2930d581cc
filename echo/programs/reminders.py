"""A reminder to each member of a program 24 hours before each of its sessions.

The job consumer runs `send_reminders` every REMIND_EVERY_MINUTES minutes. Each run looks at
the scheduled (not cancelled, not started) sessions that start within the next 24 hours and
mails every active member who has not had a reminder for that session yet. The time in the
mail is in the member's own zone (their profile), with the zone named. A session scheduled
less than a day ahead gets its reminder at the next run.

Once per member and session, however many consumers run and however often they restart: a
row in session_reminders is written (and committed) before the mail is queued, and its
unique (session, member) key refuses a second one. A second consumer running at the same
moment waits on that key (PostgreSQL) or on SQLite's write lock, then finds the row and
skips. The cost of claiming first: a process that dies between the commit and queuing the
mail sends none for those members; a duplicate reminder was judged the worse failure.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Integer, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.jobs import every_minutes, periodic_job
from echo.core.links import external_url
from echo.core.mail import send_mail
from echo.core.timefmt import fmt
from echo.core.types import UTCDateTime, utcnow
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.language import language_for
from echo.programs.models import Membership, MembershipStatus, Program

log = logging.getLogger("echo.programs.reminders")

REMIND_BEFORE = timedelta(hours=24)
REMIND_EVERY_MINUTES = 5


class SessionReminder(db.Model):
    """A reminder sent (queued) to one member for one session: the record that keeps it to one."""

    __tablename__ = "session_reminders"
    __table_args__ = (UniqueConstraint("session_id", "user_id", name="uq_session_reminders_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("clinic_sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The start the reminder announced (a session moved later keeps its row: one reminder each).
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def due_sessions(now: datetime) -> list[ClinicSession]:
    """Scheduled sessions starting after now and at most REMIND_BEFORE from now."""
    return list(db.session.scalars(select(ClinicSession).where(
        ClinicSession.status == SessionStatus.scheduled,
        ClinicSession.starts_at > now,
        ClinicSession.starts_at <= now + REMIND_BEFORE,
    ).order_by(ClinicSession.starts_at)))


def members_to_remind(session: ClinicSession) -> list[User]:
    """Active members with active accounts who have no reminder for this session yet."""
    reminded = select(SessionReminder.user_id).where(SessionReminder.session_id == session.id)
    return list(db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.program_id == session.program_id,
        Membership.status == MembershipStatus.active,
        User.is_active_account.is_(True),
        User.id.not_in(reminded),
    ).order_by(User.id)))


def do_claim(session: ClinicSession, user: User) -> bool:
    """Record the reminder (inside a savepoint); False when another run recorded it first."""
    try:
        with db.session.begin_nested():
            db.session.add(SessionReminder(session_id=session.id, user_id=user.id, starts_at=session.starts_at))
    except IntegrityError:
        return False
    return True


def reminder_text(session: ClinicSession, program: Program, user: User) -> tuple[str, str]:
    """Subject and body in the member's language (their setting, else the program's)."""
    with force_locale(language_for(user, program)):
        when = fmt(session.starts_at, user.timezone)
        subject = _("Reminder: %(program)s session %(when)s", program=program.name, when=when)
        meets = _("%(program)s meets in about a day: %(when)s.", program=program.name, when=when)
        if session.didactic_title:
            meets += "\n" + _("Topic: %(title)s", title=session.didactic_title)
        body = (_("Hello %(name)s,", name=user.name) + "\n\n" + meets + "\n\n"
                + _("The session's page, with the video link when it opens:") + "\n"
                + external_url("programs.session_page", session_id=session.id) + "\n")
    return subject, body


def send_due_reminders(now: datetime | None = None) -> int:
    """Claim and queue the reminders that are due; returns how many were queued."""
    now = now or utcnow()
    queued = 0
    for session in due_sessions(now):
        program = session.program
        mails = [(user.email, *reminder_text(session, program, user))
                 for user in members_to_remind(session) if do_claim(session, user)]
        db.session.commit()  # the claims stand before any mail is queued
        for to, subject, body in mails:
            send_mail(to, subject, body)
        queued += len(mails)
    if queued:
        log.info("queued %d session reminder(s)", queued)
    return queued


@periodic_job("send_reminders", every_minutes(REMIND_EVERY_MINUTES))
def send_reminders() -> None:
    send_due_reminders()
