"""One mail sender: the log in development, SMTP when ECHO_SMTP_HOST is set.

send_mail only queues the message (echo.core.jobs): the SMTP conversation happens in the job
consumer, out of the request, and a failed attempt is tried again (MAIL_RETRIES times, the
first after MAIL_RETRY_DELAY seconds, each later one after twice the previous wait).
"""
from __future__ import annotations

import logging
import mailbox
import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from echo.core.jobs import job

log = logging.getLogger("echo.core.mail")

# Kept for tests and the development console: the last messages "sent".
outbox: list[EmailMessage] = []


def _keep(msg: EmailMessage, mail_dir: str | None) -> None:
    if mail_dir:
        try:
            for part in ("tmp", "new", "cur"):  # also when the folder exists but is not a Maildir yet
                (Path(mail_dir) / part).mkdir(mode=0o700, parents=True, exist_ok=True)
            key = mailbox.Maildir(mail_dir, create=False).add(msg)
        except OSError:
            log.exception("could not keep mail to %s (%s) in %s", msg["To"], msg["Subject"], mail_dir)
        else:
            log.info("mail to %s: %s (no SMTP host: kept in %s, message %s)", msg["To"], msg["Subject"], mail_dir, key)
            return
    log.info("mail to %s: %s (no SMTP host: not kept)", msg["To"], msg["Subject"])


MAIL_RETRIES = 5
MAIL_RETRY_DELAY = 60  # seconds; then 2, 4, 8 and 16 minutes: about half an hour in all


def send_mail(to: str, subject: str, body: str, *, sensitive: bool = False) -> None:
    """Queue one message for sending (in development: for keeping, see deliver_mail).

    sensitive: the body carries case text (a summary). Call after the commit that the
    message announces, so that a rolled-back action sends nothing.
    """
    deliver_mail.enqueue(to, subject, body, sensitive)


class MailNotSent(Exception):
    """The SMTP server refused or could not be reached: the job is tried again."""


@job("deliver_mail", retries=MAIL_RETRIES, retry_delay=MAIL_RETRY_DELAY)
def deliver_mail(to: str, subject: str, body: str, sensitive: bool = False) -> None:
    """Send one queued message.

    Development (no SMTP host): the log shows only the recipient and subject, because bodies
    hold case text or secret links (reset, invitation). A body without case text is kept in
    the MAIL_DIR Maildir (instance/mail; any mail client reads it) so those links can be
    followed.
    """
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    if not cfg.get("SMTP_HOST"):
        _sent(msg)
        _keep(msg, None if sensitive else cfg.get("MAIL_DIR"))
        return
    try:
        with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=10) as smtp:
            if cfg.get("SMTP_STARTTLS"):
                smtp.starttls()
            if cfg.get("SMTP_USER"):
                smtp.login(cfg["SMTP_USER"], cfg["SMTP_PASSWORD"] or "")
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        # Raised so that the queue tries again later; the in-app notice exists meanwhile.
        # Only the exception's type: an SMTP reply can quote the message.
        log.warning("could not send mail to %s (%s): %s; the queue will try again", to, subject, type(exc).__name__)
        raise MailNotSent(type(exc).__name__) from None
    _sent(msg)


def _sent(msg: EmailMessage) -> None:
    outbox.append(msg)
    del outbox[:-200]
