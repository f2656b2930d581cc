"""Which language a program's mail, notices and calendar feed speak, outside the reader's request.

The recipient's own setting (user.language) first, else the program's language, else English.
Wrap the text's making in `with force_locale(language_for(user, program)):`: gettext, the date
filters (echo.core.timefmt) and the schedule's description (echo.programs.rrules) follow it.
"""
from __future__ import annotations

from typing import Any

from echo.core import i18n


def language_for(user: Any, program: Any) -> str:
    """The one rule every feature's mail and notices follow (user or program may be None)."""
    return i18n.language_for(getattr(user, "language", None), getattr(program, "language", None))
