"""A board item's HTML (templates/live/_item.html), sent with each event about the item so that
static/js/live.js never builds an item's content itself: one rendering, the Jinja one.

The rendering is sent to the whole room and stored with the event (replay sends it again), so it
cannot be in each reader's language: it is in the program's language (Program.language), the
room's common one, wherever the item is shown (events, the board's state, the board without
JavaScript). Everything around the items (headings, buttons, forms, messages, announcements) is
in the reader's own language (docs/realtime.md, "Languages")."""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.i18n import DEFAULT_LANGUAGE, is_language
from echo.live.categories import CATEGORY_LABELS
from echo.live.models import Endorsement, Question, Recommendation
from echo.live.rules import role_of
from echo.live.store import question_wire, rec_wire, who
from echo.programs.clinic_session import ClinicSession
from echo.programs.models import Program


def _macros():  # the template's module (its macros), compiled once by Jinja's cache
    return current_app.jinja_env.get_template("live/_item.html").module


def room_language(session: ClinicSession) -> str:
    """The language of the session's board items: its program's, else English."""
    language = db.session.scalar(select(Program.language).where(Program.id == session.program_id))
    return language if is_language(language) else DEFAULT_LANGUAGE


def question_html(session: ClinicSession, wire: dict, language: str | None = None) -> str:
    with force_locale(language or room_language(session)):
        return str(_macros().question_body(wire))


def rec_html(session: ClinicSession, wire: dict, language: str | None = None) -> str:
    with force_locale(language or room_language(session)):
        return str(_macros().rec_body(wire, CATEGORY_LABELS))


def _author(session: ClinicSession, user_id: int | None) -> dict | None:
    user = db.session.get(User, user_id) if user_id is not None else None
    return who(user, role_of(user, session)) if user is not None else None


def item_data(session: ClinicSession, post: Question | Recommendation) -> dict:
    """The item as it is now, and its HTML: added to an event's data about it (docs/realtime.md)."""
    if isinstance(post, Question):
        q = question_wire(post, _author(session, post.author_id))
        return {"question": q, "html": question_html(session, q)}
    r = rec_wire(post, _author(session, post.author_id))
    r["count"] = db.session.scalar(select(func.count(Endorsement.id)).where(Endorsement.recommendation_id == post.id)) or 0
    return {"recommendation": r, "html": rec_html(session, r)}
