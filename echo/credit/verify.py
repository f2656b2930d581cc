"""The public verification page: anyone (no login) checks a certificate by its code.

It shows only what verifies the certificate (the learner's name, the program, the session's
date, the credit type and hours), never the e-mail or attendance. A revoked certificate is said
to be revoked, with the date, never the reason (echo.credit.revocation). Rate-limited per address, so
that codes cannot be guessed by trying many (12 characters of base32 are 60 bits anyway).
"""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from echo.core.errors import NotFound
from echo.core.ratelimit import hit
from echo.core.web import error_response
from echo.credit import awards as aw
from echo.credit.blueprint import bp
from echo.credit.exports import session_date
from echo.credit.forms import VerifyForm
from echo.credit.revocation import revoked_day

VERIFY_LIMIT = "30/minute"


def _limited() -> bool:
    limit = current_app.config.get("CREDIT_VERIFY_LIMIT", VERIFY_LIMIT)
    return not hit(limit, "credit-verify", request.remote_addr or "")


@bp.route("/verify")
def verify() -> ResponseReturnValue:
    """Anyone: the form to type a certificate's code (sent by GET, to the code's page)."""
    form = VerifyForm(request.args)
    if request.args:
        if form.validate() and aw.normalise_code(form.code.data):
            return redirect(url_for("credit.verify_code", code=aw.normalise_code(form.code.data)), 303)
        if not form.code.errors:   # only dashes or spaces typed
            form.code.errors = [_("Type the code printed on the certificate.")]
        return render_template("credit/verify.html", form=form, award=None), 400
    return render_template("credit/verify.html", form=form, award=None)


@bp.route("/verify/<code>")
def verify_code(code: str) -> ResponseReturnValue:
    """Anyone: whether the code belongs to a certificate, and what that certificate says."""
    if _limited():
        return error_response(429)
    form = VerifyForm(data={"code": code})
    try:
        award = aw.get_award(code)
    except NotFound:
        return render_template("credit/verify.html", form=form, award=None, not_found=True), 404
    return render_template("credit/verify.html", form=form, award=award, day=session_date(award),
                           revoked_day=revoked_day(award))
