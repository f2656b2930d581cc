"""The presenter's close-out form: one pair of fields per recommendation, then the patient."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from echo.closeout.models import AVOIDED, IMPLEMENTED, PATIENT, WHY_NOT, Closeout
from echo.closeout.operations import NOTE_MAX, ItemAnswer
from echo.core.formutil import choices
from echo.live.models import Recommendation
from echo.privacy.guard import REASON_MAX


class CloseoutBase(FlaskForm):
    referral_avoided = RadioField(_l("Was a referral or transfer avoided thanks to the advice?"), choices=choices(AVOIDED.items()),
                                  validators=[InputRequired(message=_l("Say whether a referral or transfer was avoided."))])
    patient_status = RadioField(_l("How is the patient doing?"), choices=choices(PATIENT.items()),
                                validators=[InputRequired(message=_l("Say how the patient is doing."))])
    note = TextAreaField(_l("Anything else the hub should know (optional; no names, dates or places)"),
                         validators=[Optional(), Length(max=NOTE_MAX, message=_l("Keep the note under %(num)d characters.", num=NOTE_MAX))])
    privacy_reason = StringField(_l("If what was flagged identifies nobody, say why"), validators=[Optional(), Length(max=REASON_MAX)])
    privacy_seen = HiddenField()


def closeout_form(recs: list[Recommendation], previous: Closeout | None) -> CloseoutBase:
    class CloseoutForm(CloseoutBase):
        def validate(self, extra_validators=None) -> bool:
            ok = super().validate(extra_validators)
            for r in recs:
                impl, why = getattr(self, f"impl_{r.id}"), getattr(self, f"why_{r.id}")
                if impl.data in ("partly", "not") and not why.data:
                    why.errors = [*why.errors, str(_l("Say why it was not (fully) implemented."))]
                    ok = False
            return ok

    for n, r in enumerate(recs, 1):
        setattr(CloseoutForm, f"impl_{r.id}", RadioField(
            _l("Recommendation %(num)d: implemented?", num=n), choices=choices(IMPLEMENTED.items()),
            validators=[InputRequired(message=_l("Say whether this recommendation was implemented."))]))
        setattr(CloseoutForm, f"why_{r.id}", SelectField(
            _l("Recommendation %(num)d: if not fully, why not?", num=n), choices=choices([("", _l("Choose…")), *WHY_NOT.items()]),
            validators=[Optional()]))
    data: dict[str, str] = {}
    if previous is not None and previous.answered_at is not None:
        data = {"referral_avoided": previous.referral_avoided, "patient_status": previous.patient_status, "note": previous.note}
        for i in previous.items:
            data[f"impl_{i.recommendation_id}"] = i.implemented
            data[f"why_{i.recommendation_id}"] = i.why_not
    return CloseoutForm(data=data)


def items_of(form: CloseoutBase, recs: list[Recommendation]) -> dict[int, ItemAnswer]:
    return {r.id: ItemAnswer(getattr(form, f"impl_{r.id}").data or "", getattr(form, f"why_{r.id}").data or "") for r in recs}
