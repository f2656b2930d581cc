"""Sign-up and password reset. Plain functions; the routes stay thin (confirming a sign-up:
echo.accounts.confirmation)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from werkzeug.security import check_password_hash

from echo.core.extensions import db
from echo.accounts.models import PasswordReset, User
from echo.accounts import models as user_model
from echo.core.types import utcnow
from echo.accounts import logins
from echo.core.errors import Invalid

RESET_MAX_AGE = 60 * 60  # one hour
KEEP_EXPIRED = timedelta(days=7)  # an expired link still says "expired" for a week, then "not valid"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


_dummy_hash: str | None = None


def check_credentials(user: User | None, password: str) -> bool:
    """Whether `password` is the user's. An unknown address is checked against a dummy hash
    made like the real ones, so that it takes as long as a wrong password: the answer's time
    does not tell who has an account."""
    global _dummy_hash
    if user is None:
        if _dummy_hash is None:
            _dummy_hash = user_model.generate_password_hash("not-a-password-of-anyone")
        check_password_hash(_dummy_hash, password)
        return False
    return user.check_password(password)


def check_signup(email: str) -> None:
    if find_user(email) is not None:
        raise Invalid(_("An account with this e-mail already exists. Log in, or reset your password."), field="email")


def do_signup(*, name: str, email: str, password: str, profession: str = "", organisation: str = "", region: str = "", timezone: str = "UTC") -> User:
    check_signup(email)
    user = User(name=name.strip(), email=normalise_email(email), profession=profession, organisation=organisation.strip(), region=region.strip(), timezone=timezone)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_request_reset(user: User) -> str:
    """A new reset link's token: random, so the link carries nothing readable; only its hash
    is stored. Long-expired requests are cleared on the way."""
    now = utcnow()
    db.session.execute(delete(PasswordReset).where(PasswordReset.expires_at < now - KEEP_EXPIRED))
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=hash_token(token), expires_at=now + timedelta(seconds=RESET_MAX_AGE)))
    return token


def user_from_reset_token(token: str) -> User:
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token or "")))
    if reset is None:
        raise Invalid(_("This reset link is not valid. Ask for a new one below."))
    user = db.session.get(User, reset.user_id)
    changed = user.password_changed_at if user is not None else None
    # A reset (or any password change) since this link was sent ends it.
    if user is None or reset.used_at is not None or (changed is not None and changed > reset.created_at):
        raise Invalid(_("This reset link has already been used. Ask for a new one below."))
    if reset.expires_at <= utcnow():
        raise Invalid(_("This reset link has expired. Ask for a new one below."))
    return user


def do_reset_password(user: User, password: str) -> list[int]:
    """Set a new password from a reset link: every reset link sent to this user stops working and
    every login of the account ends (whoever asked for the reset may be the only one who should be
    logged in). The caller commits. Returns the logins ended."""
    user.set_password(password)
    if user.confirmed_at is None:  # the link reached the address: as good as the sign-up's own
        user.confirmed_at = utcnow()
    db.session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                       .values(used_at=utcnow()))
    return logins.do_end_logins(user)


def check_change_password(user: User, current: str) -> None:
    if not user.check_password(current):
        raise Invalid(_("This is not your current password."), field="current")


def do_change_password(user: User, password: str, keep_login: int | None) -> list[int]:
    """A new password from the profile: every other login of the account ends, this one stays.
    The caller commits. Returns the logins ended."""
    user.set_password(password)
    return logins.do_end_logins(user, keep=keep_login)
