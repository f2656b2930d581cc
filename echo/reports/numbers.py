"""Numbers and percentages as the reader's language writes them (1,234 / 1 234 / 1.234; 75 %)."""
from __future__ import annotations

from babel.numbers import format_decimal, format_percent
from flask_babel import get_locale

DASH = "–"   # no share to give (nothing to divide by)


def _locale() -> str:
    locale = get_locale()
    return str(locale) if locale is not None else "en"


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return DASH
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale())


def percent(value: float | None) -> str:
    if value is None:
        return DASH
    return format_percent(value, locale=_locale())
