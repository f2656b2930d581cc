from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, EmailField, IntegerField, SelectField, StringField, SubmitField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from echo.accounts.forms import ZoneField, _zone_choices
from echo.core.formutil import choices
from echo.programs.rrules import FREQUENCIES, NTHS, WEEKDAYS
from echo.programs.models import Role

TOPICS = [
    "Behavioral Health in Primary Care", "Chronic Pain and Opioid Use Disorder", "Hepatitis C",
    "Substance Use Disorder Treatment", "Diabetes and Endocrinology", "Dementia Care", "Perinatal Mental Health",
]
ROLE_CHOICES = [(r.value, r.label) for r in Role]


class ProgramForm(FlaskForm):
    name = StringField("Program name", validators=[DataRequired(message="Enter the program's name."), Length(max=200)])
    topic = StringField("Topic", validators=[DataRequired(message="Enter the topic."), Length(max=200)], render_kw={"list": "topics"})
    description = TextAreaField("Description", validators=[Length(max=5000)])
    hub_team = TextAreaField("Hub team", validators=[Length(max=3000)])
    timezone = ZoneField("Program time zone", default="America/Denver")
    video_url = StringField("Video meeting link", validators=[Length(max=500)])
    visibility = SelectField("Visibility", choices=choices([("public", "Public: anyone can see it and ask to join"),
                                                    ("invite_only", "Invite only")]), default="public")
    frequency = SelectField("Recurrence", choices=choices(FREQUENCIES), default="weekly")
    weekday = SelectField("Weekday", choices=choices([("", "Choose…")] + WEEKDAYS), default="", validate_choice=False)
    nth = SelectField("Week of the month (monthly)", choices=choices([("", "—")] + [(v, n.title()) for v, n in NTHS]), default="", validate_choice=False)
    custom_rrule = StringField("Custom RRULE", validators=[Length(max=400)])
    first_date = DateField("First session", validators=[Optional()])
    start_time = TimeField("Start time (program time zone)", validators=[Optional()])
    duration_minutes = IntegerField("Duration (minutes)", default=60,
                                    validators=[InputRequired(message="Enter the duration in minutes."),
                                                NumberRange(min=5, max=720, message="Between 5 and 720 minutes.")])
    until_date = DateField("Last date (optional, at most 3 years ahead)", validators=[Optional()])
    submit = SubmitField("Save program")

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.timezone.choices = _zone_choices()


class SessionForm(FlaskForm):
    date = DateField("Date", validators=[InputRequired(message="Enter the date.")])
    start_time = TimeField("Start time (program time zone)", validators=[InputRequired(message="Enter the start time.")])
    duration_minutes = IntegerField("Duration (minutes)", default=60,
                                    validators=[InputRequired(message="Enter the duration in minutes."),
                                                NumberRange(min=5, max=720, message="Between 5 and 720 minutes.")])
    didactic_title = StringField("Didactic title", validators=[Length(max=300)])
    didactic_speaker = StringField("Didactic speaker", validators=[Length(max=200)])
    notes = TextAreaField("Notes for members", validators=[Length(max=5000)])
    submit = SubmitField("Save session")


class InviteForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(message="Enter an e-mail address."), Email(check_deliverability=False), Length(max=254)])
    role = SelectField("Role", choices=choices(ROLE_CHOICES), default="participant")
    submit = SubmitField("Send invitation")


class BulkInviteForm(FlaskForm):
    addresses = TextAreaField("Addresses", description="One per line, or separated by commas. A line may also be "
                              "e-mail,role,name.", render_kw={"rows": 6, "spellcheck": "false"})
    file = FileField("Or a CSV file", description="Columns email, role (optional), name (optional); at most 200 rows.",
                     render_kw={"accept": ".csv,text/csv"})
    role = SelectField("Role, where the list gives none", choices=choices(ROLE_CHOICES), default="participant")
    submit = SubmitField("Send invitations")


class JoinForm(FlaskForm):
    role = SelectField("Join as", choices=choices(c for c in ROLE_CHOICES if c[0] != "coordinator"), default="participant")
    submit = SubmitField("Ask to join")
