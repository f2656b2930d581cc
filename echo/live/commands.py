"""What people do on the live board: one function per action, called by every adapter (the
socket handlers in echo/live/socket_events.py and the forms without JavaScript in
echo/live/nojs.py), so both take the same path:

    post_recommendation(actor, session_id, data) -> Outcome
        begin: the session, the actor's role now, a retry's original, the session live
        read the payload (echo/live/payloads.py), check_* (echo/live/rules.py), check_rate
        do_*: the row and its event (echo/live/store.py), flushed, not committed

The caller commits and then emits (realtime.commit_and_notify). Facilitation (start, phase,
end) is echo/live/facilitation.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from echo.accounts.models import User
from echo.cases.models import Case
from echo.core.errors import Conflict, Invalid
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live import rules
from echo.live.models import (
    Endorsement,
    LiveEvent,
    Question,
    Recommendation,
    RecommendationEdit,
)
from echo.live.payloads import (
    AnswerIn,
    ConsensusIn,
    EditIn,
    EndorseIn,
    QuestionIn,
    RecommendationIn,
    WithdrawIn,
    read_category,
    read_client_id,
)
from echo.live.render import item_data, question_html, rec_html
from echo.live.store import append_event, append_post, find_existing, to_wire, who
from echo.programs.clinic_session import ClinicSession
from echo.programs.models import Role


@dataclass
class Outcome:
    event: LiveEvent
    created: bool  # False: a retry with a client_id already used; this is the original
    wire: dict


@dataclass
class Start:
    """What every write reads first (begin)."""
    session: ClinicSession
    role: Role
    client_id: str
    retry: Outcome | None  # set: the client_id was used already; answer with the original


def begin(actor: User, session_id: object, data: dict, roles: tuple, action: str, need_live: bool = True) -> Start:
    """The session, the actor's role on it now, a retry's original (never a second copy), and
    (need_live) the session live: in this order, for the socket and the form alike."""
    session = rules.get_session(session_id)
    client_id = read_client_id(data.get("client_id"))
    role = rules.check_role(actor, session, roles, action)
    existing = find_existing(session.id, actor.id, client_id)
    if existing is not None:
        return Start(session, role, client_id, Outcome(existing, False, to_wire(existing)))
    if need_live:
        rules.check_live(session)
    return Start(session, role, client_id, None)


def written(ev: LiveEvent) -> Outcome:
    db.session.flush()
    return Outcome(ev, True, to_wire(ev))


# --- questions ---------------------------------------------------------------------------------

def post_question(actor: User, session_id: object, data: dict) -> Outcome:
    w = begin(actor, session_id, data, rules.POSTERS, "ask questions")
    if w.retry:
        return w.retry
    body = QuestionIn.read({**data, "client_id": w.client_id})
    case = rules.check_post_case(w.session, body.case_id)
    rules.check_privacy(actor, w.session, body.text, body.dismissals)
    rules.check_rate(actor.id)
    return written(do_post_question(w.session, actor, w.role, case, body.text, w.client_id))


def do_post_question(session: ClinicSession, user: User, role: Role, case: Case, text: str, client_id: str) -> LiveEvent:
    q = Question(case_id=case.id, session_id=session.id, author_id=user.id, text=text, answer="",
                 answered_by_id=None, withdrawn=False, created_at=utcnow())
    wire = {"id": None, "case_id": case.id, "text": text, "answer": "", "author": who(user, role), "withdrawn": False}
    return append_post(session, q, "question_posted", wire, user, role, client_id, question_html(session, wire))


def answer_question(actor: User, session_id: object, data: dict) -> Outcome:
    w = begin(actor, session_id, data, rules.WATCHERS, "answer questions")
    if w.retry:
        return w.retry
    body = AnswerIn.read({**data, "client_id": w.client_id})
    q = rules.get_question(w.session, body.question_id)
    role = rules.check_answer(actor, w.session, q)
    rules.check_privacy(actor, w.session, body.text, body.dismissals)
    rules.check_rate(actor.id)
    return written(do_answer_question(w.session, actor, role, q, body.text, w.client_id))


def do_answer_question(session: ClinicSession, user: User, role: Role, q: Question, text: str, client_id: str) -> LiveEvent:
    q.answer = text
    q.answered_by_id = user.id
    return append_event(session, "question_answered", user, role,
                        {"question_id": q.id, "answer": text, "answered_by": who(user, role), **item_data(session, q)},
                        client_id, q.case_id)


# --- recommendations ---------------------------------------------------------------------------

def post_recommendation(actor: User, session_id: object, data: dict) -> Outcome:
    """Specialists (hub), participants (spoke suggestions), coordinators; the session live."""
    w = begin(actor, session_id, data, rules.POSTERS, "post recommendations")
    if w.retry:
        return w.retry
    body = RecommendationIn.read({**data, "client_id": w.client_id})
    case = rules.check_post_case(w.session, body.case_id)
    rules.check_privacy(actor, w.session, body.text, body.dismissals)
    rules.check_rate(actor.id)
    return written(do_post_recommendation(w.session, actor, w.role, case, body.category, body.text, w.client_id))


def do_post_recommendation(session: ClinicSession, user: User, role: Role, case: Case, category: str, text: str,
                           client_id: str) -> LiveEvent:
    source = "spoke" if role == Role.participant else "hub"
    now = utcnow()
    r = Recommendation(case_id=case.id, session_id=session.id, author_id=user.id, source=source, category=category,
                       text=text, withdrawn=False, consensus=False, created_at=now, updated_at=now)
    wire = {"id": None, "case_id": case.id, "source": source, "category": category, "text": text,
            "author": who(user, role), "count": 0, "consensus": False, "withdrawn": False}
    return append_post(session, r, "recommendation_posted", wire, user, role, client_id, rec_html(session, wire))


# --- editing and withdrawing one's own post ------------------------------------------------------

def edit_post(actor: User, session_id: object, data: dict) -> Outcome:
    """The post's author; the earlier text is kept (RecommendationEdit, or the event log)."""
    w = begin(actor, session_id, data, rules.WATCHERS, "edit posts")
    if w.retry:
        return w.retry
    body = EditIn.read({**data, "client_id": w.client_id})
    post = rules.get_post(w.session, body.kind, body.id)
    role = rules.check_own_post(actor, w.session, post)
    rules.check_item_case(w.session, post)
    category = read_category(body.category) if body.category is not None and body.kind == "recommendation" else None
    rules.check_privacy(actor, w.session, body.text, body.dismissals)
    rules.check_rate(actor.id)
    return written(do_edit_post(w.session, actor, role, post, body.text, category, w.client_id))


def do_edit_post(session: ClinicSession, user: User, role: Role, post: Question | Recommendation, text: str,
                 category: str | None, client_id: str) -> LiveEvent:
    if isinstance(post, Recommendation):
        db.session.add(RecommendationEdit(recommendation_id=post.id, editor_id=user.id, old_text=post.text,
                                          old_category=post.category, action="edit", created_at=utcnow()))
        post.text = text
        if category:
            post.category = category
        post.updated_at = utcnow()
        return append_event(session, "recommendation_edited", user, role,
                            {"recommendation_id": post.id, "text": post.text, "category": post.category,
                             **item_data(session, post)}, client_id, post.case_id)
    # A question's earlier text stays in the event log (question_posted / question_edited).
    post.text = text
    return append_event(session, "question_edited", user, role, {"question_id": post.id, "text": text, **item_data(session, post)},
                        client_id, post.case_id)


def withdraw_post(actor: User, session_id: object, data: dict) -> Outcome:
    """The post's author, whatever the session's state; the post is kept, shown as withdrawn."""
    w = begin(actor, session_id, data, rules.WATCHERS, "withdraw posts", need_live=False)
    if w.retry:
        return w.retry
    body = WithdrawIn.read({**data, "client_id": w.client_id})
    post = rules.get_post(w.session, body.kind, body.id)
    role = rules.check_own_post(actor, w.session, post)
    rules.check_rate(actor.id)
    return written(do_withdraw_post(w.session, actor, role, post, w.client_id))


def do_withdraw_post(session: ClinicSession, user: User, role: Role, post: Question | Recommendation,
                     client_id: str) -> LiveEvent:
    post.withdrawn = True
    if isinstance(post, Recommendation):
        db.session.add(RecommendationEdit(recommendation_id=post.id, editor_id=user.id, old_text=post.text,
                                          old_category=post.category, action="withdraw", created_at=utcnow()))
        post.consensus = False
        post.updated_at = utcnow()
        return append_event(session, "recommendation_withdrawn", user, role,
                            {"recommendation_id": post.id, **item_data(session, post)}, client_id, post.case_id)
    return append_event(session, "question_withdrawn", user, role, {"question_id": post.id, **item_data(session, post)},
                        client_id, post.case_id)


# --- endorsing, consensus ----------------------------------------------------------------------

def endorse(actor: User, session_id: object, data: dict) -> Outcome:
    """Specialists and coordinators, not on their own recommendation."""
    w = begin(actor, session_id, data, rules.ENDORSERS, "endorse recommendations")
    if w.retry:
        return w.retry
    body = EndorseIn.read({**data, "client_id": w.client_id})
    r = rules.get_recommendation(w.session, body.recommendation_id)
    rules.check_item_case(w.session, r)
    if r.author_id == actor.id:
        raise Invalid(_("You cannot endorse your own recommendation."), "recommendation_id")
    if r.withdrawn:
        raise Conflict(_("That recommendation was withdrawn."))
    rules.check_rate(actor.id)
    return written(do_endorse(w.session, actor, w.role, r, body.endorse, w.client_id))


def endorsement_count(rid: int) -> int:
    return db.session.scalar(select(func.count(Endorsement.id)).where(Endorsement.recommendation_id == rid)) or 0


def do_endorse(session: ClinicSession, user: User, role: Role, r: Recommendation, endorse: bool, client_id: str) -> LiveEvent:
    existing = db.session.scalar(select(Endorsement).where(Endorsement.recommendation_id == r.id, Endorsement.user_id == user.id))
    if endorse and existing is None:
        db.session.add(Endorsement(recommendation_id=r.id, user_id=user.id, created_at=utcnow()))
    elif not endorse and existing is not None:
        db.session.delete(existing)
    db.session.flush()
    return append_event(session, "endorsement_changed", user, role,
                        {"recommendation_id": r.id, "user": who(user, role), "endorsed": endorse, "count": endorsement_count(r.id),
                         **item_data(session, r)}, client_id, r.case_id)


def mark_consensus(actor: User, session_id: object, data: dict) -> Outcome:
    """Coordinators, whatever the session's state; not rate-limited (facilitation)."""
    w = begin(actor, session_id, data, rules.FACILITATORS, "mark consensus", need_live=False)
    if w.retry:
        return w.retry
    body = ConsensusIn.read({**data, "client_id": w.client_id})
    r = rules.get_recommendation(w.session, body.recommendation_id)
    rules.check_item_case(w.session, r)
    if r.withdrawn and body.consensus:
        raise Conflict(_("That recommendation was withdrawn."))
    return written(do_mark_consensus(w.session, actor, w.role, r, body.consensus, w.client_id))


def do_mark_consensus(session: ClinicSession, user: User, role: Role, r: Recommendation, consensus: bool, client_id: str) -> LiveEvent:
    r.consensus = consensus
    return append_event(session, "consensus_changed", user, role,
                        {"recommendation_id": r.id, "consensus": consensus, **item_data(session, r)}, client_id, r.case_id)
