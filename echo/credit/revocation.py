"""Withdrawing credit given in error (attendance recorded wrongly, a duplicate, someone who did
not attend) and giving it back, as accreditors require a provider to be able to.

The award's row is kept, marked revoked with when, by whom and why: an accreditor audits what
was awarded and what was withdrawn. Reinstating clears the mark; the audit trail keeps both
steps. While revoked, the public verification page says so (with the date, never the reason),
the certificate cannot be downloaded, the learner's transcript lists it apart, outside the
totals, and the PARS learner file leaves it out (echo.credit.exports).

check_* validates and authorises, do_* writes (the route commits), notify_* mails after the commit.
"""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from echo.accounts import audit
from echo.accounts.models import User
from echo.accounts.notify import add_notification
from echo.core.errors import Conflict, Invalid, NotAllowed
from echo.core.extensions import db
from echo.core.i18n import current_language
from echo.core.links import external_url
from echo.core.mail import send_mail
from echo.core.types import utcnow
from echo.credit.models import REASON_MAX, CreditAward
from echo.programs.access import viewer_of
from echo.programs.language import language_for
from echo.programs.models import Program, Role

REFUSAL = _l("Only the program's coordinators may revoke or reinstate its credit.")


def revoked_day(award: CreditAward) -> date | None:
    """The day it was revoked, in the program's zone (as the session's date is given)."""
    if award.revoked_at is None:
        return None
    return award.revoked_at.astimezone(ZoneInfo(award.session_timezone)).date()


def day_text(day: date | None) -> str:
    return str(format_date(day, "long", locale=current_language())) if day is not None else ""


def _program(award: CreditAward) -> Program | None:
    return db.session.get(Program, award.program_id) if award.program_id is not None else None


def _learner(award: CreditAward) -> User | None:
    return db.session.get(User, award.user_id) if award.user_id is not None else None


def check_manage_award(user: User, award: CreditAward) -> None:
    """The award's program's coordinators and site admins. An award whose program was deleted
    is kept for the accreditor: then only site admins may change it."""
    viewer = viewer_of(user)
    program = _program(award)
    if program is None:
        if not viewer.is_admin:
            raise NotAllowed(str(REFUSAL))
        return
    viewer.require_role(program, Role.coordinator, message=REFUSAL)


def check_revoke(user: User, award: CreditAward, reason: str | None) -> str:
    """Who may (403), whether it still stands (409), then the reason (required): the reason as kept."""
    check_manage_award(user, award)
    if award.revoked:
        raise Conflict(_("This credit was already revoked on %(date)s.", date=day_text(revoked_day(award))))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for revoking this credit, for example a duplicate award."), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(_("Keep the reason to %(num)d characters at most.", num=REASON_MAX), field="reason")
    return reason


def check_reinstate(user: User, award: CreditAward) -> None:
    check_manage_award(user, award)
    if not award.revoked:
        raise Conflict(_("This credit is not revoked: there is nothing to reinstate."))


def _transcript_path() -> str:
    # The path from the URL map, as do_award does: this may run outside a request (a script).
    return current_app.url_map.bind("").build("credit.transcript")


def do_revoke(award: CreditAward, by: User, reason: str) -> None:
    """Mark the award revoked (the caller has run check_revoke). The conditional UPDATE makes a
    second coordinator revoking at the same moment wait for the first one's commit and then get
    the clear 409 instead of overwriting the first one's reason."""
    res = db.session.execute(update(CreditAward).where(CreditAward.id == award.id, CreditAward.revoked_at.is_(None))
                             .values(revoked_at=utcnow(), revoked_by_id=by.id, revoked_reason=reason))
    if res.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
        db.session.refresh(award)
        raise Conflict(_("This credit was already revoked on %(date)s.", date=day_text(revoked_day(award))))
    db.session.refresh(award)
    # The audit trail's detail stays identifier-free (its rule): the reason is on the award's row.
    audit.record(by, "credit.revoked", "credit_award", award.id, award.program_id)
    learner = _learner(award)
    if learner is not None:
        # Stored as text, in the learner's language (the notice list shows it as written).
        with force_locale(language_for(learner, _program(award))):
            message = _("Your credit for the %(program)s session of %(date)s was revoked: see your transcript.",
                        program=award.program_name, date=day_text(_session_day(award)))
        add_notification(learner, "credit_revoked", message, _transcript_path())


def do_reinstate(award: CreditAward, by: User) -> None:
    """Give the credit back (the caller has run check_reinstate). The audit trail's earlier
    credit.revoked entry keeps who revoked it and when; its reason went to the learner by mail."""
    res = db.session.execute(update(CreditAward).where(CreditAward.id == award.id, CreditAward.revoked_at.is_not(None))
                             .values(revoked_at=None, revoked_by_id=None, revoked_reason=""))
    db.session.refresh(award)
    if res.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
        raise Conflict(_("This credit is not revoked: there is nothing to reinstate."))
    audit.record(by, "credit.reinstated", "credit_award", award.id, award.program_id)
    learner = _learner(award)
    if learner is not None:
        with force_locale(language_for(learner, _program(award))):
            message = _("Your credit for the %(program)s session of %(date)s was reinstated: your certificate "
                        "is in your transcript again.", program=award.program_name,
                        date=day_text(_session_day(award)))
        add_notification(learner, "credit_reinstated", message, _transcript_path())


def _session_day(award: CreditAward) -> date:
    return award.session_starts_at.astimezone(ZoneInfo(award.session_timezone)).date()


def notify_revoked(award: CreditAward) -> None:
    """Mail the learner (after the commit), in their language, with the coordinator's reason:
    they are the one person who should know why, and whom to ask."""
    learner = _learner(award)
    if learner is None:
        return
    with force_locale(language_for(learner, _program(award))):
        day = day_text(_session_day(award))
        subject = _("Your credit for the %(program)s session of %(date)s was revoked", program=award.program_name, date=day)
        body = (_("The program's coordinators revoked the credit you were awarded for the %(program)s session of "
                  "%(date)s (certificate %(code)s). The certificate no longer counts and its verification page says so.",
                  program=award.program_name, date=day, code=award.display_code)
                + "\n\n" + _("Their reason:") + f"\n{award.revoked_reason}\n\n"
                + _("If you think this is a mistake, write to the program's coordinators. Your transcript:")
                + f"\n{external_url('credit.transcript')}\n")
    send_mail(learner.email, subject, body)


def notify_reinstated(award: CreditAward) -> None:
    """Mail the learner (after the commit), in their language: the certificate counts again."""
    learner = _learner(award)
    if learner is None:
        return
    with force_locale(language_for(learner, _program(award))):
        day = day_text(_session_day(award))
        subject = _("Your credit for the %(program)s session of %(date)s was reinstated", program=award.program_name,
                    date=day)
        body = (_("The program's coordinators reinstated the credit for the %(program)s session of %(date)s "
                  "(certificate %(code)s). The certificate counts again; it is in your transcript:",
                  program=award.program_name, date=day, code=award.display_code)
                + f"\n{external_url('credit.transcript')}\n")
    send_mail(learner.email, subject, body)
