"""The secret links of the calendar feeds: made, shown, looked up and reset. The handler commits.

Why derived rather than shown once: a program's feed is one link shared by all its members,
and each of them opens the program page to subscribe, on a new phone too, months after the
coordinator set the program up. A link shown once would leave the coordinator passing it round
by hand, or resetting it (and breaking every subscription) whenever someone asks. So the token
is an HMAC of a stored random nonce with the app's secret key: the page can show it again to
anyone allowed to see it, while the database holds only the nonce and a sha256 hash of the
token, neither of which opens a feed (echo.accounts.models.CalendarFeed).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import TypeVar

from flask import current_app
from sqlalchemy import or_, select, update

from echo.accounts.models import CalendarFeed, User
from echo.core.extensions import db
from echo.programs.models import Program

Feed = TypeVar("Feed", Program, User)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _derive(nonce: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, b"calendar-feed:" + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def do_feed_token(feed: CalendarFeed) -> str:
    """The token of the feed's link as the page shows it, made on first need.

    A feed without a nonce (new, or migrated from a stored token) gets one; so does a feed whose
    stored hash no longer matches (the secret key changed). The link the subscribers have, if
    any, becomes the previous one and keeps working. Two members opening the page at once get
    the same link: the update only applies while the nonce is still the one read here."""
    nonce = feed.calendar_nonce
    if nonce is not None and feed.calendar_token_hash == hash_token(_derive(nonce)):
        return _derive(nonce)
    new = secrets.token_urlsafe(32)
    model = type(feed)
    db.session.execute(
        update(model).where(model.id == feed.id, model.calendar_nonce.is_(None) if nonce is None else model.calendar_nonce == nonce)
        .values(calendar_nonce=new, calendar_token_hash=hash_token(_derive(new)),
                calendar_previous_hash=model.calendar_token_hash),
        execution_options={"synchronize_session": False})
    db.session.refresh(feed, ["calendar_nonce", "calendar_token_hash", "calendar_previous_hash"])
    return _derive(feed.calendar_nonce or new)


def do_reset(feed: CalendarFeed) -> None:
    """A new link; the shown one and the one before it stop working at once."""
    nonce = secrets.token_urlsafe(32)
    feed.calendar_nonce = nonce
    feed.calendar_token_hash = hash_token(_derive(nonce))
    feed.calendar_previous_hash = None


def _by_token(model: type[Feed], token: str) -> Feed | None:
    if not token:
        return None
    h = hash_token(token)
    return db.session.scalar(select(model).where(or_(model.calendar_token_hash == h, model.calendar_previous_hash == h)))


def program_by_token(token: str) -> Program | None:
    return _by_token(Program, token)


def user_by_token(token: str) -> User | None:
    user = _by_token(User, token)
    return user if user is not None and user.is_active_account else None
