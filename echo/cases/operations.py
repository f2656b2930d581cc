"""Cases: who may write them, saving with revisions and optimistic concurrency, follow-ups,
ordering the agenda. Plain functions, no Flask request objects; do_* never commit (the
request handler does). Lists of cases (queue, agenda, reading list): echo.cases.queries.

Who may see a case is echo.cases.visibility, asked through the viewer (echo.programs.access).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from echo.cases.visibility import check_view_case  # noqa: F401  (library and live ask it here)
from echo.accounts import audit
from echo.accounts.models import AuditLog, User
from echo.cases.models import Case, CaseRevision, CaseState, CaseTag
from echo.cases.queries import agenda

# can_view_case and record_view are re-exported for code that still imports them from here;
# new code asks the viewer (Viewer.can_view_case) and echo.cases.visibility.record_view.
from echo.cases.visibility import (  # noqa: F401
    AUTHOR_ROLES,
    can_view_case,
    may_write_as_author,
    record_view,
)
from echo.core.errors import Conflict, Invalid, NotAllowed
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.access import Viewer, viewer_of
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Program

S = CaseState
EDITABLE = (S.draft, S.returned)
AFTER_SESSION = (S.presented, S.summarised, S.published)

# Structured fields saved from the form (besides tags), with their maximum lengths.
TEXT_LIMITS = {
    "title": 200, "setting": 120, "chief_concern": 2000, "history": 5000, "medications": 5000, "tests": 5000,
    "treatment": 5000, "social_factors": 5000, "narrative": 20000, "questions": 3000,
}
SEXES = {"female": _l("Female"), "male": _l("Male"), "intersex": _l("Intersex"), "other": _l("Other / not stated")}
SCORES = {"phq9": ("PHQ-9", 27), "gad7": ("GAD-7", 21), "auditc": ("AUDIT-C", 12)}
REQUIRED_TO_SUBMIT = {
    "title": _l("Give the case a short title (no identifiers)."),
    "age_band": _l("Give the patient's age or age band."),
    "sex": _l("Choose the patient's sex."),
    "chief_concern": _l("Describe the chief concern."),
    "questions": _l("Ask the panel at least one specific question."),
}
SNAPSHOT_FIELDS = ("title", "age", "age_band", "sex", "setting", "chief_concern", "history", "medications", "tests",
                   "treatment", "social_factors", "phq9", "gad7", "auditc", "narrative", "questions", "presenter_named")
TAG_MAX, TAGS_MAX = 40, 15
# Autosaves within this time of the first autosave of a run share one revision (see _record_revision).
AUTOSAVE_COALESCE = timedelta(minutes=10)
# Key in CaseRevision.data marking a revision written by autosave: {"since": ISO time the run began}.
# Kept in the JSON snapshot so that coalescing needs no schema change.
AUTOSAVE_MARK = "_autosave"
FORM_KEY_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
BANDS = [f"{d}-{d + 9}" for d in range(0, 90, 10)] + ["90+"]


# --- who may see / do what ----------------------------------------------------------------------

def is_coordinator(user: User | Viewer | None, program: Program) -> bool:
    return viewer_of(user).is_coordinator(program)


# What a coordinator-only action is called in the refusal ("Only the program's coordinators may ...").
COORDINATOR_REFUSALS = {
    "review cases": _l("Only the program's coordinators may review cases."),
    "order the agenda": _l("Only the program's coordinators may order the agenda."),
    "read the audit log": _l("Only the program's coordinators may read the audit log."),
}


def check_coordinator(user: User | Viewer | None, program: Program, action: str = "review cases") -> None:
    if not viewer_of(user).is_coordinator(program):
        refusal = COORDINATOR_REFUSALS.get(action)
        raise NotAllowed(str(refusal) if refusal is not None else f"Only the program's coordinators may {action}.")


def check_new_case(user: User | Viewer | None, program: Program) -> None:
    # Membership, not the admin override: cases come from the program's own clinicians.
    if viewer_of(user).role_in(program) not in AUTHOR_ROLES:
        raise NotAllowed(_("Only the program's participants and coordinators may write a case for it."))


def check_edit_case(user: User | Viewer | None, case: Case) -> None:
    viewer = viewer_of(user)
    if viewer.id is None or case.author_id != viewer.id:
        raise NotAllowed(_("Only the author may edit this case."))
    if not may_write_as_author(viewer, case):
        raise NotAllowed(_("You are no longer a member of this case's program, so you cannot change its cases."))
    if case.state not in EDITABLE:
        if case.state == S.submitted:
            raise Conflict(_("This case is %(state)s and cannot be edited now. Withdraw the submission first.",
                             state=case.state.label))
        raise Conflict(_("This case is %(state)s and cannot be edited now.", state=case.state.label))


# --- input --------------------------------------------------------------------------------------

def parse_age(raw: str) -> tuple[int | None, str]:
    """'45' -> (45, '40-49'); '93' -> (None, '90+') (no exact age over 89 is kept); '40-49' -> (None, '40-49')."""
    s = (raw or "").strip().lower().replace("–", "-").replace(" ", "")
    if not s:
        return None, ""
    if s.isdigit():
        age = int(s)
        if age > 120:
            raise Invalid(_("Give an age from 0 to 120, or an age band such as 40-49."), field="age")
        if age >= 90:
            return None, "90+"
        return age, BANDS[age // 10]
    if s in ("90+", "90orolder", ">89", "over89", "90andover", "≥90"):
        return None, "90+"
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", s)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= hi and hi - lo <= 20 and hi < 90:
            return None, f"{lo}-{hi}"
    raise Invalid(_("Give an age (0-120) or an age band such as 40-49 or 90+."), field="age")


def parse_tags(raw: str) -> list[str]:
    tags: list[str] = []
    for part in (raw or "").split(","):
        tag = " ".join(part.split()).lower()
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise Invalid(_("Keep each tag under %(n)d characters.", n=TAG_MAX), field="tags")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise Invalid(_("Use at most %(n)d tags.", n=TAGS_MAX), field="tags")
    return tags


def display_age(case: Case) -> str:
    if case.age is not None and case.age < 90:
        return str(case.age)
    return case.age_band or ""


def age_input_value(case: Case) -> str:
    return str(case.age) if case.age is not None and case.age < 90 else (case.age_band or "")


def missing_for_submit(case: Case) -> dict[str, str]:
    return {f: str(msg) for f, msg in REQUIRED_TO_SUBMIT.items() if not (getattr(case, f) or "").strip()}


def check_ready_to_submit(case: Case) -> None:
    missing = missing_for_submit(case)
    if missing:
        field, msg = next(iter(missing.items()))
        raise Invalid(msg, field="age" if field == "age_band" else field)


# --- saving ---------------------------------------------------------------------------------------

def snapshot(case: Case) -> dict:
    data = {f: getattr(case, f) for f in SNAPSHOT_FIELDS}
    data["tags"] = [t.tag for t in case.tags]
    data["state"] = case.state.value
    return data


def _apply(case: Case, values: dict) -> None:
    for f in TEXT_LIMITS:
        if f in values:
            setattr(case, f, values[f] or "")
    for f in ("age", "age_band", "sex", "phq9", "gad7", "auditc", "presenter_named"):
        if f in values:
            setattr(case, f, values[f])
    if "tags" in values:
        wanted = values["tags"]
        for t in list(case.tags):
            if t.tag not in wanted:
                case.tags.remove(t)
        have = {t.tag for t in case.tags}
        for tag in wanted:
            if tag not in have:
                case.tags.append(CaseTag(tag=tag))


def check_values(values: dict) -> None:
    """Domain validation of already-parsed values (the form checks first; this is the backstop)."""
    for f, limit in TEXT_LIMITS.items():
        if len(values.get(f) or "") > limit:
            raise Invalid(_("Keep this under %(n)d characters.", n=limit), field=f)
    for f, (label, hi) in SCORES.items():
        v = values.get(f)
        if v is not None and not (0 <= v <= hi):
            raise Invalid(_("%(label)s is scored 0 to %(hi)d.", label=label, hi=hi), field=f)
    if values.get("sex") and values["sex"] not in SEXES:
        raise Invalid(_("Choose one of the listed options."), field="sex")


def do_create_case(program: Program, author: User, values: dict, parent: Case | None = None,
                   autosave: bool = False, form_key: str = "") -> Case:
    """A new draft with its first revision. autosave: made by the page's background save, whose
    form_key (a random key the page was rendered with) lets a retried request find it again."""
    check_new_case(author, program)
    check_values(values)
    case = Case(program_id=program.id, author_id=author.id, state=S.draft, version=1, parent_id=parent.id if parent else None)
    case.program = program
    _apply(case, values)
    db.session.add(case)
    db.session.flush()
    _record_revision(case, author, autosave)
    detail = f"follow-up of #{parent.id}" if parent else (_autosave_detail(form_key) if autosave else "")
    audit.record(author, "case.created", "case", case.id, program.id, detail=detail)
    return case


def do_save_case(case: Case, user: User, values: dict, expected_version: int, autosave: bool = False) -> Case:
    """Save the author's edit when nobody saved in between; else Conflict and nothing changes.

    The version check is one conditional UPDATE, so two saves racing on the same version
    cannot both win (the row lock makes the second one see the new version). An autosave goes
    through exactly the same checks; only its revision may be coalesced. The caller commits.
    """
    check_edit_case(user, case)
    check_values(values)
    if expected_version != case.version:
        raise Conflict(_("This case was saved elsewhere after you opened it."))
    res = db.session.execute(
        update(Case).where(Case.id == case.id, Case.version == expected_version).values(version=expected_version + 1)
        .execution_options(synchronize_session=False))
    if res.rowcount != 1:
        db.session.rollback()
        raise Conflict(_("This case was saved elsewhere after you opened it."))
    case.version = expected_version + 1
    _apply(case, values)
    case.updated_at = utcnow()
    db.session.flush()
    _record_revision(case, user, autosave)
    return case


# --- autosave -------------------------------------------------------------------------------------

def _autosave_detail(form_key: str) -> str:
    # A random key, not case text: it only lets a retried first autosave find the case it made.
    return f"started by autosave (form {form_key})"


def check_form_key(form_key: object) -> str:
    if not isinstance(form_key, str) or not FORM_KEY_RE.fullmatch(form_key):
        raise Invalid(_("Missing or malformed form key."), field="form_key")
    return form_key


def autosaved_new_case(author: User, program: Program, form_key: str) -> Case | None:
    """The case an earlier autosave of this same new-case form created, if any (its reply may
    have been lost on a bad connection, and the page retries)."""
    case_id = db.session.scalar(select(AuditLog.object_id).where(
        AuditLog.actor_id == author.id, AuditLog.program_id == program.id, AuditLog.action == "case.created",
        AuditLog.detail == _autosave_detail(form_key)).order_by(AuditLog.id).limit(1))
    case = db.session.get(Case, case_id) if case_id is not None else None
    return case if case is not None and case.author_id == author.id else None


def do_autosave_new_case(program: Program, author: User, values: dict, form_key: str) -> tuple[Case, bool]:
    """First background save of a new-case form -> (case, created). A retry of a create whose reply
    was lost saves onto that case's first version instead of creating a second case; if that case
    was changed since, the usual Conflict. The caller commits."""
    check_new_case(author, program)
    form_key = check_form_key(form_key)
    existing = autosaved_new_case(author, program, form_key)
    if existing is not None:
        return do_save_case(existing, author, values, 1, autosave=True), False
    return do_create_case(program, author, values, autosave=True, form_key=form_key), True


def is_autosave(rev: CaseRevision) -> bool:
    return isinstance(rev.data, dict) and isinstance(rev.data.get(AUTOSAVE_MARK), dict)


def _record_revision(case: Case, user: User, autosave: bool) -> CaseRevision:
    """Keep the saved state as a revision without letting background saves flood the history.

    Rule: when the latest revision is an autosave by the same person whose run began less than
    AUTOSAVE_COALESCE ago, this save rewrites it (its version, data and time become this save's);
    otherwise a new revision is added. A manual save that rewrites an autosave revision turns it
    into an ordinary one, and ordinary revisions are never rewritten. So the history holds every
    manual save plus at most one autosave per person per ten minutes of work; the version numbers
    it shows may skip (they are the case's concurrency counter).
    """
    now = utcnow()
    data = snapshot(case)
    latest = db.session.scalar(select(CaseRevision).where(CaseRevision.case_id == case.id)
                               .order_by(CaseRevision.version.desc(), CaseRevision.id.desc()).limit(1))
    since = _autosave_since(latest) if latest is not None and latest.editor_id == user.id else None
    if since is not None and now - since < AUTOSAVE_COALESCE:
        if autosave:
            data[AUTOSAVE_MARK] = {"since": since.isoformat()}
        latest.version, latest.data, latest.created_at = case.version, data, now
        return latest
    if autosave:
        data[AUTOSAVE_MARK] = {"since": now.isoformat()}
    rev = CaseRevision(case_id=case.id, version=case.version, editor_id=user.id, data=data, created_at=now)
    db.session.add(rev)
    return rev


def _autosave_since(rev: CaseRevision) -> datetime | None:
    if not is_autosave(rev):
        return None
    try:
        since = datetime.fromisoformat(rev.data[AUTOSAVE_MARK]["since"])
    except (KeyError, TypeError, ValueError):
        return None
    return since if since.tzinfo is not None else None


def revisions(case: Case) -> list[CaseRevision]:
    return list(db.session.scalars(select(CaseRevision).where(CaseRevision.case_id == case.id).order_by(CaseRevision.version.desc())))


# --- follow-ups -----------------------------------------------------------------------------------

FOLLOW_UP_FROM = (S.presented, S.summarised, S.published)


def check_follow_up(user: User, parent: Case) -> None:
    if parent.author_id != getattr(user, "id", None):
        raise NotAllowed(_("Only the case's author may start its follow-up."))
    if parent.state not in FOLLOW_UP_FROM:
        raise Conflict(_("A follow-up can be started once the case has been presented."))


def do_follow_up(user: User, parent: Case) -> Case:
    check_follow_up(user, parent)
    values = {f: getattr(parent, f) for f in SNAPSHOT_FIELDS if f not in ("narrative", "questions", "title")}
    # Pre-filled text the author goes on writing, so in the author's language.
    values["title"] = _("Follow-up: %(title)s", title=parent.title)[:200]
    values["narrative"] = "## " + _("What happened since the presentation") + "\n\n"
    values["questions"] = ""
    values["tags"] = [t.tag for t in parent.tags]
    return do_create_case(parent.program, user, values, parent=parent)


# --- the agenda ---------------------------------------------------------------------------------

def check_session_for_case(case: Case, session: ClinicSession | None) -> ClinicSession:
    if session is None:
        raise Invalid(_("Choose a session for the agenda."), field="session_id")
    if session.program_id != case.program_id:
        raise Invalid(_("That session belongs to another program."), field="session_id")
    if session.status not in (SessionStatus.scheduled, SessionStatus.live) or session.ends_at <= utcnow():
        raise Invalid(_("Choose an upcoming session."), field="session_id")
    return session


def do_move_on_agenda(user: User, case: Case, direction: str) -> None:
    """Swap the case with its neighbour above ('up') or below ('down'). The caller commits."""
    check_coordinator(user, case.program, "order the agenda")
    if case.state != S.accepted or case.session is None:
        raise Conflict(_("Only an accepted case on an agenda can be moved."))
    if direction not in ("up", "down"):
        raise Invalid(_("Move up or down."))
    items = agenda(case.session)
    for i, c in enumerate(items):  # normalise positions 1..n first
        c.agenda_position = i + 1
    i = [c.id for c in items].index(case.id)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(items):
        items[i].agenda_position, items[j].agenda_position = items[j].agenda_position, items[i].agenda_position
        audit.record(user, "case.agenda_moved", "case", case.id, case.program_id, detail=f"{direction} to {items[i].agenda_position}")
