"""In-app notifications (and the e-mail that goes with some of them)."""
from __future__ import annotations

from flask_babel import LazyString, force_locale

from echo.accounts.models import Notification, User
from echo.core.extensions import db
from echo.core.i18n import language_for


def add_notification(user: User, kind: str, message: str | LazyString, url: str = "",
                     program_language: str | None = None) -> Notification:
    """Queue a notice in the current transaction; the caller commits.

    message must not contain case text: it is shown in lists and may be mailed. Pass it as a
    lazy translation with its values, `lazy_gettext("Your role in %(program)s is now %(role)s.",
    program=..., role=...)`: it is written in the recipient's language (theirs, else
    program_language, else English), not in the language of whoever caused it. A plain str is
    stored as it is.
    """
    if isinstance(message, LazyString):
        with force_locale(language_for(user.language, program_language)):
            message = str(message)
    n = Notification(user_id=user.id, kind=kind, message=message, url=url)
    db.session.add(n)
    return n
