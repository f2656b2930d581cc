from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from echo.cases import operations as dc
from echo.core.errors import Invalid

HINTS = {
    "title": _l("A few words the panel will see in lists, e.g. 'Low mood despite SSRI'. No names or places."),
    "age": _l("An age (0-120) or a band such as 40-49. Ages 90 and over are kept as '90+'."),
    "setting": _l("e.g. rural health clinic, tribal clinic, FQHC, emergency department."),
    "social_factors": _l("Housing, support, trauma, work, legal: whatever the panel should know. No names."),
    "tags": _l("Comma separated, e.g. depression, insomnia, ssri."),
    "narrative": _l("Markdown: **bold**, lists with -, headings with ##. Raw HTML is removed."),
    "questions": _l("What do you want the panel to help you decide? Required to submit."),
    "phq9": _l("0 to 27"), "gad7": _l("0 to 21"), "auditc": _l("0 to 12"),
    "presenter_named": _l("Without this, library readers see the case without your name."),
}


def _age(form, field):
    try:
        dc.parse_age(field.data or "")
    except Invalid as exc:
        raise ValidationError(str(exc.message))


def _tags(form, field):
    try:
        dc.parse_tags(field.data or "")
    except Invalid as exc:
        raise ValidationError(str(exc.message))


def _long(n: int):
    return Length(max=n, message=_l("Keep this under %(n)d characters.", n=n))


def _score(label: str, hi: int):
    return [Optional(), NumberRange(min=0, max=hi, message=_l("%(label)s is scored 0 to %(hi)d.", label=label, hi=hi))]


L = dc.TEXT_LIMITS


class CaseForm(FlaskForm):
    title = StringField(_l("Short title"), validators=[_long(L["title"])])
    age = StringField(_l("Age or age band"), validators=[Length(max=20), _age])
    sex = SelectField(_l("Sex"), choices=[SelectChoice("", _l("Choose…"))] + [SelectChoice(k, v) for k, v in dc.SEXES.items()], validators=[Optional()])
    setting = StringField(_l("Setting"), validators=[_long(L["setting"])])
    chief_concern = TextAreaField(_l("Chief concern"), validators=[_long(L["chief_concern"])])
    history = TextAreaField(_l("History"), validators=[_long(L["history"])])
    medications = TextAreaField(_l("Current medications"), validators=[_long(L["medications"])])
    tests = TextAreaField(_l("Relevant tests"), validators=[_long(L["tests"])])
    treatment = TextAreaField(_l("Treatment so far"), validators=[_long(L["treatment"])])
    social_factors = TextAreaField(_l("Social factors"), validators=[_long(L["social_factors"])])
    phq9 = IntegerField("PHQ-9", validators=_score("PHQ-9", 27))
    gad7 = IntegerField("GAD-7", validators=_score("GAD-7", 21))
    auditc = IntegerField("AUDIT-C", validators=_score("AUDIT-C", 12))
    tags = StringField(_l("Tags"), validators=[Length(max=700), _tags])
    narrative = TextAreaField(_l("Narrative"), validators=[_long(L["narrative"])])
    questions = TextAreaField(_l("Question(s) for the panel"), validators=[_long(L["questions"])])
    presenter_named = BooleanField(_l("Name me as the presenter if this case is published to the library"))
    version = HiddenField()

    def _value_of(self, name: str) -> dict:
        """The parsed value(s) of one input, as do_save_case takes them ('age' gives age and age_band)."""
        if name in L:
            return {name: (getattr(self, name).data or "").strip()}
        if name == "age":
            age, band = dc.parse_age(self.age.data or "")
            return {"age": age, "age_band": band}
        if name == "tags":
            return {"tags": dc.parse_tags(self.tags.data or "")}
        if name == "sex":
            return {"sex": self.sex.data or ""}
        if name == "presenter_named":
            return {"presenter_named": bool(self.presenter_named.data)}
        return {name: getattr(self, name).data}  # the scores

    def values(self) -> dict:
        out: dict = {}
        for name in INPUTS:
            out.update(self._value_of(name))
        return out

    def valid_values(self, present) -> tuple[dict, dict[str, list[str]]]:
        """For autosave: (values of the inputs in `present` that pass validation, errors per input).

        An input with an error is left out, so the case keeps its saved value there while
        everything else the author typed is saved; the page keeps the bad value and shows why.
        """
        self.validate()
        errors = {name: [str(e) for e in errs] for name, errs in self.errors.items() if name in INPUTS}
        out: dict = {}
        for name in INPUTS:
            if name in present and name not in errors:
                out.update(self._value_of(name))
        return out, errors

    def check_required(self) -> bool:
        """The fields a submission needs; errors beside each missing one."""
        ok = True
        for name, msg in dc.REQUIRED_TO_SUBMIT.items():
            f = self.age if name == "age_band" else getattr(self, name)
            if not (f.data or "").strip():
                f.errors = list(f.errors) + [str(msg)]
                ok = False
        return ok

    @classmethod
    def for_case(cls, case, **kw):
        form = cls(**kw)
        if not form.is_submitted():
            for f in L:
                getattr(form, f).data = getattr(case, f)
            form.age.data = dc.age_input_value(case)
            form.sex.data = case.sex
            form.phq9.data, form.gad7.data, form.auditc.data = case.phq9, case.gad7, case.auditc
            form.tags.data = ", ".join(t.tag for t in case.tags)
            form.presenter_named.data = case.presenter_named
            form.version.data = str(case.version)
        return form


# The inputs an author fills in (not csrf_token / version), in form order.
INPUTS = tuple(n for n, v in CaseForm.__dict__.items() if isinstance(v, UnboundField) and n != "version")


class ReturnForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the author"), validators=[InputRequired(message=_l("Give the author a reason.")), _long(2000)])


class AcceptForm(FlaskForm):
    session_id = SelectField(_l("Session"), coerce=int, validate_choice=False,
                             validators=[InputRequired(message=_l("Choose a session for the agenda."))])


class DismissForm(FlaskForm):
    field = HiddenField(validators=[InputRequired()])
    fingerprint = HiddenField(validators=[InputRequired(), Length(max=300)])
    kind = HiddenField(validators=[InputRequired(), Length(max=20)])
    reason = StringField(_l("Why is this not an identifier?"), validators=[InputRequired(message=_l("Say why this is not an identifier.")), _long(500)])
