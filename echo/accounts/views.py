from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale, refresh
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from echo.accounts import operations as accounts
from echo.accounts import logins
from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.core.i18n import SESSION_KEY, is_language, language_for
from echo.core.links import external_url
from echo.accounts.signals import logins_ended
from echo.core.mail import send_mail
from echo.core.ratelimit import allowed, hit
from echo.accounts.blueprint import bp
from echo.accounts import login_sessions as sessions
from echo.accounts.forms import ForgotForm, LoginForm, PasswordForm, ProfileForm, ResetForm


def safe_next(default: str) -> str:
    target = request.args.get("next", "")
    # Only local paths: an open redirect would let a phishing link borrow our login page.
    parts = urlsplit(target)
    if target and not parts.scheme and not parts.netloc and target.startswith("/"):
        return target
    return default


@bp.route("/language", methods=["POST"])
def set_language():
    """The language switcher on every page, for visitors too: kept in the login session's
    cookie, and on the account when someone is signed in (their mail follows it)."""
    code = request.form.get("lang", "")
    if not is_language(code):
        abort(400, _("Choose English, Español or Français."))
    session[SESSION_KEY] = code
    if current_user.is_authenticated:
        current_user.language = code
        db.session.commit()
    return redirect(safe_next(url_for("main.index")))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        # Per account over all addresses (one password guessed from many places) and per address
        # over all accounts (one place trying many accounts).
        limits = [(current_app.config["LOGIN_FAILURE_LIMIT"], "login-failure", accounts.normalise_email(form.email.data)),
                  (current_app.config["LOGIN_ADDRESS_FAILURE_LIMIT"], "login-failure-address", request.remote_addr or "")]
        if not all(allowed(*limit) for limit in limits):
            form.password.errors.append(_("Too many failed attempts. Wait 15 minutes, or reset your password."))
            return render_template("auth/login.html", form=form), 429
        user = accounts.find_user(form.email.data)
        if not accounts.check_credentials(user, form.password.data):
            for limit in limits:
                hit(*limit)
            form.password.errors.append(_("E-mail or password is not right."))
        elif not user.is_active:
            form.email.errors.append(_("This account has been deactivated. Contact your site administrator."))
        elif user.confirmed_at is None:
            # Only someone who knows the password reads this: it tells a stranger nothing.
            form.email.errors.append(_("Confirm your e-mail address first: open the link we sent when you signed up."))
            return render_template("auth/login.html", form=form, unconfirmed=True), 400
        else:
            sessions.start(user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next(url_for("main.home")))
    return render_template("auth/login.html", form=form), (400 if form.is_submitted() else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    """Ends this login on the server (session and remember cookie), not only in this browser."""
    if current_user.is_authenticated:
        ended = sessions.end_this(current_user)
        db.session.commit()
        logins_ended.send(login_ids=ended)
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/forgot", methods=["GET", "POST"])
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        if user is not None and hit(current_app.config["RESET_MAIL_LIMIT"], "reset-mail", user.email):
            link = external_url("auth.reset", token=accounts.do_request_reset(user))
            db.session.commit()
            with force_locale(language_for(user.language)):
                subject = _("Reset your ECHO password")
                body = _("Hello %(name)s,\n\nTo choose a new password, open this link within an hour:\n%(link)s\n\n"
                         "If you did not ask for this, ignore this message.", name=user.name, link=link)
            send_mail(user.email, subject, body)
        # Same answer either way, so the form does not reveal who has an account.
        flash(_("If an account exists for that address, a reset link is on its way."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    try:
        user = accounts.user_from_reset_token(token)
    except Invalid as exc:
        flash(exc.message, "error")
        return render_template("auth/forgot.html", form=ForgotForm()), 400
    form = ResetForm()
    if form.validate_on_submit():
        ended = accounts.do_reset_password(user, form.password.data)
        db.session.commit()
        logins_ended.send(login_ids=ended)
        logout_user()  # this browser's cookies too (a login of the account here has just ended)
        flash(_("Your password is changed. Every login of your account has ended: log in with the new one."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


def _profile_page(form: ProfileForm, password_form: PasswordForm, status: int = 200):
    active = logins.active_logins(current_user, sessions.idle_limit(), sessions.session_idle())
    return render_template("auth/profile.html", form=form, password_form=password_form, logins=active,
                           this_login=current_user.login_id, device_text=logins.device_text), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The logged-in user: their details, password and active logins."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        form.populate_obj(current_user)
        db.session.commit()
        refresh()  # the language may have just changed: the message is in the new one
        flash(_("Profile saved."), "success")
        return redirect(url_for("auth.profile"))
    return _profile_page(form, PasswordForm(formdata=None), 400 if form.is_submitted() else 200)


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    """The logged-in user changes their password; every other login of the account ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.check_change_password(current_user, form.current.data)
        except Invalid as exc:
            getattr(form, exc.field or "current").errors.append(exc.message)
        else:
            ended = accounts.do_change_password(current_user, form.password.data, keep_login=current_user.login_id)
            db.session.commit()
            logins_ended.send(login_ids=ended)
            flash(_("Your password is changed. Every other login of your account has ended."), "success")
            return redirect(url_for("auth.profile"))
    return _profile_page(ProfileForm(obj=current_user, formdata=None), form, 400)


@bp.route("/logins/<int:login_id>/end", methods=["POST"])
@login_required
def end_login(login_id: int):
    """The logged-in user ends one of their own logins (another's: 404, as if it did not exist)."""
    if login_id == current_user.login_id:
        return logout()
    ended = logins.do_end_login(current_user, login_id)
    if not ended:
        abort(404)
    db.session.commit()
    logins_ended.send(login_ids=ended)
    flash(_("That login has ended."), "success")
    return redirect(url_for("auth.profile"))


@bp.route("/logins/end-all", methods=["POST"])
@login_required
def end_all_logins():
    """The logged-in user logs out everywhere: every login of the account ends, this one too."""
    ended = logins.do_end_logins(current_user)
    sessions.end_this(current_user)
    db.session.commit()
    logins_ended.send(login_ids=ended)
    flash(_("You are logged out everywhere."), "info")
    return redirect(url_for("auth.login"))
