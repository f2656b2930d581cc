"""Logins that can be ended: one row per login (echo.accounts.models.UserLogin).

Flask-Login keeps whatever User.get_id() returns in the session cookie and signs it into the
remember cookie. Here that is a random secret per login (as Flask-Security's fs_uniquifier,
but per login rather than per account): logging out deletes the row, changing the password
deletes the others, and a cookie whose row is gone loads no one. Only a hash of the secret is
stored. Plain functions; the handler commits.
"""
from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from echo.core.extensions import db
from echo.accounts.models import User, UserLogin
from echo.core.types import utcnow

log = logging.getLogger("echo.logins")

# How long the secret before a rotation still works: requests already sent with the old
# remember cookie (a restored browser opening several tabs at once) are not logged out.
ROTATION_GRACE = timedelta(seconds=60)
# last_seen_at is written at most this often per login, not on every request.
SEEN_EVERY = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def device_label(user_agent: str) -> str:
    """"Firefox on Windows": enough for people to recognise their own devices in the list.

    Written by hand: a browser and a system name out of a dozen families is all the page shows,
    and a full user-agent database would be a dependency for one line of text."""
    ua = user_agent or ""
    browser = next((name for pattern, name in (
        (r"Edg/", "Edge"), (r"OPR/|Opera", "Opera"), (r"Firefox/", "Firefox"), (r"Chrome/|CriOS/", "Chrome"),
        (r"Safari/", "Safari"), (r"python-requests|curl/|Werkzeug", "Script"),
    ) if re.search(pattern, ua)), "Browser")
    system = next((name for pattern, name in (
        (r"iPhone|iPad", "iOS"), (r"Android", "Android"), (r"Windows", "Windows"), (r"Mac OS X|Macintosh", "macOS"),
        (r"CrOS", "ChromeOS"), (r"Linux", "Linux"),
    ) if re.search(pattern, ua)), "")
    return f"{browser} on {system}" if system else browser


def device_text(label: str) -> str:
    """A stored device_label in the reader's language ("Firefox en Windows"). The label is kept
    in English on the login (it is written once, for whoever reads the list later); browser and
    system names are names, only the words around them are translated."""
    browser, sep, system = (label or "").partition(" on ")
    words = {"Browser": _("Browser"), "Script": _("Script")}
    if sep:
        return _("%(browser)s on %(system)s", browser=words.get(browser, browser), system=system)
    return words.get(browser, browser) if browser else _("Unknown device")


def do_start_login(user: User, *, remember: bool, user_agent: str = "") -> str:
    """A new login for `user`; sets user.login_token/login_id for login_user(). Returns the secret."""
    token = secrets.token_urlsafe(32)
    row = UserLogin(user_id=user.id, token_hash=hash_token(token), remember=remember, device=device_label(user_agent)[:120])
    db.session.add(row)
    db.session.flush()
    user.login_token, user.login_id = token, row.id
    return token


def limit_for(login: UserLogin, idle_limit: timedelta, session_idle: timedelta | None) -> timedelta:
    """How long this login may go unused: a remembered one the remember cookie's lifetime, one
    without "remember me" the shorter session limit."""
    return idle_limit if login.remember or session_idle is None else min(idle_limit, session_idle)


def load(token: str, idle_limit: timedelta, session_idle: timedelta | None = None) -> User | None:
    """The active user of the login whose secret this is, or None (ended, idle too long, unknown,
    account deactivated). Marks the login seen (at most every SEEN_EVERY)."""
    if not token:
        return None
    h = hash_token(token)
    now = utcnow()
    row = db.session.execute(
        select(UserLogin, User).join(User, User.id == UserLogin.user_id).where(
            or_(UserLogin.token_hash == h, (UserLogin.previous_hash == h) & (UserLogin.rotated_at > now - ROTATION_GRACE)))
    ).first()
    if row is None:
        return None
    login, user = row
    if not user.is_active or login.last_seen_at < now - limit_for(login, idle_limit, session_idle):
        return None
    user.login_token, user.login_id = token, login.id
    if login.last_seen_at < now - SEEN_EVERY:
        _mark_seen(login.id, now)
    return user


def _mark_seen(login_id: int, now: datetime) -> None:
    """On a connection of its own: the request's transaction is its handler's to commit or roll
    back, and a page that only reads commits nothing. Best effort: a busy database skips it."""
    try:
        with db.engine.begin() as conn:
            conn.execute(update(UserLogin).where(UserLogin.id == login_id).values(last_seen_at=now))
    except SQLAlchemyError:
        log.warning("login %s: last seen not recorded", login_id)


def rotate(user: User) -> str | None:
    """A new secret for the user's current login (the remember cookie rotates each time it
    starts a browser session); the old one works only for ROTATION_GRACE more. None: not
    rotated (the database was busy), the old secret stays valid.

    On a connection of its own, committed at once: it runs while the login loads, inside a
    request whose transaction belongs to its handler."""
    token = secrets.token_urlsafe(32)
    try:
        with db.engine.begin() as conn:
            conn.execute(update(UserLogin).where(UserLogin.id == user.login_id).values(
                previous_hash=UserLogin.token_hash, token_hash=hash_token(token), rotated_at=utcnow()))
    except SQLAlchemyError:
        log.warning("login %s: remember cookie not rotated", user.login_id)
        return None
    user.login_token = token
    return token


def is_active(login_id: int | None, idle_limit: timedelta) -> bool:
    """Whether this login still exists (for sockets, which keep the login they connected with)."""
    if login_id is None:
        return False
    seen = db.session.scalar(select(UserLogin.last_seen_at).join(User, User.id == UserLogin.user_id).where(
        UserLogin.id == login_id, User.is_active_account.is_(True)))
    return seen is not None and seen >= utcnow() - idle_limit


def active_logins(user: User, idle_limit: timedelta, session_idle: timedelta | None = None) -> list[UserLogin]:
    now = utcnow()
    rows = db.session.scalars(select(UserLogin).where(
        UserLogin.user_id == user.id, UserLogin.last_seen_at >= now - idle_limit).order_by(UserLogin.last_seen_at.desc()))
    return [r for r in rows if r.last_seen_at >= now - limit_for(r, idle_limit, session_idle)]


def do_end_login(user: User, login_id: int | None) -> list[int]:
    """End one of the user's logins (never someone else's). Returns the ids ended."""
    if login_id is None:
        return []
    stmt = delete(UserLogin).where(UserLogin.id == login_id, UserLogin.user_id == user.id)
    return list(db.session.scalars(stmt.returning(UserLogin.id), execution_options={"synchronize_session": False}))


def do_end_logins(user: User, keep: int | None = None) -> list[int]:
    """End every login of the user but `keep` (None: all). Returns the ids ended."""
    stmt = delete(UserLogin).where(UserLogin.user_id == user.id)
    if keep is not None:
        stmt = stmt.where(UserLogin.id != keep)
    return list(db.session.scalars(stmt.returning(UserLogin.id), execution_options={"synchronize_session": False}))


def do_prune(user: User, idle_limit: timedelta) -> None:
    """Forget the user's logins idle past the limit (they load no one already)."""
    db.session.execute(delete(UserLogin).where(UserLogin.user_id == user.id, UserLogin.last_seen_at < utcnow() - idle_limit),
                       execution_options={"synchronize_session": False})
