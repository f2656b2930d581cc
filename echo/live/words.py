"""The board's words that are not sentences of one page: the names of statuses, case states and
roles as its tags show them, and the strings static/js/live.js and live-arrivals.js show, which
the board page hands them as JSON (<script type="application/json" id="strings-live">), in the
reader's language. English stays as the board has always shown it (lowercase tags)."""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import LazyString, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from echo.live.categories import CATEGORY_LABELS
from echo.live.rules import PHASE_LABELS

STATUS_NAMES: dict[str, LazyString] = {
    "scheduled": _l("scheduled"), "live": _l("live"), "ended": _l("ended"), "cancelled": _l("cancelled"),
}
CASE_STATE_NAMES: dict[str, LazyString] = {
    "draft": _l("draft"), "submitted": _l("submitted"), "accepted": _l("accepted"), "returned": _l("returned"),
    "presented": _l("presented"), "summarised": _l("summarised"), "published": _l("published"),
}
ROLE_NAMES: dict[str, LazyString] = {
    "coordinator": _l("coordinator"), "specialist": _l("specialist"), "participant": _l("participant"),
    "learner": _l("learner"),
}


def _plural(forms: Callable[[int], str]) -> dict[str, str]:
    """Both forms of forms(n) (an ngettext with count="{n}" where the number goes). The scripts
    take "one" for 1 and "other" for anything else, which is right for English, Spanish and
    French (the counts shown start at 1)."""
    return {"one": forms(1), "other": forms(2)}


def _names(names: dict[str, LazyString]) -> dict[str, str]:
    return {k: str(v) for k, v in names.items()}


def board_strings() -> dict:
    """What the board's scripts say, in this request's language; {name} marks where a value goes."""
    return {
        "statuses": _names(STATUS_NAMES), "case_states": _names(CASE_STATE_NAMES), "roles": _names(ROLE_NAMES),
        "categories": _names(CATEGORY_LABELS), "phases": _names(PHASE_LABELS),
        "connected": _("Connected"), "reconnecting": _("Reconnecting…"),
        "pending": _plural(lambda n: ngettext("%(count)s post waiting to be sent", "%(count)s posts waiting to be sent",
                                              n, count="{n}")),
        "new_posts": _plural(lambda n: ngettext("%(count)s new post", "%(count)s new posts", n, count="{n}")),
        "someone": _("someone"), "guest": _("guest"),
        "author_role": _("%(name)s (%(role)s)", name="{name}", role="{role}"),
        "new_question": _("New question from %(author)s: %(text)s", author="{author}", text="{text}"),
        "new_answer": _("Answer from %(author)s: %(text)s", author="{author}", text="{text}"),
        "new_recommendation": _("New recommendation (%(category)s) from %(author)s: %(text)s",
                                category="{category}", author="{author}", text="{text}"),
        "new_suggestion": _("New spoke suggestion (%(category)s) from %(author)s: %(text)s",
                            category="{category}", author="{author}", text="{text}"),
        "consensus_marked": _("Marked as consensus: %(text)s", text="{text}"),
        "consensus_marked_some": _("Marked as consensus: a recommendation"),
        "started": _("The session has started."), "ended": _("The session has ended."),
        "now": _("Now: %(phase)s", phase="{phase}"),
        "session_ended": _("Session ended"), "waiting": _("Waiting to start"),
        "answer": _("Answer"), "change_answer": _("Change the answer"), "edit": _("Edit"), "withdraw": _("Withdraw"),
        "endorse": _("Endorse"), "unendorse": _("Withdraw endorsement"),
        "mark_consensus": _("Mark as consensus"), "unmark_consensus": _("Unmark consensus"),
        "post_anyway": _("Post anyway: these are not identifiers"),
        "nothing_posted": _("%(message)s Nothing was posted.", message="{message}"),
        "why_not_identifiers": _("Why these are not identifiers"),
        "choose_category": _("Choose a category."),
        "save": _("Save"), "cancel": _("Cancel"),
        "your_answer": _("Your answer"), "edit_question": _("Edit your question"),
        "edit_recommendation": _("Edit your recommendation"),
        "confirm_withdraw_question": _("Withdraw this question? It stays in the record as withdrawn."),
        "confirm_withdraw_recommendation": _("Withdraw this recommendation? It stays in the record as withdrawn."),
        "confirm_end": _("End the session for everyone?"),
        "move_and_start": _("Move to now and start"),
        "last_case": _("This is the last case on the agenda."),
        "access_changed": _("Your access to this board changed. Reloading…"),
    }
