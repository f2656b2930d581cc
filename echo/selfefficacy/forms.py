"""The self-efficacy forms: the ratings (one radio group per statement) and the coordinator's
statement and timing forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from echo.core.formutil import choices
from echo.selfefficacy.models import ConfidenceItem
from echo.selfefficacy.operations import SCALE, STATEMENT_MAX


def field_name(item: ConfidenceItem) -> str:
    return f"item{item.id}"


def ratings_form(statements: list[ConfidenceItem], **kw: object) -> FlaskForm:
    class RatingsForm(FlaskForm):
        pass

    for item in statements:
        setattr(RatingsForm, field_name(item), RadioField(
            item.statement, choices=choices((str(k), v) for k, v in SCALE.items()),
            validators=[InputRequired(message=_l("Please rate this statement."))]))
    return RatingsForm(**kw)


def ratings_of(form: FlaskForm, statements: list[ConfidenceItem]) -> dict[int, int | None]:
    out: dict[int, int | None] = {}
    for item in statements:
        data = getattr(form, field_name(item)).data
        out[item.id] = int(data) if data not in (None, "", "None") else None
    return out


class StatementForm(FlaskForm):
    statement = StringField(_l("Statement"), validators=[
        InputRequired(message=_l("Write the statement.")),
        Length(max=STATEMENT_MAX, message=_l("Keep the statement under %(max)d characters."))])


class PlanForm(FlaskForm):
    post_after_sessions = IntegerField(_l("Second round after this many sessions attended"), validators=[
        Optional(), NumberRange(min=1, max=100, message=_l("Between 1 and 100."))])
    post_on = DateField(_l("Or for everyone from this date"), validators=[Optional()])
