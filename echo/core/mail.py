"""One mail sender: the log in development, SMTP when ECHO_SMTP_HOST is set."""
from __future__ import annotations

import logging
import mailbox
import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

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


def send_mail(to: str, subject: str, body: str, *, sensitive: bool = False) -> None:
    """Send (or, in development, log) one message.

    sensitive: the body carries case text (a summary).

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
    outbox.append(msg)
    del outbox[:-200]
    if not cfg.get("SMTP_HOST"):
        _keep(msg, None if sensitive else cfg.get("MAIL_DIR"))
        return
    try:
        with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=10) as smtp:
            if cfg.get("SMTP_STARTTLS"):
                smtp.starttls()
            if cfg.get("SMTP_USER"):
                smtp.login(cfg["SMTP_USER"], cfg["SMTP_PASSWORD"] or "")
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException):
        # A mail outage must not fail the user's action; the in-app notice still exists.
        log.exception("could not send mail to %s (%s)", to, subject)
