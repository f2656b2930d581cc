"""The live board without JavaScript: plain HTML forms that POST.

For clinicians on old phones and locked-down browsers. Each route is an adapter of the same
command as its socket handler (echo/live/commands.py, echo/live/facilitation.py), committed
and emitted the same way (realtime.commit_and_notify), so a post made here reaches every
JavaScript board in the room at once.

Every form carries a client_id made when the page was rendered, so a double submit (or a
resubmitted page) stores one post. A stored post redirects back to the board
(Post/Redirect/Get). A refused one re-renders the board with what was typed kept and the
reason beside the field, nothing stored: 400 bad input, 409 session not live or post
withdrawn, 422 held by the privacy guard, 429 posting too fast. A role that may not do this
(learners, non-members): 403, as the socket's `forbidden`; no such session or post: 404.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from echo.accounts.models import User
from echo.core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from echo.core.extensions import db
from echo.core.ids import ID_DIGITS, ID_MAX, parse_id
from echo.live import commands, facilitation, realtime, rules
from echo.live.blueprint import bp
from echo.live.commands import Outcome
from echo.live.models import Question, Recommendation
from echo.live.payloads import MAX_TEXT
from echo.live.presence import PAGE_BEAT_EVERY, do_page_beat
from echo.live.realtime import Command
from echo.live.views import board_page
from echo.programs.clinic_session import ClinicSession


@dataclass
class Submission:
    """What one no-JS form sent, kept to show the form again when it is refused."""

    kind: str                    # question | recommendation | answer | endorse | consensus | facilitate
                                 # | withdraw_question | withdraw_recommendation
    target: int | None           # the question (answer) or recommendation (endorse, consensus) it is about
    case_id: int | None = None   # the case whose block holds the form (shown when re-rendered)
    text: str = ""
    category: str = ""
    client_id: str = ""
    dismissed: list[str] = field(default_factory=list)  # fingerprints ticked "not an identifier"
    reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # field -> the message shown beside it
    message: str = ""            # the form's own message (not live, too fast...)
    findings: list[dict] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.message or self.findings)

    @property
    def anchor(self) -> str:
        """The id of the element holding the form (the page scrolls there)."""
        return {"question": f"ask-{self.case_id}", "recommendation": f"recommend-{self.case_id}",
                "answer": f"q-{self.target}", "endorse": f"r-{self.target}", "consensus": f"r-{self.target}",
                "withdraw_question": f"q-{self.target}", "withdraw_recommendation": f"r-{self.target}",
                "facilitate": "facilitator-nojs"}[self.kind]

    def payload(self) -> dict:
        """The socket payload this form stands for: the command reads it as it reads the socket's."""
        return {"text": self.text, "category": self.category or None, "client_id": self.client_id or None,
                "dismissals": [{"fingerprint": fp, "reason": self.reason} for fp in self.dismissed]}


def _read(kind: str, target: int | None = None) -> Submission:
    f = request.form
    raw_case = f.get("case_id", "").strip()
    return Submission(
        kind, target, case_id=parse_id(raw_case),
        # Browsers send a textarea's line breaks as CRLF; live.js sends LF. Store one form.
        text=f.get("text", "").replace("\r\n", "\n"), category=f.get("category", ""),
        client_id=f.get("client_id", "").strip(), dismissed=f.getlist("dismiss"),
        reason=f.get("dismiss_reason", "").strip())


CLOSED = {
    "scheduled": _l("The session has not started yet, so nothing was posted. Post again once the coordinator starts it."),
    "ended": _l("The session has ended: posting is closed, so nothing was posted."),
    "cancelled": _l("This session was cancelled, so nothing was posted."),
}
EMPTY = {"question": _l("Write your question before posting."), "recommendation": _l("Write your recommendation before posting."),
         "answer": _l("Write the answer before posting.")}


def _submit(session_id: int, sub: Submission, roles: tuple, action: str, command: Command, **fields: object):
    """The no-JS adapter of a write: the same command as the socket's, committed, then emitted
    (realtime.commit_and_notify). fields: the payload's values that come from the URL or the
    form's buttons rather than from what was typed (the post's id, endorse, phase...)."""
    session = db.get_or_404(ClinicSession, session_id)
    user = current_user._get_current_object()
    role = rules.check_role(user, session, roles, action)  # NotAllowed: the 403 page
    if sub.case_id is None:
        sub.case_id = session.current_case_id
    if request.form.get("action") == "refresh":
        # "Refresh, keeping my text": the board as it is now, with the form as typed; nothing posted.
        return board_page(session, role, sub=sub)
    payload = {**sub.payload(), **fields}
    if "case_id" in request.form:
        raw = request.form["case_id"].strip()
        # Not a number: the payload's reader refuses it; a number no case can have (of any length): not found.
        if raw.isascii() and raw.isdigit():
            payload["case_id"] = int(raw) if len(raw) <= ID_DIGITS else ID_MAX + 1
        else:
            payload["case_id"] = raw
    try:
        outcome = realtime.commit_and_notify(command, user, session.id, payload)
    except (NotAllowed, NotFound):
        db.session.rollback()
        raise  # the 403 / 404 page (echo/core/web.py)
    except rules.NotLive as exc:
        db.session.rollback()
        if sub.kind == "facilitate":
            return _refused(session, role, sub, exc)
        # A message that says what happened to the post.
        closed = CLOSED.get(session.status.value, _l("The session is not live, so nothing was posted."))
        return _refused(session, role, sub, Conflict(str(closed), "session"))
    except DomainError as exc:
        db.session.rollback()
        return _refused(session, role, sub, exc)
    return _posted(outcome.wire, duplicate=not outcome.created)


def _refused(session: ClinicSession, role, sub: Submission, exc: DomainError):
    """The board again, the form as it was sent, the reason beside the field; nothing stored."""
    status = exc.status
    if isinstance(exc, rules.PrivacyHeld):
        status = 422
        sub.findings = exc.findings
        sub.errors["text"] = _("This may identify a patient, so nothing was posted. Change the marked parts, "
                               "or tick the ones that are not identifiers, say why, and post again.")
        if sub.dismissed and not sub.reason:
            sub.errors["dismiss_reason"] = _("Say why the ticked parts are not identifiers.")
    elif exc.field == "text":
        n = len(sub.text.strip())
        sub.errors["text"] = str(EMPTY.get(sub.kind, exc.message)) if n == 0 else \
            _("This is %(n)s characters long; the limit is %(limit)s. Shorten it and post again.",
              n=format_number(n), limit=format_number(MAX_TEXT))
    elif exc.field == "category":
        sub.errors["category"] = _("Choose one of the categories.")
    elif exc.field == "client_id":
        sub.client_id = ""  # a fresh one is rendered
        sub.message = _("The form arrived incomplete, so nothing was posted. Check it and post again.")
    else:
        sub.message = exc.message
    if sub.kind in ("answer", "endorse", "consensus", "withdraw_question", "withdraw_recommendation"):
        post = db.session.get(Question if sub.kind in ("answer", "withdraw_question") else Recommendation, sub.target)
        sub.case_id = post.case_id if post is not None else sub.case_id
    return board_page(session, role, sub=sub, status=status)


def _posted(wire: dict, duplicate: bool):
    d, kind = wire["data"], wire["kind"]
    if kind == "question_posted":
        msg, anchor = _("Your question was posted."), f"q-{d['question']['id']}"
    elif kind == "recommendation_posted":
        rec = d["recommendation"]
        msg = _("Your suggestion was posted.") if rec["source"] == "spoke" else _("Your recommendation was posted.")
        anchor = f"r-{rec['id']}"
    elif kind == "question_answered":
        msg, anchor = _("Your answer was posted."), f"q-{d['question_id']}"
    elif kind == "endorsement_changed":
        msg = _("Endorsed.") if d["endorsed"] else _("Endorsement withdrawn.")
        anchor = f"r-{d['recommendation_id']}"
    elif kind in ("question_withdrawn", "recommendation_withdrawn"):
        what = kind.split("_")[0]
        msg = _("Your question was withdrawn.") if what == "question" else _("Your recommendation was withdrawn.")
        anchor = f"{what[0]}-{d[what + '_id']}"
    elif kind == "consensus_changed":
        msg = _("Marked as consensus.") if d["consensus"] else _("No longer marked as consensus.")
        anchor = f"r-{d['recommendation_id']}"
    elif kind in ("session_started", "phase_changed", "session_ended"):
        if kind == "session_started":
            msg = _("The session is live.")
        elif kind == "session_ended":
            msg = _("The session has ended.")
        else:
            msg = _("Now: %(phase)s.", phase=rules.PHASE_LABELS.get(d.get("phase"), d.get("phase")))
        anchor = "facilitator-nojs"
    else:  # a client_id reused for another kind of write: its original, whatever it was
        msg, anchor = _("Already done."), f"case-{wire['case_id']}"
    if duplicate:
        msg = _("%(message)s (It was sent twice and is shown once.)", message=msg)
    flash(msg, "success")
    return redirect(url_for("live.board", session_id=wire["session_id"], case=wire["case_id"], _anchor=anchor), 303)


@bp.route("/sessions/<int:session_id>/live/questions", methods=["POST"])
@login_required
def nojs_question(session_id: int):
    """Coordinators, specialists, participants; session live. Form: case_id, text, client_id,
    dismiss (fingerprints) + dismiss_reason. The socket's post_question."""
    return _submit(session_id, _read("question"), rules.POSTERS, "ask questions", commands.post_question)


@bp.route("/sessions/<int:session_id>/live/recommendations", methods=["POST"])
@login_required
def nojs_recommendation(session_id: int):
    """Specialists (hub), participants (spoke suggestions), coordinators; session live.
    Form: case_id, category, text, client_id, dismiss + dismiss_reason. The socket's post_recommendation."""
    return _submit(session_id, _read("recommendation"), rules.POSTERS, "post recommendations", commands.post_recommendation)


@bp.route("/sessions/<int:session_id>/live/questions/<int:question_id>/answer", methods=["POST"])
@login_required
def nojs_answer(session_id: int, question_id: int):
    """The case's presenter, coordinators; session live. Form: text, client_id, dismiss +
    dismiss_reason. The socket's answer_question."""
    return _submit(session_id, _read("answer", question_id), rules.WATCHERS, "answer questions", commands.answer_question,
                   question_id=question_id)


@bp.route("/sessions/<int:session_id>/live/recommendations/<int:recommendation_id>/endorse", methods=["POST"])
@login_required
def nojs_endorse(session_id: int, recommendation_id: int):
    """Specialists, coordinators (not their own); session live. Form: endorse (1, or 0 to
    withdraw the endorsement), client_id. The socket's endorse."""
    return _submit(session_id, _read("endorse", recommendation_id), rules.ENDORSERS, "endorse recommendations",
                   commands.endorse, recommendation_id=recommendation_id, endorse=request.form.get("endorse", "1") != "0")


@bp.route("/sessions/<int:session_id>/live/<any(questions, recommendations):kind>/<int:post_id>/withdraw",
          methods=["POST"])
@login_required
def nojs_withdraw(session_id: int, kind: str, post_id: int):
    """The post's author, whatever the session's state. Form: client_id. The post is kept and
    shown as withdrawn (a recommendation's text goes to its history). The socket's withdraw_post."""
    singular = kind[:-1]
    sub = Submission(f"withdraw_{singular}", post_id, client_id=request.form.get("client_id", ""))
    return _submit(session_id, sub, rules.WATCHERS, "withdraw posts", commands.withdraw_post, kind=singular, id=post_id)


# --- facilitating without JavaScript (coordinators) -------------------------------------------

def _facilitate(session_id: int, kind: str, target: int | None, action: str, command: Command, **fields: object):
    sub = Submission(kind, target, client_id=request.form.get("client_id", ""))
    return _submit(session_id, sub, rules.FACILITATORS, action, command, **fields)


@bp.route("/sessions/<int:session_id>/live/start", methods=["POST"])
@login_required
def nojs_start(session_id: int):
    """Coordinators; a scheduled session. Form: client_id, move_to_now=yes (far from the
    scheduled time). The socket's start_session."""
    return _facilitate(session_id, "facilitate", None, "start the session", facilitation.start_session,
                       move_to_now=request.form.get("move_to_now") == "yes")


@bp.route("/sessions/<int:session_id>/live/phase", methods=["POST"])
@login_required
def nojs_phase(session_id: int):
    """Coordinators; session live. Form: case_id, phase, client_id: that case, in that phase (the
    next case is its first phase). The socket's set_phase."""
    return _facilitate(session_id, "facilitate", None, "lead the session", facilitation.set_phase,
                       phase=request.form.get("phase"))


def _end_confirmed(actor: User, session_id: object, data: dict) -> Outcome:
    """end_session, once the coordinator ticked the box (ending cannot be undone)."""
    if data.get("confirm") != "yes":
        raise Invalid(_("Tick \"Yes, end the session\" to end it."), "confirm")
    return facilitation.end_session(actor, session_id, data)


@bp.route("/sessions/<int:session_id>/live/end", methods=["POST"])
@login_required
def nojs_end(session_id: int):
    """Coordinators; session live. Form: confirm=yes (a required tick box: ending cannot be
    undone), client_id. The socket's end_session."""
    return _facilitate(session_id, "facilitate", None, "end the session", _end_confirmed,
                       confirm=request.form.get("confirm"))


@bp.route("/sessions/<int:session_id>/live/recommendations/<int:recommendation_id>/consensus", methods=["POST"])
@login_required
def nojs_consensus(session_id: int, recommendation_id: int):
    """Coordinators. Form: consensus (1, or 0 to remove the mark), client_id. The socket's mark_consensus."""
    return _facilitate(session_id, "consensus", recommendation_id, "mark consensus", commands.mark_consensus,
                       recommendation_id=recommendation_id, consensus=request.form.get("consensus", "1") != "0")


def _beat_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="attendance-beat")


def beat_token(user_id: int, session_id: int) -> str:
    return _beat_signer().dumps([user_id, session_id])


@bp.app_template_global()
def attendance_frame_url(session_id: int) -> str:
    """The attendance frame's address for the viewer: it carries a signature of (viewer,
    session) that only a page of this site can have shown them."""
    return url_for("live.nojs_here", session_id=session_id, beat=beat_token(current_user.id, session_id))


def _check_beat_from_board(session_id: int) -> None:
    """403 unless the request comes from the board's own frame.

    The login cookie is SameSite=Lax, which a cross-site top-level GET (a link, a redirect)
    still carries: another site could make a member "attend". So the frame's address carries
    the signed `beat` (another site cannot forge it), and browsers that say where a request
    comes from (Sec-Fetch-Site) must say this site."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        abort(403)
    try:
        signed = _beat_signer().loads(request.args.get("beat", ""))
    except BadSignature:
        abort(403)
    if signed != [current_user.id, session_id]:
        abort(403)


@bp.route("/sessions/<int:session_id>/live/here")
@login_required
def nojs_here(session_id: int):
    """The attendance frame of a board without JavaScript (a <noscript> iframe on the board).

    A board with JavaScript is present while its socket is connected; one without has no
    socket, so this small page reloads itself (<meta http-equiv="refresh">, no script) and each
    load counts the viewer present a while longer (do_page_beat). A frame and not the page
    itself: reloading the board would throw away what someone is typing. Members of the
    program (any role) and admins, as the board, through the board's frame only: a GET that
    writes, without a CSRF token, so it requires the frame's signed address
    (_check_beat_from_board)."""
    session = db.get_or_404(ClinicSession, session_id)
    rules.check_watch(current_user, session)
    _check_beat_from_board(session.id)
    arrived = do_page_beat(session, current_user)
    db.session.commit()
    if arrived:
        realtime.notify_presence(session.id, current_user.id)
    counting = session.status.value == "live"
    resp = make_response(render_template("live/here.html", counting=counting, every=PAGE_BEAT_EVERY))
    resp.headers["Cache-Control"] = "no-store"
    # The board frames this page; everything else stays unframeable (web.headers).
    resp.headers["X-Frame-Options"] = "SAMEORIGIN"
    resp.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'self'; frame-ancestors 'self'"
    return resp
