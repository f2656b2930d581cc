"""What a survey's answers add up to, for its program's coordinators (no names attached)."""
from __future__ import annotations

from dataclasses import dataclass, field

from babel.numbers import get_decimal_symbol
from flask_babel import get_locale
from sqlalchemy import select

from echo.core.extensions import db
from echo.evaluations.models import (
    EvaluationQuestion,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)


@dataclass
class QuestionResult:
    question: EvaluationQuestion
    counts: dict[int, int] = field(default_factory=dict)   # answer value -> how many
    texts: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(self.counts.values()) if self.question.kind != QuestionKind.text else len(self.texts)

    @property
    def mean(self) -> float | None:
        total = sum(self.counts.values())
        return sum(k * v for k, v in self.counts.items()) / total if total else None

    @property
    def mean_text(self) -> str:
        """The mean to one decimal, with the language's decimal mark ("4.5", "4,5")."""
        if self.mean is None:
            return ""
        locale = get_locale()
        return f"{self.mean:.1f}".replace(".", get_decimal_symbol(locale.language if locale is not None else "en"))


def results(survey: Survey) -> list[QuestionResult]:
    """Every question asked in the survey (removed ones too, if answered), in order."""
    rows = db.session.execute(
        select(EvaluationQuestion, SurveyAnswer).join(SurveyAnswer, SurveyAnswer.question_id == EvaluationQuestion.id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.survey_id == survey.id)
        .order_by(EvaluationQuestion.position, EvaluationQuestion.id, SurveyResponse.updated_at)).all()
    by_q: dict[int, QuestionResult] = {}
    for q, a in rows:
        r = by_q.setdefault(q.id, QuestionResult(q))
        if q.kind == QuestionKind.text:
            if a.text:
                r.texts.append(a.text)
        elif a.number is not None:
            r.counts[a.number] = r.counts.get(a.number, 0) + 1
    return list(by_q.values())
