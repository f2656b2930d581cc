"""Attendance forms: a coordinator's correction, and an attendee's claim with the session code."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from echo.accounts.models import User
from echo.attendance.models import EditReason
from echo.attendance.operations import REASON_MAX
from echo.core.formutil import choices


class EditForm(FlaskForm):
    attendee = SelectField(_l("Person"), validators=[InputRequired(message=_l("Choose a member of the program."))])
    minutes = IntegerField(_l("Minutes attended"), validators=[InputRequired(message=_l("Give the minutes attended.")),
                                                               NumberRange(min=0, message=_l("Minutes cannot be negative."))])
    reason_kind = RadioField(_l("Why the minutes change"), validators=[InputRequired(message=_l("Choose why the minutes change."))])
    reason = StringField(_l("Reason"), validators=[InputRequired(message=_l("Say why, in a few words.")),
                                                   Length(max=REASON_MAX, message=_l("Keep the reason short."))])

    def __init__(self, *args: Any, people: Iterable[User] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.attendee.choices = choices([("", _l("Choose a person")), *((str(u.id), u.name) for u in people)])
        self.reason_kind.choices = choices((k.value, k.label) for k in EditReason)


class ClaimForm(FlaskForm):
    code = StringField(_l("Session code"), validators=[InputRequired(message=_l("Enter the code your coordinator gave.")),
                                                       Length(max=20, message=_l("A session code is 6 letters and digits."))])
    minutes = IntegerField(_l("Minutes you attended"), validators=[InputRequired(message=_l("Give the minutes you attended.")),
                                                                   NumberRange(min=0, message=_l("Minutes cannot be negative."))])
