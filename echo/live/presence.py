"""Who is in the room: presence intervals of sockets and of boards without JavaScript (page
beats), the roster, and attendance minutes. do_* write without committing (the caller commits)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live.models import PresenceInterval
from echo.live.rules import role_of
from echo.live.store import who
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, Role


def do_close_presence(session_id: int, at: datetime, sid: str | None = None) -> list[int]:
    """Close open presence intervals (of one socket, or all in the session); returns their user ids.
    A board without JavaScript is open until its last beat's grace runs out (do_page_beat): it
    is closed at `at` too."""
    q = select(PresenceInterval).where(PresenceInterval.session_id == session_id,
                                       or_(PresenceInterval.left_at.is_(None), PresenceInterval.left_at > at))
    if sid is not None:
        q = q.where(PresenceInterval.sid == sid)
    rows = list(db.session.scalars(q))
    for p in rows:
        p.left_at = at
    return [p.user_id for p in rows]


# A board without JavaScript has no socket: its attendance frame (fallback.nojs_here) reloads
# itself every PAGE_BEAT_EVERY seconds, and each load is a beat that counts the viewer present
# for PAGE_BEAT_GRACE seconds more (a little longer than the beat, so that a slow reload on a
# poor connection leaves no gap).
PAGE_BEAT_EVERY = 60
PAGE_BEAT_GRACE = 90


def page_sid(user_id: int) -> str:
    """The presence intervals of a user's boards without JavaScript (one per user and session:
    two such tabs are one presence)."""
    return f"page:{user_id}"


def do_page_beat(session: ClinicSession, user: User, at: datetime | None = None) -> bool:
    """Record that a board without JavaScript is open: its interval's left_at is "present until"
    the beat's grace, extended by each beat; after a gap, a new interval. Only while the session
    is live (attendance is counted while it is). True when the viewer has just arrived."""
    if session.status != SessionStatus.live:
        return False
    at = at or utcnow()
    until = at + timedelta(seconds=PAGE_BEAT_GRACE)
    current = db.session.scalar(
        select(PresenceInterval).where(PresenceInterval.session_id == session.id, PresenceInterval.user_id == user.id,
                                       PresenceInterval.sid == page_sid(user.id), PresenceInterval.left_at >= at)
        .order_by(PresenceInterval.joined_at.desc()).limit(1))
    if current is not None:
        current.left_at = until
        return False
    db.session.add(PresenceInterval(session_id=session.id, user_id=user.id, sid=page_sid(user.id), joined_at=at,
                                    left_at=until))
    return True


def do_open_presence(session: ClinicSession, user: User, sid: str) -> PresenceInterval:
    p = PresenceInterval(session_id=session.id, user_id=user.id, sid=sid, joined_at=utcnow())
    db.session.add(p)
    return p


def present_users(session_id: int, user_ids: set[int] | None = None) -> list[dict]:
    """Who is in the room now (any open interval, or a board without JavaScript still within
    its beat's grace), with their role on the board."""
    program_id = db.session.scalar(select(ClinicSession.program_id).where(ClinicSession.id == session_id))
    q = (select(User, Membership.role).join(PresenceInterval, PresenceInterval.user_id == User.id)
         .outerjoin(Membership, (Membership.user_id == User.id) & (Membership.program_id == program_id))
         .where(PresenceInterval.session_id == session_id,
                or_(PresenceInterval.left_at.is_(None), PresenceInterval.left_at > utcnow())).distinct())
    if user_ids is not None:
        q = q.where(User.id.in_(user_ids))
    out = []
    for u, r in db.session.execute(q):
        role = Role.coordinator if (u.is_admin and r is None) else r
        out.append(who(u, role))
    out.sort(key=lambda d: d["name"].casefold())
    return out


def attendance(session: ClinicSession) -> list[dict]:
    """Minutes per person while the session was live (union of their intervals, clipped)."""
    rows = db.session.execute(select(PresenceInterval, User).join(User, User.id == PresenceInterval.user_id)
                              .where(PresenceInterval.session_id == session.id).order_by(PresenceInterval.joined_at)).all()
    start = session.started_at
    now = utcnow()
    end = session.ended_at or now
    per: dict[int, dict] = {}
    for p, u in rows:
        a = max(p.joined_at, start) if start else p.joined_at
        b = min(p.left_at or end, end)
        d = per.setdefault(u.id, {"user": u, "spans": [], "first": p.joined_at, "left": []})
        # A board without JavaScript still within its beat's grace has not left yet.
        d["left"].append(None if p.left_at is not None and p.left_at > now else p.left_at)
        if start is not None and b > a:
            d["spans"].append((a, b))
    out = []
    for d in per.values():
        secs = 0.0
        cur_a = cur_b = None
        for a, b in sorted(d["spans"]):
            if cur_b is None or a > cur_b:
                if cur_b is not None:
                    secs += (cur_b - cur_a).total_seconds()
                cur_a, cur_b = a, b
            else:
                cur_b = max(cur_b, b)
        if cur_b is not None:
            secs += (cur_b - cur_a).total_seconds()
        role = role_of(d["user"], session)
        out.append({"user": d["user"], "role": role, "minutes": round(secs / 60), "first_joined": d["first"],
                    "last_left": None if None in d["left"] else max(d["left"])})
    out.sort(key=lambda r: r["user"].name.casefold())
    return out
