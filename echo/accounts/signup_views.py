"""Sign-up, its confirmation link, and "send the link again" (echo.accounts.confirmation).

Every answer here is the same whatever the address, so none of these pages tells a stranger
who has an account; what differs goes by mail, to the address's owner."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from echo.accounts import confirmation
from echo.accounts.blueprint import bp
from echo.accounts.forms import ResendConfirmForm, SignupForm
from echo.accounts.models import User
from echo.accounts.views import safe_next
from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.core.i18n import language_for
from echo.core.links import external_url
from echo.core.mail import send_mail
from echo.core.ratelimit import hit

def _mail_allowed(user: User) -> bool:
    # The same per-address limit as reset links: the form cannot be used to flood a mailbox.
    return hit(current_app.config["RESET_MAIL_LIMIT"], "account-mail", user.email)


def notify_confirm(user: User, next_path: str = "") -> None:
    """The link that confirms a new account, in its owner's language."""
    if not _mail_allowed(user):
        return
    link = external_url("auth.confirm", token=confirmation.confirm_token(user, next_path))
    with force_locale(language_for(user.language)):
        subject = _("Confirm your ECHO account")
        body = _("Hello %(name)s,\n\nTo finish creating your ECHO account, open this link within three days:\n%(link)s\n\n"
                 "If you did not sign up, ignore this message: the account cannot be used without this link.",
                 name=user.name, link=link)
    send_mail(user.email, subject, body)


def notify_existing(user: User) -> None:
    """Someone signed up with an address that has an account: its owner hears, with the way to
    a new password (they may have forgotten theirs)."""
    if not _mail_allowed(user):
        return
    with force_locale(language_for(user.language)):
        subject = _("You already have an ECHO account")
        body = _("Hello %(name)s,\n\nSomeone, perhaps you, tried to create an ECHO account with this address. "
                 "You already have one: log in at %(login)s\n\nForgot your password? Ask for a reset link at "
                 "%(forgot)s\n\nIf it was not you, you can ignore this message.",
                 name=user.name, login=external_url("auth.login"), forgot=external_url("auth.forgot"))
    send_mail(user.email, subject, body)


def _next_path() -> str:
    return safe_next("")


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Visitors. The same answer for a new address and one that has an account."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignupForm()
    if form.validate_on_submit():
        fields = {"name": form.name.data, "email": form.email.data, "password": form.password.data,
                  "profession": form.profession.data, "organisation": form.organisation.data or "",
                  "region": form.region.data or "", "timezone": form.timezone.data}
        try:
            result = confirmation.do_signup_request(**fields)
            db.session.commit()
        except IntegrityError:  # the same address signed up at the same moment: now it exists
            db.session.rollback()
            result = confirmation.do_signup_request(**fields)
            db.session.commit()
        if result.needs_confirming:
            notify_confirm(result.user, _next_path())
        else:
            notify_existing(result.user)
        flash(_("Check your inbox to finish signing up. We sent a message to that address."), "info")
        return redirect(url_for("auth.login", next=_next_path() or None))
    return render_template("auth/signup.html", form=form), (400 if form.is_submitted() else 200)


@bp.route("/confirm/<token>")
def confirm(token: str):
    """Anyone with the link mailed at sign-up (the token is the proof)."""
    try:
        link = confirmation.check_confirm_token(token)
    except Invalid as exc:
        flash(exc.message, "error")
        return render_template("auth/confirm_again.html", form=ResendConfirmForm()), 400
    confirmation.do_confirm(link.user)
    db.session.commit()
    flash(_("Your account is confirmed. Log in to start."), "success")
    return redirect(url_for("auth.login", next=link.next or None))


@bp.route("/confirm", methods=["GET", "POST"])
def confirm_again():
    """Visitors: a new confirmation link. The same answer whatever the address."""
    form = ResendConfirmForm()
    if form.validate_on_submit():
        user = confirmation.unconfirmed_user(form.email.data)
        if user is not None:
            notify_confirm(user)
        flash(_("If that address has an account waiting for confirmation, a new link is on its way."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/confirm_again.html", form=form), (400 if form.is_submitted() else 200)
