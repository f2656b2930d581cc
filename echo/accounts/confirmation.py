"""Sign-up confirmed by mail. Plain functions; the routes stay thin and the handler commits.

Sign-up answers the same way whatever the address (the page must not tell who has an account):
a new address gets an account that cannot log in until the link mailed to it is opened; the
owner of an address that has an account hears by mail that someone tried. Both paths hash the
password, so the answer takes about as long either way.

The link is a signed, expiring token (itsdangerous, with the app's secret key) rather than a
stored one like a password reset's: it names the account and a fingerprint of the password
chosen at sign-up, so nothing needs storing, and a later sign-up with the same address (which
sets a new password) makes the earlier links stop working. Once the account is confirmed the
link has done its work and says so.
"""
from __future__ import annotations

import hashlib
from typing import NamedTuple

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import generate_password_hash

from echo.accounts.models import User
from echo.accounts.operations import do_signup, find_user, normalise_email
from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.core.types import utcnow

CONFIRM_MAX_AGE = 3 * 24 * 60 * 60  # three days: long enough for a clinician who reads mail weekly-ish
_SALT = "echo-account-confirm"


class SignupResult(NamedTuple):
    user: User
    # True: the account waits for confirmation (mail the link); False: the address had a
    # confirmed account already (mail its owner that someone tried).
    needs_confirming: bool


class ConfirmLink(NamedTuple):
    user: User
    next: str  # where the person was going when they signed up (a local path, or "")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def do_signup_request(*, name: str, email: str, password: str, profession: str = "", organisation: str = "",
                      region: str = "", timezone: str = "UTC") -> SignupResult:
    """A sign-up, whatever the address. A new address: an unconfirmed account. An address whose
    account is still unconfirmed: the latest sign-up's details and password replace the earlier
    ones (whoever opens the mailbox decides, and earlier links stop working). A confirmed
    account: left alone; the password is still hashed, and thrown away."""
    user = find_user(email)
    if user is None:
        user = do_signup(name=name, email=email, password=password, profession=profession,
                         organisation=organisation, region=region, timezone=timezone)
        return SignupResult(user, True)
    if user.confirmed_at is None:
        user.name, user.profession, user.timezone = name.strip(), profession, timezone
        user.organisation, user.region = organisation.strip(), region.strip()
        user.set_password(password)
        return SignupResult(user, True)
    generate_password_hash(password)  # as long as a new account takes: the time tells nothing
    return SignupResult(user, False)


def confirm_token(user: User, next_path: str = "") -> str:
    return _serializer().dumps({"u": user.id, "p": _fingerprint(user), "n": next_path})


def check_confirm_token(token: str) -> ConfirmLink:
    """The account a confirmation link is for, or Invalid with what to do next."""
    try:
        data = _serializer().loads(token or "", max_age=CONFIRM_MAX_AGE)
    except SignatureExpired:
        raise Invalid(_("This confirmation link has expired. Ask for a new one below."))
    except BadSignature:
        raise Invalid(_("This confirmation link is not valid. Ask for a new one below."))
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) and isinstance(data.get("u"), int) else None
    if user is not None and user.confirmed_at is not None:
        raise Invalid(_("This confirmation link has already been used: your account is confirmed. Log in."))
    if user is None or data.get("p") != _fingerprint(user):
        # A later sign-up with this address sent a newer link, which replaces this one.
        raise Invalid(_("This confirmation link is not valid. Ask for a new one below."))
    next_path = data.get("n")
    return ConfirmLink(user, next_path if isinstance(next_path, str) else "")


def do_confirm(user: User) -> None:
    user.confirmed_at = utcnow()


def unconfirmed_user(email: str) -> User | None:
    """The account at this address that waits for confirmation, if any (for "send the link again")."""
    user = find_user(normalise_email(email))
    return user if user is not None and user.confirmed_at is None and user.is_active_account else None
