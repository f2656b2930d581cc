from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Optional, Email, EqualTo, Length, ValidationError

from echo.core.formutil import choices
from echo.core.i18n import LANGUAGES
from echo.core.timefmt import all_zones, is_zone

PROFESSIONS = [
    "", "Physician (MD/DO)", "Nurse practitioner", "Physician assistant", "Registered nurse", "Pharmacist",
    "Psychologist", "Social worker", "Counselor", "Community health worker", "Medical student / resident", "Other",
]


def _zone_choices():
    return choices((z, z.replace("_", " ")) for z in all_zones())


class ZoneField(SelectField):
    def pre_validate(self, form):
        if not is_zone(self.data or ""):
            raise ValidationError("Choose a time zone from the list, for example America/Denver.")


class SignupForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("E-mail", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=10, max=200, message="Use at least 10 characters.")])
    confirm = PasswordField("Repeat password", validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")])
    profession = SelectField("Profession", choices=choices((p, p or "Choose…") for p in PROFESSIONS), validators=[DataRequired(message="Choose your profession.")])
    organisation = StringField("Organisation or clinic", validators=[Length(max=200)])
    region = StringField("State or country", validators=[Length(max=120)])
    timezone = ZoneField("Time zone", default="America/Denver")
    submit = SubmitField("Create account")

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.timezone.choices = _zone_choices()


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Remember me on this device")
    submit = SubmitField("Log in")


class ForgotForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email(check_deliverability=False)])
    submit = SubmitField("Send reset link")


class ResetForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(min=10, max=200, message="Use at least 10 characters.")])
    confirm = PasswordField("Repeat new password", validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")])
    submit = SubmitField("Set new password")


class ProfileForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired(), Length(max=120)])
    profession = SelectField("Profession", choices=choices((p, p or "Choose…") for p in PROFESSIONS))
    organisation = StringField("Organisation or clinic", validators=[Length(max=200)])
    region = StringField("State or country", validators=[Length(max=120)])
    timezone = ZoneField("Time zone")
    # "" (the browser's language) is kept as None.
    language = SelectField(_l("Language"), choices=choices([("", _l("As my browser asks")), *LANGUAGES.items()]),
                           filters=[lambda v: v or None], validate_choice=False,
                           validators=[Optional(), AnyOf(list(LANGUAGES), message=_l("Choose English, Español or Français."))])
    submit = SubmitField("Save")

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.timezone.choices = _zone_choices()


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()])
    password = PasswordField("New password", validators=[DataRequired(), Length(min=10, max=200, message="Use at least 10 characters.")])
    confirm = PasswordField("Repeat new password", validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")])
    submit = SubmitField("Change password")
