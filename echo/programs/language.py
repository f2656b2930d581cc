"""Which language a program's mail, notices and calendar feed speak, outside the reader's request.

The recipient's own setting (user.language) first, else the program's language, else English.
Wrap the text's making in `with force_locale(language_for(user, program)):`: gettext, the date
filters (echo.core.timefmt) and the schedule's description (echo.programs.rrules) follow it.
"""
from __future__ import annotations

from typing import Any

from echo.core.i18n import DEFAULT_LANGUAGE, is_language


def language_for(user: Any, program: Any) -> str:
    own = getattr(user, "language", None)
    if is_language(own):
        return str(own)
    theirs = getattr(program, "language", None)
    return str(theirs) if is_language(theirs) else DEFAULT_LANGUAGE
