"""The period a report covers: two dates from the query string, by default the last 12 months.

Dates are whole days in UTC: a report that spans programs in several time zones needs one
clock, and a session's day in UTC differs from its local day only near midnight.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField
from wtforms.validators import Optional

from echo.core.types import utcnow

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Period:
    start: date   # first day, included
    end: date     # last day, included

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time(0), tzinfo=UTC)

    @property
    def ends_before(self) -> datetime:
        """The first moment after the period (the query's upper bound, excluded)."""
        return datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=UTC)

    def args(self) -> dict[str, str]:
        """The period as query-string arguments (links to the CSVs and the print view keep it)."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def default_period(today: date | None = None) -> Period:
    end = today or utcnow().date()
    return Period(end - timedelta(days=DEFAULT_DAYS), end)


class PeriodForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no types
    """The report's filter: a GET form, so the address carries the period (no CSRF token: it
    changes nothing)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])


def period_form(args: MultiDict[str, str]) -> tuple[PeriodForm, Period | None]:
    """The filter read from the query string and the period it gives, or None when a date is
    not a date or the period ends before it starts (the form then carries the errors)."""
    form = PeriodForm(formdata=args)
    if not form.validate():
        return form, None
    default = default_period()
    end = form.end.data or default.end
    start = form.start.data or (end - timedelta(days=DEFAULT_DAYS))
    if start > end:
        form.end.errors = [_l("The end date must be on or after the start date.")]
        return form, None
    return form, Period(start, end)
