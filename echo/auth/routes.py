from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..domain import accounts
from ..domain.errors import Invalid
from ..extensions import db
from ..links import external_url
from ..mail import send_mail
from ..ratelimit import allowed, hit
from . import bp
from .forms import ForgotForm, LoginForm, ProfileForm, ResetForm, SignupForm


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    # Only local paths: an open redirect would let a phishing link borrow our login page.
    parts = urlsplit(target)
    if target and not parts.scheme and not parts.netloc and target.startswith("/"):
        return target
    return default


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = accounts.do_signup(
                name=form.name.data, email=form.email.data, password=form.password.data,
                profession=form.profession.data, organisation=form.organisation.data or "",
                region=form.region.data or "", timezone=form.timezone.data,
            )
        except Invalid as exc:
            getattr(form, exc.field or "email").errors.append(exc.message)
        else:
            login_user(user)
            flash("Welcome! Your account is ready.", "success")
            return redirect(_safe_next(url_for("main.home")))
    return render_template("auth/signup.html", form=form), (400 if form.is_submitted() else 200)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        limit = current_app.config["LOGIN_FAILURE_LIMIT"]
        who = (accounts.normalise_email(form.email.data), request.remote_addr or "")
        if not allowed(limit, "login-failure", *who):
            form.password.errors.append("Too many failed attempts. Wait 15 minutes, or reset your password.")
            return render_template("auth/login.html", form=form), 429
        user = accounts.find_user(form.email.data)
        if user is None or not user.check_password(form.password.data):
            hit(limit, "login-failure", *who)
            form.password.errors.append("E-mail or password is not right.")
        elif not user.is_active:
            form.email.errors.append("This account has been deactivated. Contact your site administrator.")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(url_for("main.home")))
    return render_template("auth/login.html", form=form), (400 if form.is_submitted() else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/forgot", methods=["GET", "POST"])
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        if user is not None and hit(current_app.config["RESET_MAIL_LIMIT"], "reset-mail", user.email):
            link = external_url("auth.reset", token=accounts.do_request_reset(user))
            send_mail(user.email, "Reset your ECHO password", f"Hello {user.name},\n\nTo choose a new password, open this link within an hour:\n{link}\n\nIf you did not ask for this, ignore this message.")
        # Same answer either way, so the form does not reveal who has an account.
        flash("If an account exists for that address, a reset link is on its way.", "info")
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
        accounts.do_reset_password(user, form.password.data)
        flash("Your password is changed. Log in with the new one.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        form.populate_obj(current_user)
        db.session.commit()
        flash("Profile saved.", "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form), (400 if form.is_submitted() else 200)
