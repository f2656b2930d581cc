"""Flask-Login wired to per-login secrets (echo.accounts.logins): the user loader, the remember
cookie's rotation, and the helpers the auth routes use to start and end logins."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, request, session
from flask_login import login_user, logout_user, user_loaded_from_cookie

from echo.accounts import logins
from echo.core.extensions import login_manager
from echo.accounts.models import User


def idle_limit() -> timedelta:
    """A login unused this long ends: the remember cookie's lifetime (30 days by default)."""
    return current_app.config["REMEMBER_COOKIE_DURATION"]


def session_idle() -> timedelta:
    """A login without "remember me" unused this long ends (12 hours by default)."""
    return current_app.config["LOGIN_IDLE_WITHOUT_REMEMBER"]


def init_logins(app: Flask) -> None:
    @login_manager.user_loader
    def load_user(login_secret: str) -> User | None:
        # An ended login, a deactivated account or a cookie from before per-login secrets
        # (an account id) loads no one: logged out on this request.
        return logins.load(login_secret, idle_limit(), session_idle())

    user_loaded_from_cookie.connect(_rotate_remember_cookie, app)


def _rotate_remember_cookie(app: Flask, user: User) -> None:
    """A browser session restored from the remember cookie gets a new secret: Flask-Login sets
    the cookie again at the end of this request ("_remember": "set"), and a copy of the old one
    stops working after logins.ROTATION_GRACE.

    Not on a Socket.IO connection: its answer is Engine.IO's, which would never carry the new
    cookie to the browser, and the old one would stop working."""
    if getattr(request, "sid", None) is not None:
        return
    token = logins.rotate(user)
    if token is None:
        return
    session["_user_id"] = token
    session["_remember"] = "set"
    session["_remember_seconds"] = idle_limit().total_seconds()


def start(user: User, remember: bool) -> None:
    """Log `user` in on this browser as a new login. The caller commits."""
    logins.do_prune(user, idle_limit())
    logins.do_start_login(user, remember=remember, user_agent=request.headers.get("User-Agent", ""))
    login_user(user, remember=remember, duration=idle_limit())


def end_this(user: User) -> list[int]:
    """End this browser's login on the server and clear its cookies. The caller commits."""
    ended = logins.do_end_login(user, user.login_id)
    logout_user()
    return ended
