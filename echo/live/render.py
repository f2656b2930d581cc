"""A board item's HTML (templates/live/_item.html), sent with each event about the item so that
static/js/live.js never builds an item's content itself: one rendering, the Jinja one."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.live.categories import CATEGORY_LABELS
from echo.live.models import Endorsement, Question, Recommendation
from echo.live.rules import role_of
from echo.live.store import question_wire, rec_wire, who
from echo.programs.clinic_session import ClinicSession


def _macros():  # the template's module (its macros), compiled once by Jinja's cache
    return current_app.jinja_env.get_template("live/_item.html").module


def question_html(wire: dict) -> str:
    return str(_macros().question_body(wire))


def rec_html(wire: dict) -> str:
    return str(_macros().rec_body(wire, CATEGORY_LABELS))


def _author(session: ClinicSession, user_id: int | None) -> dict | None:
    user = db.session.get(User, user_id) if user_id is not None else None
    return who(user, role_of(user, session)) if user is not None else None


def item_data(session: ClinicSession, post: Question | Recommendation) -> dict:
    """The item as it is now, and its HTML: added to an event's data about it (docs/realtime.md)."""
    if isinstance(post, Question):
        q = question_wire(post, _author(session, post.author_id))
        return {"question": q, "html": question_html(q)}
    r = rec_wire(post, _author(session, post.author_id))
    r["count"] = db.session.scalar(select(func.count(Endorsement.id)).where(Endorsement.recommendation_id == post.id)) or 0
    return {"recommendation": r, "html": rec_html(r)}
