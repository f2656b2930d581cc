"""Evaluation forms: the survey itself (one field per question of the program) and the
coordinator's form to add a question."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from echo.core.formutil import choices
from echo.evaluations import operations as ev
from echo.evaluations.models import EvaluationQuestion, QuestionKind, SurveyKind
from echo.privacy.guard import REASON_MAX

SCALE = [("5", _l("5: excellent")), ("4", _l("4: good")), ("3", _l("3: fair")), ("2", _l("2: poor")), ("1", _l("1: very poor"))]


class SurveyBase(FlaskForm):
    # Shown after a privacy finding: why the flagged words identify nobody (see echo.privacy.guard).
    privacy_reason = StringField(_l("If what was flagged identifies nobody, say why"),
                                 validators=[Optional(), Length(max=REASON_MAX)])
    privacy_seen = HiddenField()


def field_name(q: EvaluationQuestion) -> str:
    return f"q{q.id}"


def survey_form(questions: list[EvaluationQuestion], **kw) -> SurveyBase:
    """A form class with one field per question, instantiated (from the request, or from kw)."""

    class SurveyForm(SurveyBase):
        pass

    for q in questions:
        need = [InputRequired(message=_l("Please answer this question."))] if q.required else [Optional()]
        if q.kind == QuestionKind.scale:
            field = RadioField(q.prompt, choices=choices(SCALE), validators=need)
        elif q.kind == QuestionKind.intent:
            field = RadioField(q.prompt, choices=choices((str(k), v) for k, v in ev.INTENT.items()), validators=need)
        else:
            field = TextAreaField(q.prompt, validators=[*need, Length(max=ev.TEXT_MAX, message=_l("Keep this under %(num)d characters.", num=ev.TEXT_MAX))])
        setattr(SurveyForm, field_name(q), field)
    return SurveyForm(**kw)


def values_of(form: SurveyBase, questions: list[EvaluationQuestion]) -> dict[int, int | str | None]:
    out: dict[int, int | str | None] = {}
    for q in questions:
        data = getattr(form, field_name(q)).data
        if q.kind == QuestionKind.text:
            out[q.id] = (data or "").strip()
        else:
            out[q.id] = int(data) if data not in (None, "", "None") else None
    return out


class QuestionForm(FlaskForm):
    survey = SelectField(_l("Survey"), choices=choices((k.value, k.label) for k in SurveyKind))
    kind = SelectField(lazy_pgettext("noun", "Answer"), choices=choices((k.value, k.label) for k in QuestionKind))
    prompt = StringField(_l("Question"), validators=[InputRequired(message=_l("Write the question.")),
                                                 Length(max=ev.PROMPT_MAX, message=_l("Keep the question under %(num)d characters.", num=ev.PROMPT_MAX))])
    required = BooleanField(_l("An answer is required"))
