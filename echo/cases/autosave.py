"""Background saves of the case form (static/js/autosave.js): JSON in, JSON out.

Same rules as the form's Save draft: the author only, draft or returned only, the same
validation (CaseForm, then echo.cases.operations.check_values) and the same save with its version
check (do_save_case), so a stale page gets 409 and nothing is overwritten. Differences, and why:
- an input with a bad value (a PHQ-9 of 28) is left out and reported while everything else is
  saved, because losing a paragraph of narrative to a typo in a score is worse than a partial
  draft; the page keeps the bad value (and a copy on the device) until it is fixed;
- the revision may be coalesced with the previous autosave (echo.cases.operations._record_revision);
- errors are always JSON (never an HTML page or a redirect to the login form), since a script
  reads them and tells the author what happened to their text.
CSRF: the X-CSRFToken header, checked by CSRFProtect like every POST in the app.
Logs carry ids and field names only, never values.
"""
from __future__ import annotations

import logging

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from echo.cases import privacy_check as cp
from echo.cases import operations as dc
from echo.core.errors import Conflict, DomainError
from echo.core.extensions import db
from echo.cases.models import Case
from echo.programs.models import Program
from echo.cases.blueprint import bp
from echo.cases.findings import SCAN_MAX, findings_json
from echo.cases.forms import INPUTS, CaseForm

log = logging.getLogger("echo.cases.autosave")

# The form's inputs together stay well under this (the longest field takes 20,000 characters).
MAX_BODY = 256 * 1024


def _error(status: int, message: str, **extra):
    return jsonify({"ok": False, "error": {"status": status, "message": message, **extra}}), status


def _payload() -> tuple[dict | None, tuple | None]:
    """(body, None) or (None, error reply): {"fields": {input: text}, ...}; inputs left out are not changed."""
    if not current_user.is_authenticated:
        return None, _error(401, _("You are logged out. Log in again (in another tab) and your text will be saved."))
    if (request.content_length or 0) > MAX_BODY:
        return None, _error(413, _("Too much text to save at once."))
    data = request.get_json(silent=True)
    fields = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(fields, dict) or not fields:
        return None, _error(400, _("Send {fields: {name: text}}."))
    for name, value in fields.items():
        if name not in INPUTS or not isinstance(value, (bool if name == "presenter_named" else str)):
            return None, _error(400, _("Unknown input or value of the wrong type."), field=str(name)[:40])
    return data, None


def _form(fields: dict) -> CaseForm:
    formdata = MultiDict({k: v for k, v in fields.items() if k != "presenter_named"})
    if fields.get("presenter_named"):
        formdata["presenter_named"] = "y"
    # CSRF was checked on the request (header); the form is only the validator here.
    return CaseForm(formdata=formdata, meta={"csrf": False})


def _reply(case: Case, fields: dict, errors: dict, status: int = 200):
    typed = {f: v for f, v in fields.items() if f in cp.PRIVACY_FIELDS}
    privacy = findings_json(typed, case) if sum(len(v) for v in typed.values()) <= SCAN_MAX else None
    return jsonify({
        "ok": True, "case_id": case.id, "version": case.version, "state": case.state.value,
        "saved_at": case.updated_at.isoformat(), "errors": errors, "privacy": privacy,
        "urls": {"edit": url_for("cases.edit_case", case_id=case.id), "view": url_for("cases.view_case", case_id=case.id),
                 "autosave": url_for("cases.autosave", case_id=case.id), "dismiss": url_for("cases.dismiss", case_id=case.id)},
    }), status


def _conflict(case_id: int, exc: DomainError):
    db.session.rollback()
    case = db.session.get(Case, case_id)
    message = exc.message
    if case is not None and case.state in dc.EDITABLE:
        message = _("This case was changed elsewhere (another tab or device) after this page was loaded. "
                    "Nothing was overwritten; reload to see the current version.")
    return _error(409, message, code="conflict", version=case.version if case else None,
                  state=case.state.value if case else None, view_url=url_for("cases.view_case", case_id=case_id))


@bp.route("/<int:case_id>/autosave", methods=["POST"])
def autosave(case_id: int):
    """The author, while the case is a draft or returned: save the form in the background.

    Body: {"version": n (the version the page holds), "fields": {input: text, "presenter_named": bool}}.
    200 {ok, case_id, version, saved_at, errors: {input: [message]}, privacy: {fields, unresolved}};
    401 logged out, 403 not the author, 404, 409 stale version or no longer editable (nothing saved).
    """
    data, err = _payload()
    if err:
        return err
    case = db.session.get(Case, case_id)
    if case is None:
        return _error(404, _("No such case."))
    try:
        dc.check_edit_case(current_user, case)
    except Conflict as exc:
        return _conflict(case_id, exc)
    except DomainError as exc:
        return _error(exc.status, exc.message)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        return _error(400, _("Send the version the page holds."), field="version")
    fields = data["fields"]
    values, errors = _form(fields).valid_values(fields.keys())
    try:
        dc.do_save_case(case, current_user, values, version, autosave=True)
    except Conflict as exc:
        return _conflict(case_id, exc)
    except DomainError as exc:  # check_values, the domain's backstop behind the form
        db.session.rollback()
        return _error(exc.status, exc.message, field=exc.field)
    db.session.commit()
    log.debug("case %s autosaved as version %s; left out: %s", case.id, case.version, sorted(errors))
    return _reply(case, fields, errors)


@bp.route("/program/<int:program_id>/autosave", methods=["POST"])
def autosave_new(program_id: int):
    """The program's participants and coordinators, on the new-case page: the first background
    save creates the draft (201) and the page carries on as its edit page.

    Body: {"form_key": the page's data-form-key, "fields": {...}}. Sent again with the same
    form_key (its reply was lost), it saves onto the draft made the first time (200) instead.
    """
    data, err = _payload()
    if err:
        return err
    program = db.session.get(Program, program_id)
    if program is None:
        return _error(404, _("No such program."))
    try:
        dc.check_new_case(current_user, program)
        form_key = dc.check_form_key(data.get("form_key"))
    except DomainError as exc:
        return _error(exc.status, exc.message, field=exc.field)
    fields = data["fields"]
    values, errors = _form(fields).valid_values(fields.keys())
    try:
        case, created = dc.do_autosave_new_case(program, current_user, values, form_key)
    except Conflict as exc:
        db.session.rollback()
        found = dc.autosaved_new_case(current_user, program, form_key)
        return _conflict(found.id, exc) if found is not None else _error(409, exc.message)
    except DomainError as exc:
        db.session.rollback()
        return _error(exc.status, exc.message, field=exc.field)
    db.session.commit()
    log.debug("case %s %s by autosave; left out: %s", case.id, "created" if created else "saved", sorted(errors))
    return _reply(case, fields, errors, 201 if created else 200)
