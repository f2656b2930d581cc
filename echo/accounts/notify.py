"""In-app notifications (and the e-mail that goes with some of them)."""
from __future__ import annotations

from echo.core.extensions import db
from echo.accounts.models import Notification, User


def add_notification(user: User, kind: str, message: str, url: str = "") -> Notification:
    """Queue a notice in the current transaction; the caller commits.

    message must not contain case text: it is shown in lists and may be mailed.
    """
    n = Notification(user_id=user.id, kind=kind, message=message, url=url)
    db.session.add(n)
    return n
