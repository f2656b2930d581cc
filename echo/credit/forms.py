"""The credit forms: a program's rule, a verification code, an export's period, revoking an award."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from echo.core.formutil import choices
from echo.credit.models import CREDIT_LABELS, REASON_MAX, CreditRule, CreditType
from echo.credit.rules import HOURS_MAX, RuleValues


class RuleForm(FlaskForm):
    enabled = BooleanField(_l("Offer credit for this program's sessions"), default=True)
    credit_type = SelectField(_l("Credit type"), choices=choices(CREDIT_LABELS.items()),
                              validators=[InputRequired(message=_l("Choose the credit type."))])
    hours = DecimalField(_l("Hours per session"), places=2,
                         validators=[InputRequired(message=_l("Give the hours per session, for example 1 or 1.5.")),
                                     NumberRange(min=0.01, max=float(HOURS_MAX),
                                                 message=_l("Give the hours per session, more than 0 and at most 24."))])
    min_share_percent = IntegerField(_l("Share of the session to attend (percent)"), default=75,
                                     validators=[InputRequired(message=_l("Give the share of the session to attend.")),
                                                 NumberRange(min=1, max=100, message=_l("Give a share from 1 to 100 percent."))])
    evaluation_required = BooleanField(_l("The session's evaluation must be completed"), default=True)
    pars_activity_id = StringField(_l("ACCME PARS activity ID (optional)"), validators=[Optional(), Length(max=40)])
    submit = SubmitField(_l("Save the credit rule"))

    def validate_hours(self, field: DecimalField) -> None:
        if field.data is not None and field.data != field.data.quantize(type(field.data)("0.01")):
            raise ValidationError(_l("Give the hours to two decimals at most, for example 1.25."))

    @staticmethod
    def data_of(rule: CreditRule) -> dict[str, object]:
        """The stored rule as the form's initial values."""
        return {"enabled": rule.enabled, "credit_type": rule.credit_type.value, "hours": rule.hours,
                "min_share_percent": rule.min_share_percent, "evaluation_required": rule.evaluation_required,
                "pars_activity_id": rule.pars_activity_id}

    def values(self) -> RuleValues:
        return RuleValues(enabled=bool(self.enabled.data), credit_type=CreditType(self.credit_type.data),
                          hours=self.hours.data, min_share_percent=int(self.min_share_percent.data),
                          evaluation_required=bool(self.evaluation_required.data),
                          pars_activity_id=self.pars_activity_id.data or "")


class VerifyForm(FlaskForm):
    """Read from the query string (GET, no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    code = StringField(_l("Verification code"), validators=[InputRequired(message=_l("Type the code printed on the certificate.")),
                                                            Length(max=40)])


class PeriodForm(FlaskForm):
    """An export's period (GET, no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[InputRequired(message=_l("Give the first day, for example 2026-01-01."))])
    end = DateField(_l("To"), validators=[InputRequired(message=_l("Give the last day, for example 2026-12-31."))])

    def validate_end(self, field: DateField) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The last day comes on or after the first."))


class RevokeForm(FlaskForm):
    """The reason is checked by echo.credit.revocation.check_revoke (after who may and whether
    the credit still stands); the validator here marks the field required on the page."""

    reason = TextAreaField(_l("Reason for revoking"),
                           validators=[InputRequired(message=_l("Give the reason for revoking this credit, for example a duplicate award.")),
                                       Length(max=REASON_MAX)],
                           render_kw={"rows": 4, "maxlength": REASON_MAX})
