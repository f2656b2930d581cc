from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms.fields.choices import SelectChoice
from wtforms import DateField, EmailField, IntegerField, SelectField, StringField, SubmitField, TextAreaField, TimeField
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, NumberRange, Optional

from echo.accounts.forms import ZoneField, _zone_choices
from echo.core.formutil import choices
from echo.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from echo.programs.rrules import FREQUENCIES, NTHS, WEEKDAYS
from echo.programs.models import Role

# Suggestions for the topic field, in the coordinator's language (any topic may be typed).
TOPICS = [
    _l("Behavioral Health in Primary Care"), _l("Chronic Pain and Opioid Use Disorder"), _l("Hepatitis C"),
    _l("Substance Use Disorder Treatment"), _l("Diabetes and Endocrinology"), _l("Dementia Care"), _l("Perinatal Mental Health"),
]
ROLE_CHOICES = [(r.value, r.label) for r in Role]


class ProgramForm(FlaskForm):
    name = StringField(_l("Program name"), validators=[DataRequired(message=_l("Enter the program's name.")), Length(max=200)])
    topic = StringField(_l("Topic"), validators=[DataRequired(message=_l("Enter the topic.")), Length(max=200)], render_kw={"list": "topics"})
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    hub_team = TextAreaField(_l("Hub team"), validators=[Length(max=3000)])
    timezone = ZoneField(_l("Program time zone"), default="America/Denver")
    # The language of the program's mail and calendar feed (each language named in its own words).
    language = SelectField(_l("Language of the program's mail and calendar"),
                           # each name in its own language, marked so (WCAG 3.1.2) for screen readers
                           choices=[SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGES.items()],
                           default=DEFAULT_LANGUAGE, validate_choice=False,
                           validators=[AnyOf(list(LANGUAGES), message=_l("Choose English, Español or Français."))])
    video_url = StringField(_l("Video meeting link"), validators=[Length(max=500)])
    visibility = SelectField(_l("Visibility"), choices=choices([("public", _l("Public: anyone can see it and ask to join")),
                                                               ("invite_only", _l("Invite only"))]), default="public")
    frequency = SelectField(_l("Recurrence"), choices=choices(FREQUENCIES), default="weekly")
    weekday = SelectField(_l("Weekday"), choices=choices([("", _l("Choose…")), *WEEKDAYS]), default="", validate_choice=False)
    nth = SelectField(_l("Week of the month (monthly)"), choices=choices([("", "—"), *NTHS]), default="", validate_choice=False)
    custom_rrule = StringField(_l("Custom RRULE"), validators=[Length(max=400)])
    first_date = DateField(_l("First session"), validators=[Optional()])
    start_time = TimeField(_l("Start time (program time zone)"), validators=[Optional()])
    duration_minutes = IntegerField(_l("Duration (minutes)"), default=60,
                                    validators=[InputRequired(message=_l("Enter the duration in minutes.")),
                                                NumberRange(min=5, max=720, message=_l("Between 5 and 720 minutes."))])
    until_date = DateField(_l("Last date (optional, at most 3 years ahead)"), validators=[Optional()])
    submit = SubmitField(_l("Save program"))

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.timezone.choices = _zone_choices()


class SessionForm(FlaskForm):
    date = DateField(_l("Date"), validators=[InputRequired(message=_l("Enter the date."))])
    start_time = TimeField(_l("Start time (program time zone)"), validators=[InputRequired(message=_l("Enter the start time."))])
    duration_minutes = IntegerField(_l("Duration (minutes)"), default=60,
                                    validators=[InputRequired(message=_l("Enter the duration in minutes.")),
                                                NumberRange(min=5, max=720, message=_l("Between 5 and 720 minutes."))])
    didactic_title = StringField(_l("Didactic title"), validators=[Length(max=300)])
    didactic_speaker = StringField(_l("Didactic speaker"), validators=[Length(max=200)])
    notes = TextAreaField(_l("Notes for members"), validators=[Length(max=5000)])
    submit = SubmitField(_l("Save session"))


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(message=_l("Enter an e-mail address.")), Email(check_deliverability=False), Length(max=254)])
    role = SelectField(_l("Role"), choices=choices(ROLE_CHOICES), default="participant")
    submit = SubmitField(_l("Send invitation"))


class BulkInviteForm(FlaskForm):
    addresses = TextAreaField(_l("Addresses"), description=_l("One per line, or separated by commas. A line may also be "
                                                              "e-mail,role,name."), render_kw={"rows": 6, "spellcheck": "false"})
    file = FileField(_l("Or a CSV file"), description=_l("Columns email, role (optional), name (optional); at most 200 rows."),
                     render_kw={"accept": ".csv,text/csv"})
    role = SelectField(_l("Role, where the list gives none"), choices=choices(ROLE_CHOICES), default="participant")
    submit = SubmitField(_l("Send invitations"))


class JoinForm(FlaskForm):
    role = SelectField(_l("Join as"), choices=choices(c for c in ROLE_CHOICES if c[0] != "coordinator"), default="participant")
    submit = SubmitField(_l("Ask to join"))
