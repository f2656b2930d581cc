"""One mail sender: the log in development, SMTP when ECHO_SMTP_HOST is set."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger("echo.mail")

# Kept for tests and the development console: the last messages "sent".
outbox: list[EmailMessage] = []


def send_mail(to: str, subject: str, body: str, *, sensitive: bool = False) -> None:
    """Send (or, in development, log) one message.

    sensitive: the body carries case text (a summary); logs never contain case text, so the
    development log then shows only the recipient and subject.
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
        # Development: print the mail so that reset and invite links can be followed.
        if sensitive:
            log.info("mail to %s: %s (body withheld from the log: it holds case text)", to, subject)
        else:
            log.info("mail to %s: %s\n%s", to, subject, body)
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
