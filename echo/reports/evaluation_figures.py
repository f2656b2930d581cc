"""What attendees said (echo.evaluations): ratings, intent to change and practice changed,
and survey response rates against the funders' 80% target, for the sessions held in the period."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from sqlalchemy import func, select

from echo.core.extensions import db
from echo.evaluations.models import (
    EvaluationQuestion,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
)
from echo.evaluations.operations import RESPONSE_TARGET
from echo.live.models import PresenceInterval
from echo.programs.models import Membership, MembershipStatus
from echo.reports.figure import COUNT, SHARE, Figure, Value, share
from echo.reports.numbers import percent
from echo.reports.scope import Scope

RATINGS = {1: _l("1 (poor)"), 2: _l("2"), 3: _l("3"), 4: _l("4"), 5: _l("5 (excellent)")}
INTENT = {2: _l("Yes"), 1: _l("Maybe"), 0: _l("No")}   # the values echo.evaluations stores
KINDS = {SurveyKind.end: _l("End of session"), SurveyKind.followup: _l("30-day follow-up")}


@dataclass
class Rates:
    surveys: int = 0
    asked: int = 0
    answered: int = 0
    meeting_target: int = 0

    @property
    def share(self) -> float | None:
        return share(self.answered, self.asked)


@dataclass
class Evaluations:
    answers: dict[tuple[SurveyKind, QuestionKind], Counter[int]]   # answer value -> how many
    rates: dict[SurveyKind, Rates]

    def counts(self, survey: SurveyKind, question: QuestionKind) -> Counter[int]:
        return self.answers.get((survey, question), Counter())

    @property
    def mean_rating(self) -> float | None:
        c = self.counts(SurveyKind.end, QuestionKind.scale)
        total = sum(c.values())
        return sum(k * v for k, v in c.items()) / total if total else None

    @property
    def overall(self) -> Rates:
        return Rates(sum(r.surveys for r in self.rates.values()), sum(r.asked for r in self.rates.values()),
                     sum(r.answered for r in self.rates.values()), sum(r.meeting_target for r in self.rates.values()))


def evaluations(scope: Scope) -> Evaluations:
    """Three queries: the answers counted in SQL, who may answer each survey, who did."""
    surveys_in = Survey.session_id.in_(scope.held_ids())
    answers: dict[tuple[SurveyKind, QuestionKind], Counter[int]] = defaultdict(Counter)
    for kind, qkind, number, n in db.session.execute(
            select(Survey.kind, EvaluationQuestion.kind, SurveyAnswer.number, func.count())
            .join(SurveyResponse, SurveyResponse.survey_id == Survey.id)
            .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
            .join(EvaluationQuestion, EvaluationQuestion.id == SurveyAnswer.question_id)
            .where(surveys_in, SurveyAnswer.number.is_not(None), EvaluationQuestion.kind != QuestionKind.text)
            .group_by(Survey.kind, EvaluationQuestion.kind, SurveyAnswer.number)):
        answers[(kind, qkind)][number] += n
    # Who may answer: the rule of echo.evaluations.operations.rate_of (attended the session and
    # a member of its program now, or answered), asked of every survey at once.
    asked: dict[int, set[int]] = defaultdict(set)
    kind_of: dict[int, SurveyKind] = {}
    for sid, kind in db.session.execute(select(Survey.id, Survey.kind).where(surveys_in)):
        kind_of[sid] = kind
    for sid, uid in db.session.execute(
            select(Survey.id, PresenceInterval.user_id).distinct()
            .join(PresenceInterval, PresenceInterval.session_id == Survey.session_id)
            .join(Membership, (Membership.program_id == Survey.program_id) & (Membership.user_id == PresenceInterval.user_id))
            .where(surveys_in, Membership.status == MembershipStatus.active)):
        asked[sid].add(uid)
    answered: dict[int, set[int]] = defaultdict(set)
    for sid, uid in db.session.execute(select(SurveyResponse.survey_id, SurveyResponse.user_id)
                                       .join(Survey, Survey.id == SurveyResponse.survey_id).where(surveys_in)):
        answered[sid].add(uid)
    rates = {k: Rates() for k in SurveyKind}
    for sid, kind in kind_of.items():
        r = rates[kind]
        n_asked, n_answered = len(asked[sid] | answered[sid]), len(answered[sid])
        r.surveys += 1
        r.asked += n_asked
        r.answered += n_answered
        r.meeting_target += int(n_asked > 0 and n_answered / n_asked >= RESPONSE_TARGET)
    return Evaluations(dict(answers), rates)


def _distribution(counts: Counter[int], labels: dict[int, Any]) -> list[tuple[str, list[Value]]]:
    total = sum(counts.values())
    return [(str(label), [counts[v], share(counts[v], total)]) for v, label in labels.items()]


def evaluation_figures(ev: Evaluations) -> list[Figure]:
    answers = [(_("Answers"), COUNT), (_("Share of answers"), SHARE)]
    target = _("Target")
    rate_rows = [(str(label), [r.surveys, r.asked, r.answered, r.share, RESPONSE_TARGET, r.meeting_target])
                 for k, label in KINDS.items() for r in [ev.rates[k]]]
    return [
        Figure("satisfaction", _("Satisfaction with the sessions (end-of-session ratings)"), _("Rating"), answers,
               _distribution(ev.counts(SurveyKind.end, QuestionKind.scale), RATINGS),
               note=_("Every rating question of the end-of-session evaluations, from 1 (poor) to 5 (excellent)."),
               empty=_("Nobody has rated a session of this period yet.")),
        Figure("intent", _("Intent to change practice (end of session)"), pgettext("figure column", "Answer"), answers,
               _distribution(ev.counts(SurveyKind.end, QuestionKind.intent), INTENT),
               empty=_("Nobody has answered this question for a session of this period yet.")),
        Figure("changed", _("Practice changed (30-day follow-up)"), pgettext("figure column", "Answer"), answers,
               _distribution(ev.counts(SurveyKind.followup, QuestionKind.intent), INTENT),
               empty=_("Nobody has answered this question for a session of this period yet.")),
        Figure("response-rates", _("Survey response rates"), _("Survey"),
               [(_("Surveys"), COUNT), (_("Asked"), COUNT), (_("Answered"), COUNT), (_("Response rate"), SHARE),
                (target, SHARE), (_("Surveys meeting the target"), COUNT)], rate_rows, plotted=(3, 4),
               note=_("Funders ask for answers from at least %(target)s of attendees.", target=percent(RESPONSE_TARGET)),
               empty=_("No survey has opened for a session of this period yet.")),
    ]
