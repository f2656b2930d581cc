"""People who use the app."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from echo.programs.models import Membership


def signed_in(user: object) -> bool:
    """A logged-in account: not None and not Flask-Login's anonymous user. The one place this is
    asked of a bare object; routes and operations ask their viewer (echo.programs.access)."""
    return user is not None and bool(getattr(user, "is_authenticated", False))


class CalendarFeed:
    """The secret link of an iCalendar feed (a person's or a program's), stored as hashes only.

    The link's token is derived from calendar_nonce with the app's secret key
    (echo.programs.calendar_links), so the page can show it again to every member whenever they
    need it, while a copy of the database alone opens no feed. Only sha256 hashes of tokens are
    looked up: calendar_token_hash for the link the page shows, calendar_previous_hash for the
    link before it (a link from before links were derived, or one made with an earlier secret
    key), kept so that calendars already subscribed keep working until someone resets the link."""

    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    calendar_nonce: Mapped[str | None] = mapped_column(String(64), nullable=True)
    calendar_previous_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)


class User(CalendarFeed, UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    profession: Mapped[str] = mapped_column(String(120), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # "en", "es" or "fr"; None follows the browser's Accept-Language (echo.core.i18n).
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    # Starting a program is a right a site admin grants (coordinators of programs that existed
    # before the right did were given it by migration 0008).
    can_create_programs: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When the owner of the address opened the link mailed at sign-up; None: not yet, and the
    # account cannot log in. Accounts made by an admin, the demo or before sign-up was confirmed
    # by mail (migration 0019) are confirmed when made.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Bumped on password change so that outstanding reset links stop working.
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    # The login this object was loaded for (echo.accounts.logins): not a column. Flask-Login keeps
    # get_id() in the session and the remember cookie, so that is the login's secret, never the
    # account's id: ending a login ends both cookies.
    # (No annotations: the declarative mapping would take them for columns.)
    login_token = None  # str | None, set by echo.accounts.logins
    login_id = None  # int | None

    def get_id(self) -> str:
        # Without a started login (echo.accounts.login_sessions.start), an id that loads no one: login_user()
        # then lasts for the current request only, and never names the account in a cookie.
        return self.login_token or ""

    def set_password(self, password: str) -> None:
        # Werkzeug's default is scrypt, a current memory-hard algorithm.
        self.password_hash = generate_password_hash(password)
        self.password_changed_at = utcnow()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated accounts cannot log in
        return self.is_active_account

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class PasswordReset(db.Model):
    """One e-mailed reset link. The token is random and only its hash is stored, so the link
    carries nothing readable and a copy of the database opens no account."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UserLogin(db.Model):
    """One login (a browser that logged in): what the session and remember cookies point at.

    Deleting the row ends that login wherever its cookies are. Only a hash of its secret is
    stored, so a copy of the database cannot be turned into cookies."""

    __tablename__ = "user_logins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The secret before the last rotation of the remember cookie, accepted for a short grace so
    # that requests already on their way with the old cookie are not logged out.
    previous_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    device: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notification(db.Model):
    """An in-app notice (returned case, acceptance, summary...). Never holds case text."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500), default="")
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditLog(db.Model):
    """Who did what to which object, when. Case views by non-authors are recorded here."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Short, identifier-free detail (a state name, a reason category); never case text.
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped["User | None"] = relationship()
