"""Sign-up and password reset. Plain functions; the routes stay thin."""
from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from ..extensions import db
from ..models import User
from ..models import user as user_model
from . import logins
from .errors import Invalid

RESET_MAX_AGE = 60 * 60  # one hour


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
        raise Invalid("An account with this e-mail already exists. Log in, or reset your password.", field="email")


def do_signup(*, name: str, email: str, password: str, profession: str = "", organisation: str = "", region: str = "", timezone: str = "UTC") -> User:
    check_signup(email)
    user = User(name=name.strip(), email=normalise_email(email), profession=profession, organisation=organisation.strip(), region=region.strip(), timezone=timezone)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="password-reset")


def reset_token(user: User, secret: str) -> str:
    # The token carries the moment the password last changed: once it is used (the password
    # changes) every earlier link stops working.
    stamp = user.password_changed_at.isoformat() if user.password_changed_at else ""
    return _serializer(secret).dumps({"u": user.id, "s": stamp})


def user_from_reset_token(token: str, secret: str, max_age: int = RESET_MAX_AGE) -> User:
    try:
        data = _serializer(secret).loads(token, max_age=max_age)
    except SignatureExpired:
        raise Invalid("This reset link has expired. Ask for a new one below.")
    except BadSignature:
        raise Invalid("This reset link is not valid. Ask for a new one below.")
    user = db.session.get(User, data.get("u"))
    stamp = user.password_changed_at.isoformat() if user and user.password_changed_at else ""
    if user is None or stamp != data.get("s"):
        raise Invalid("This reset link has already been used. Ask for a new one below.")
    return user


def do_reset_password(user: User, password: str) -> list[int]:
    """Set a new password from a reset link: every login of the account ends (whoever asked for
    the reset may be the only one who should be logged in). Returns the logins ended."""
    user.set_password(password)
    ended = logins.do_end_logins(user)
    db.session.commit()
    return ended


def check_change_password(user: User, current: str) -> None:
    if not user.check_password(current):
        raise Invalid("This is not your current password.", field="current")


def do_change_password(user: User, password: str, keep_login: int | None) -> list[int]:
    """A new password from the profile: every other login of the account ends, this one stays.
    The caller commits. Returns the logins ended."""
    user.set_password(password)
    return logins.do_end_logins(user, keep=keep_login)
