"""What cases came to: cases presented in the period, how many were closed out (the
presenter's report at 2 and 12 weeks, echo.closeout), what became of the recommendations and
whether a referral or transfer was avoided."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from sqlalchemy import func, select

from echo.cases.models import Case
from echo.closeout.models import STAGES, Closeout, CloseoutItem
from echo.core.extensions import db
from echo.reports.figure import COUNT, SHARE, Figure, Value, share
from echo.reports.scope import Scope

IMPLEMENTED = {"fully": _l("Implemented fully"), "partly": _l("Implemented in part"), "not": _l("Not implemented")}
AVOIDED = {"yes": _l("Yes, avoided"), "no": _l("No"), "not_applicable": _l("No referral or transfer was in view")}


@dataclass
class CaseOutcomes:
    presented: int
    closed: int                     # with at least one close-out answered
    by_stage: dict[int, int]        # weeks -> cases with that close-out answered
    implemented: Counter[str]       # each recommendation's latest answer
    avoided: Counter[str]           # each case's latest answer

    @property
    def closed_share(self) -> float | None:
        return share(self.closed, self.presented)

    @property
    def recommendations(self) -> int:
        return sum(self.implemented.values())


def case_outcomes(scope: Scope) -> CaseOutcomes:
    """Three queries, whatever the number of cases."""
    presented = select(Case.id).where(scope.of_program(Case.program_id), Case.presented_at >= scope.period.starts_at,
                                      Case.presented_at < scope.period.ends_before)
    n = db.session.scalar(select(func.count()).select_from(presented.subquery())) or 0
    answered = (Closeout.case_id.in_(presented), Closeout.answered_at.is_not(None))
    # The later stage's answer stands for a case (and a recommendation) answered at both.
    latest_case: dict[int, tuple[int, str]] = {}
    by_stage: Counter[int] = Counter()
    for case_id, weeks, avoided in db.session.execute(
            select(Closeout.case_id, Closeout.weeks, Closeout.referral_avoided).where(*answered)):
        by_stage[weeks] += 1
        if case_id not in latest_case or weeks > latest_case[case_id][0]:
            latest_case[case_id] = (weeks, avoided)
    latest_rec: dict[int, tuple[int, str]] = {}
    for rec_id, weeks, implemented in db.session.execute(
            select(CloseoutItem.recommendation_id, Closeout.weeks, CloseoutItem.implemented)
            .join(Closeout, Closeout.id == CloseoutItem.closeout_id).where(*answered)):
        if rec_id not in latest_rec or weeks > latest_rec[rec_id][0]:
            latest_rec[rec_id] = (weeks, implemented)
    return CaseOutcomes(n, len(latest_case), {w: by_stage[w] for w in STAGES},
                        Counter(v for _w, v in latest_rec.values()), Counter(v for _w, v in latest_case.values() if v))


def outcome_figures(o: CaseOutcomes) -> list[Figure]:
    cases: list[tuple[str, list[Value]]] = [(_("Cases presented"), [o.presented, None])]
    cases += [(_("Closed out at %(weeks)d weeks", weeks=w), [o.by_stage.get(w, 0), share(o.by_stage.get(w, 0), o.presented)])
              for w in STAGES]
    cases.append((_("Closed out at either stage"), [o.closed, o.closed_share]))
    answers = sum(o.avoided.values())
    return [
        Figure("cases", _("Cases presented and closed out"), _("Cases"),
               [(_("Cases"), COUNT), (_("Share of cases presented"), SHARE)], cases, chart="hbar",
               note=_("A case is closed out when its presenter reports what became of the recommendations, 2 and 12 weeks after the summary."),
               empty=_("No case was presented in this period.")),
        Figure("recommendations", _("What became of the recommendations"), _("Recommendations"),
               [(_("Recommendations"), COUNT), (_("Share of those reported on"), SHARE)],
               [(str(label), [o.implemented[k], share(o.implemented[k], o.recommendations)]) for k, label in IMPLEMENTED.items()],
               note=_("Recommendations of the cases presented in the period, as their presenters last reported (12 weeks over 2 weeks)."),
               empty=_("No presenter has reported on a recommendation yet.")),
        Figure("referrals", _("Referrals or transfers avoided"), pgettext("figure column", "Answer"),
               [(_("Cases"), COUNT), (_("Share of cases reported on"), SHARE)],
               [(str(label), [o.avoided[k], share(o.avoided[k], answers)]) for k, label in AVOIDED.items()],
               note=_("Each closed-out case counts once, by its presenter's latest answer."),
               empty=_("No presenter has answered yet.")),
    ]
