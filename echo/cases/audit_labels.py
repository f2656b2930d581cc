"""The audit log page's words for what the log stores as codes: actions ("case.created"),
object types ("session") and the details that are codes ("claimed"), in the reader's
language. The log keeps the codes (exports and scripts read them); a code written by a feature
that is not listed here shows as stored, so a new action is never hidden."""
from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

# Every action recorded with a program (echo.accounts.audit.record callers); account actions
# (user.*) have no program, so no program's log shows them.
ACTIONS: dict[str, LazyString] = {
    "case.created": _l("Case created"),
    "case.viewed": _l("Case viewed"),
    "case.submitted": _l("Case submitted"),
    "case.accepted": _l("Case accepted"),
    "case.returned": _l("Case returned to its author"),
    "case.presented": _l("Case presented"),
    "case.summarised": _l("Case summarised"),
    "case.published": _l("Case published"),
    "case.agenda_moved": _l("Case moved on the agenda"),
    "case.privacy_dismissed": _l("Privacy finding dismissed in the case"),
    "case.privacy_undismissed": _l("Privacy finding shown again in the case"),
    "case.history_redacted": _l("Case history redacted"),
    "closeout.answered": _l("Close-out answered"),
    "closeout.privacy_confirmed": _l("Close-out privacy findings confirmed"),
    "session.started": _l("Session started"),
    "session.ended": _l("Session ended"),
    "session.moved_to_now": _l("Session moved to now"),
    "live.privacy_dismissed": _l("Privacy finding dismissed on the board"),
    "summary.privacy_dismissed": _l("Privacy finding dismissed in the summary"),
    "attendance.edited": _l("Attendance edited"),
    "attendance.code_made": _l("Attendance code made"),
    "attendance.claimed": _l("Attendance claimed"),
    "attendance.claim_approved": _l("Attendance claim approved"),
    "attendance.claim_declined": _l("Attendance claim declined"),
    "credit.awarded": _l("Credit awarded"),
    "credit.revoked": _l("Credit revoked"),
    "credit.reinstated": _l("Credit reinstated"),
    "disclosure.recorded": _l("Disclosure recorded"),
    "evaluation.privacy_confirmed": _l("Evaluation privacy findings confirmed"),
    "evaluation.reminded": _l("Evaluation reminders sent"),
}

# The object an entry is about, with its id (a case links to its page: the template does that).
OBJECTS: dict[str, LazyString] = {
    "session": _l("session #%(id)s"),
    "clinic_session": _l("session #%(id)s"),
    "attendance_claim": _l("attendance claim #%(id)s"),
    "credit_award": _l("credit award #%(id)s"),
    "disclosure": _l("disclosure #%(id)s"),
    "survey": _l("survey #%(id)s"),
}

# Details that are codes rather than a state change or a count (echo.credit.awards).
DETAILS: dict[str, LazyString] = {
    "claimed": _l("claimed by the attendee"),
    "awarded by coordinator": _l("awarded by a coordinator"),
}


def action_label(code: str) -> str:
    return str(ACTIONS[code]) if code in ACTIONS else code


def object_label(object_type: str, object_id: int | None) -> str:
    if object_type in OBJECTS and object_id is not None:
        return str(OBJECTS[object_type]) % {"id": object_id}
    return f"{object_type} {object_id or ''}".strip()


def detail_label(detail: str) -> str:
    return str(DETAILS[detail]) if detail in DETAILS else detail
