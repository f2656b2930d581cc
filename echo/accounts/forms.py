from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Optional, Email, EqualTo, Length, ValidationError

from echo.core.formutil import choices
from echo.core.i18n import LANGUAGES
from echo.core.timefmt import all_zones, is_zone

# The value stored on the account stays the English name (other pages and exports show it as
# the person chose it); the list shows it in the reader's language.
PROFESSIONS: list[tuple[str, LazyString]] = [
    ("", _l("Choose…")),
    ("Physician (MD/DO)", _l("Physician (MD/DO)")),
    ("Nurse practitioner", _l("Nurse practitioner")),
    ("Physician assistant", _l("Physician assistant")),
    ("Registered nurse", _l("Registered nurse")),
    ("Pharmacist", _l("Pharmacist")),
    ("Psychologist", _l("Psychologist")),
    ("Social worker", _l("Social worker")),
    ("Counselor", _l("Counselor")),
    ("Community health worker", _l("Community health worker")),
    ("Medical student / resident", _l("Medical student / resident")),
    ("Other", lazy_pgettext("profession", "Other")),
]

TOO_SHORT = _l("Use at least 10 characters.")
NO_MATCH = _l("The passwords do not match.")


def _zone_choices():
    return choices((z, z.replace("_", " ")) for z in all_zones())


class ZoneField(SelectField):
    def pre_validate(self, form):
        if not is_zone(self.data or ""):
            raise ValidationError(_l("Choose a time zone from the list, for example America/Denver."))


class SignupForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=10, max=200, message=TOO_SHORT)])
    confirm = PasswordField(_l("Repeat password"), validators=[DataRequired(), EqualTo("password", message=NO_MATCH)])
    profession = SelectField(_l("Profession"), choices=choices(PROFESSIONS), validators=[DataRequired(message=_l("Choose your profession."))])
    organisation = StringField(_l("Organisation or clinic"), validators=[Length(max=200)])
    region = StringField(_l("State or country"), validators=[Length(max=120)])
    timezone = ZoneField(_l("Time zone"), default="America/Denver")
    submit = SubmitField(_l("Create account"))

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.timezone.choices = _zone_choices()


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Remember me on this device"))
    submit = SubmitField(_l("Log in"))


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False)])
    submit = SubmitField(_l("Send reset link"))


class ResendConfirmForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False)])
    submit = SubmitField(_l("Send the link again"))


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200, message=TOO_SHORT)])
    confirm = PasswordField(_l("Repeat new password"), validators=[DataRequired(), EqualTo("password", message=NO_MATCH)])
    submit = SubmitField(_l("Set new password"))


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    profession = SelectField(_l("Profession"), choices=choices(PROFESSIONS))
    organisation = StringField(_l("Organisation or clinic"), validators=[Length(max=200)])
    region = StringField(_l("State or country"), validators=[Length(max=120)])
    timezone = ZoneField(_l("Time zone"))
    # "" (the browser's language) is kept as None.
    language = SelectField(_l("Language"), choices=choices([("", _l("As my browser asks")), *LANGUAGES.items()]),
                           filters=[lambda v: v or None], validate_choice=False,
                           validators=[Optional(), AnyOf(list(LANGUAGES), message=_l("Choose English, Español or Français."))])
    submit = SubmitField(_l("Save"))

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.timezone.choices = _zone_choices()


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200, message=TOO_SHORT)])
    confirm = PasswordField(_l("Repeat new password"), validators=[DataRequired(), EqualTo("password", message=NO_MATCH)])
    submit = SubmitField(_l("Change password"))
