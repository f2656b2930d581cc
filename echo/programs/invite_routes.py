"""Invitations: one address, a pasted list or a CSV file (the same operation per address),
and accepting an invitation from its in-app notice."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from echo.accounts.models import User
from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.programs import invites
from echo.programs.access import current_viewer
from echo.programs.blueprint import bp
from echo.programs.forms import BulkInviteForm, InviteForm
from echo.programs.invite_lists import (
    MAX_ADDRESSES,
    Entry,
    check_count,
    decode_csv,
    parse_csv,
    parse_pasted,
)
from echo.programs.models import Program, Role
from echo.programs.views import _attach, invite_page, members_page

# Read at most this much of an uploaded file: MAX_ADDRESSES rows of e-mail, role and name fit easily.
MAX_CSV_BYTES = 256 * 1024


def notify_invited(results: list[invites.InviteResult], inviter: User) -> None:
    """Mail each new invitation its link (after commit)."""
    base = current_app.config["BASE_URL"].rstrip("/")
    for r in results:
        if r.invite is not None:
            link = base + url_for("programs.accept_invite", token=r.token)
            invites.notify_invite(r.invite, link, inviter, r.name, r.user)


@bp.route("/programs/<int:program_id>/invites", methods=["POST"])
@login_required
def invite(program_id: int):
    """Coordinators and site admins: e-mail an invitation link (14 days, single use); an existing
    account also gets an in-app notice."""
    program = db.get_or_404(Program, program_id)
    current_viewer().require_role(program, Role.coordinator, action="invite members")
    form = InviteForm()
    if form.validate_on_submit():
        result = invites.do_invite_address(current_user, program, form.email.data, form.role.data)
        if result.invite is None:
            db.session.rollback()
            _attach(form, Invalid(result.reason, field=result.field), fallback="email")
        else:
            db.session.commit()
            notify_invited([result], current_user)
            flash(_("Invitation sent to %(address)s. They have an account, so they also see a notice in the app.", address=result.address)
                  if result.outcome == "notice" else _("Invitation sent to %(address)s.", address=result.address), "success")
            return redirect(url_for("programs.members", program_id=program.id))
    return members_page(program, form, 400)


def _entries(form: BulkInviteForm) -> list[Entry]:
    """The pasted list and the file's rows; a file that cannot be read is refused as a whole
    (its text, when readable, is put in the box so nothing is lost)."""
    entries = parse_pasted(form.addresses.data or "")
    upload = form.file.data
    if upload and getattr(upload, "filename", ""):
        data = upload.read(MAX_CSV_BYTES + 1)
        if len(data) > MAX_CSV_BYTES:
            raise Invalid(_("The file is larger than %(size)d KB; a list of at most %(num)d addresses is much smaller. "
                            "Check that you chose the right file.", size=MAX_CSV_BYTES // 1024, num=MAX_ADDRESSES), field="file")
        text = decode_csv(data)
        from_file = parse_csv(text)
        try:
            check_count(entries + from_file, field="file")
        except Invalid:
            form.addresses.data = "\n".join(x for x in ((form.addresses.data or "").strip(), text.strip()) if x)
            raise
        entries += from_file
    check_count(entries)
    return entries


@bp.route("/programs/<int:program_id>/invites/bulk", methods=["POST"])
@login_required
def invite_many(program_id: int):
    """Coordinators and site admins: invite every address of a pasted list or CSV file; the page
    shows what happened to each address."""
    program = db.get_or_404(Program, program_id)
    current_viewer().require_role(program, Role.coordinator, action="invite members")
    form = BulkInviteForm()
    if not form.validate_on_submit():
        return members_page(program, bulk_form=form, status=400)
    try:
        entries = _entries(form)
        default_role = invites.check_role(form.role.data)
    except Invalid as exc:
        _attach(form, exc, fallback="addresses")
        return members_page(program, bulk_form=form, status=400)
    results = invites.do_invite_list(current_user, program, entries, default_role)
    db.session.commit()
    notify_invited(results, current_user)
    # Only the addresses that need fixing stay in the box, so the coordinator can correct and resend them.
    redo = [r for r in results if r.outcome == "invalid"]
    again = BulkInviteForm(formdata=None, role=form.role.data)
    again.addresses.data = "\n".join(invites.as_line(r) for r in redo)
    return members_page(program, bulk_form=again, results=results)


@bp.route("/invites/mine/<int:invite_id>", methods=["GET", "POST"])
@login_required
def accept_own_invite(invite_id: int):
    """The invited person, logged in with the address the invitation was sent to (the in-app
    notice links here, so it carries no token); anyone else gets 403."""
    try:
        inv = invites.own_invite(current_user, invite_id)
    except Invalid as exc:
        return render_template("programs/invite.html", error=exc.message, invite=None), 400
    return invite_page(inv, lambda: invites.do_accept_own_invite(current_user, invite_id))
