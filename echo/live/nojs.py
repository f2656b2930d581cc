"""The live board without JavaScript: plain HTML forms that POST.

For clinicians on old phones and locked-down browsers. Each route does what its socket
handler does (echo/live/socket_events.py), in the same order and through the same domain functions,
so a post made here reaches every JavaScript board in the room at once:

    check_role -> retry lookup by client_id -> check_live -> validate, check_privacy
    -> check_rate -> commit_idempotent -> notify_event (only after the commit)

Every form carries a client_id made when the page was rendered, so a double submit (or a
resubmitted page) stores one post. A stored post redirects back to the board
(Post/Redirect/Get). A refused one re-renders the board with what was typed kept and the
reason beside the field, nothing stored: 400 bad input, 409 session not live or post
withdrawn, 422 held by the privacy guard, 429 posting too fast. A role that may not do this
(learners, non-members): 403, as the socket's `forbidden`; no such session or post: 404.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeSerializer

from echo.live import commands as live
from echo.core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from echo.core.extensions import db
from echo.core.ids import ID_DIGITS, ID_MAX, parse_id
from echo.live.models import Question, Recommendation
from echo.programs.clinic_session import ClinicSession
from echo.live.blueprint import bp
from echo.live import realtime
from echo.live.views import board_page


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
        """The socket payload this form stands for, so the same live.p_* validators read it."""
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
    "scheduled": "The session has not started yet, so nothing was posted. Post again once the coordinator starts it.",
    "ended": "The session has ended: posting is closed, so nothing was posted.",
    "cancelled": "This session was cancelled, so nothing was posted.",
}
EMPTY = {"question": "Write your question before posting.", "recommendation": "Write your recommendation before posting.",
         "answer": "Write the answer before posting."}


def _check_open(session: ClinicSession) -> None:
    """live.check_live, with a message that says what happened to the post."""
    try:
        live.check_live(session)
    except Conflict:
        raise Conflict(CLOSED.get(session.status.value, "The session is not live, so nothing was posted."), "session") from None


def _submit(session_id: int, sub: Submission, roles: tuple, action: str, build, *, need_live: bool = True,
            rate_limited: bool = True):
    """The common path of the no-JS writes (events._write's order). build(session, user, role,
    payload, client_id) validates the rest and returns the write (run by commit_idempotent).
    need_live, rate_limited: as events._write's (facilitation is neither)."""
    session = db.get_or_404(ClinicSession, session_id)
    user = current_user._get_current_object()
    role = live.check_role(user, session, roles, action)  # NotAllowed: the 403 page
    if sub.case_id is None:
        sub.case_id = session.current_case_id
    if request.form.get("action") == "refresh":
        # "Refresh, keeping my text": the board as it is now, with the form as typed; nothing posted.
        return board_page(session, role, sub=sub)
    payload = sub.payload()
    if "case_id" in request.form:
        raw = request.form["case_id"].strip()
        # Not a number: live.p_int refuses it; a number no case can have (of any length): not found.
        if raw.isascii() and raw.isdigit():
            payload["case_id"] = int(raw) if len(raw) <= ID_DIGITS else ID_MAX + 1
        else:
            payload["case_id"] = raw
    try:
        client_id = live.p_client_id(payload)
        existing = live.find_existing(session.id, user.id, client_id)
        if existing is not None:  # sent twice: the original, never a second copy
            return _posted(live.to_wire(existing), duplicate=True)
        if need_live and sub.kind == "facilitate":
            live.check_live(session)
        elif need_live:
            _check_open(session)  # its message says what happened to the post
        write = build(session, user, role, payload, client_id)
        if rate_limited:
            realtime.check_rate(user.id)
        outcome = realtime.commit_and_notify(session.id, user, client_id, write)
    except (NotAllowed, NotFound):
        db.session.rollback()
        raise  # the 403 / 404 page (echo/core/web.py)
    except DomainError as exc:
        db.session.rollback()
        return _refused(session, role, sub, exc)
    return _posted(outcome.wire, duplicate=not outcome.created)


def _refused(session: ClinicSession, role, sub: Submission, exc: DomainError):
    """The board again, the form as it was sent, the reason beside the field; nothing stored."""
    status = exc.status
    if isinstance(exc, live.PrivacyHeld):
        status = 422
        sub.findings = exc.findings
        sub.errors["text"] = ("This may identify a patient, so nothing was posted. Change the marked parts, "
                              "or tick the ones that are not identifiers, say why, and post again.")
        if sub.dismissed and not sub.reason:
            sub.errors["dismiss_reason"] = "Say why the ticked parts are not identifiers."
    elif exc.field == "text":
        n = len(sub.text.strip())
        sub.errors["text"] = EMPTY.get(sub.kind, exc.message) if n == 0 else \
            f"This is {n:,} characters long; the limit is {live.MAX_TEXT:,}. Shorten it and post again."
    elif exc.field == "category":
        sub.errors["category"] = "Choose one of the categories."
    elif exc.field == "client_id":
        sub.client_id = ""  # a fresh one is rendered
        sub.message = "The form arrived incomplete, so nothing was posted. Check it and post again."
    else:
        sub.message = exc.message
    if sub.kind in ("answer", "endorse", "consensus", "withdraw_question", "withdraw_recommendation"):
        post = db.session.get(Question if sub.kind in ("answer", "withdraw_question") else Recommendation, sub.target)
        sub.case_id = post.case_id if post is not None else sub.case_id
    return board_page(session, role, sub=sub, status=status)


def _posted(wire: dict, duplicate: bool):
    d, kind = wire["data"], wire["kind"]
    if kind == "question_posted":
        msg, anchor = "Your question was posted.", f"q-{d['question']['id']}"
    elif kind == "recommendation_posted":
        rec = d["recommendation"]
        msg = "Your suggestion was posted." if rec["source"] == "spoke" else "Your recommendation was posted."
        anchor = f"r-{rec['id']}"
    elif kind == "question_answered":
        msg, anchor = "Your answer was posted.", f"q-{d['question_id']}"
    elif kind == "endorsement_changed":
        msg = "Endorsed." if d["endorsed"] else "Endorsement withdrawn."
        anchor = f"r-{d['recommendation_id']}"
    elif kind in ("question_withdrawn", "recommendation_withdrawn"):
        what = kind.split("_")[0]
        msg, anchor = f"Your {what} was withdrawn.", f"{what[0]}-{d[what + '_id']}"
    elif kind == "consensus_changed":
        msg = "Marked as consensus." if d["consensus"] else "No longer marked as consensus."
        anchor = f"r-{d['recommendation_id']}"
    elif kind in ("session_started", "phase_changed", "session_ended"):
        msg = {"session_started": "The session is live.", "session_ended": "The session has ended."}.get(
            kind, f"Now: {live.PHASE_LABELS.get(d.get('phase'), d.get('phase'))}.")
        anchor = "facilitator-nojs"
    else:  # a client_id reused for another kind of write: its original, whatever it was
        msg, anchor = "Already done.", f"case-{wire['case_id']}"
    if duplicate:
        msg += " (It was sent twice and is shown once.)"
    flash(msg, "success")
    return redirect(url_for("live.board", session_id=wire["session_id"], case=wire["case_id"], _anchor=anchor), 303)


@bp.route("/sessions/<int:session_id>/live/questions", methods=["POST"])
@login_required
def nojs_question(session_id: int):
    """Coordinators, specialists, participants; session live. Form: case_id, text, client_id,
    dismiss (fingerprints) + dismiss_reason. The socket's post_question."""
    def build(session, user, role, payload, client_id):
        case = live.check_post_case(session, live.p_int(payload, "case_id", required=False))
        text = live.p_text(payload)
        live.check_privacy(user, session, text, live.p_dismissals(payload))
        return lambda: live.do_post_question(session, user, role, case, text, client_id)

    return _submit(session_id, _read("question"), live.POSTERS, "ask questions", build)


@bp.route("/sessions/<int:session_id>/live/recommendations", methods=["POST"])
@login_required
def nojs_recommendation(session_id: int):
    """Specialists (hub), participants (spoke suggestions), coordinators; session live.
    Form: case_id, category, text, client_id, dismiss + dismiss_reason. The socket's post_recommendation."""
    def build(session, user, role, payload, client_id):
        case = live.check_post_case(session, live.p_int(payload, "case_id", required=False))
        category = live.p_category(payload)
        text = live.p_text(payload)
        live.check_privacy(user, session, text, live.p_dismissals(payload))
        return lambda: live.do_post_recommendation(session, user, role, case, category, text, client_id)

    return _submit(session_id, _read("recommendation"), live.POSTERS, "post recommendations", build)


@bp.route("/sessions/<int:session_id>/live/questions/<int:question_id>/answer", methods=["POST"])
@login_required
def nojs_answer(session_id: int, question_id: int):
    """The case's presenter, coordinators; session live. Form: text, client_id, dismiss +
    dismiss_reason. The socket's answer_question."""
    def build(session, user, role, payload, client_id):
        q = live.get_question(session, question_id)
        role = live.check_answer(user, session, q)
        text = live.p_text(payload)
        live.check_privacy(user, session, text, live.p_dismissals(payload))
        return lambda: live.do_answer_question(session, user, role, q, text, client_id)

    return _submit(session_id, _read("answer", question_id), live.WATCHERS, "answer questions", build)


@bp.route("/sessions/<int:session_id>/live/recommendations/<int:recommendation_id>/endorse", methods=["POST"])
@login_required
def nojs_endorse(session_id: int, recommendation_id: int):
    """Specialists, coordinators (not their own); session live. Form: endorse (1, or 0 to
    withdraw the endorsement), client_id. The socket's endorse."""
    endorse = request.form.get("endorse", "1") != "0"

    def build(session, user, role, payload, client_id):
        r = live.get_recommendation(session, recommendation_id)
        live.check_item_case(session, r)
        return lambda: live.do_endorse(session, user, role, r, endorse, client_id)

    return _submit(session_id, _read("endorse", recommendation_id), live.ENDORSERS, "endorse recommendations", build)


@bp.route("/sessions/<int:session_id>/live/<any(questions, recommendations):kind>/<int:post_id>/withdraw",
          methods=["POST"])
@login_required
def nojs_withdraw(session_id: int, kind: str, post_id: int):
    """The post's author, whatever the session's state. Form: client_id. The post is kept and
    shown as withdrawn (a recommendation's text goes to its history). The socket's withdraw_post."""
    singular = kind[:-1]

    def build(session, user, role, payload, client_id):
        post = live.get_post(session, singular, post_id)
        role = live.check_own_post(user, session, post)
        return lambda: live.do_withdraw_post(session, user, role, post, client_id)

    sub = Submission(f"withdraw_{singular}", post_id, client_id=request.form.get("client_id", ""))
    return _submit(session_id, sub, live.WATCHERS, "withdraw posts", build, need_live=False)


# --- facilitating without JavaScript (coordinators) -------------------------------------------

def _facilitate(session_id: int, kind: str, target: int | None, action: str, build, need_live: bool):
    sub = Submission(kind, target, client_id=request.form.get("client_id", ""))
    return _submit(session_id, sub, live.FACILITATORS, action, build, need_live=need_live, rate_limited=False)


@bp.route("/sessions/<int:session_id>/live/start", methods=["POST"])
@login_required
def nojs_start(session_id: int):
    """Coordinators; a scheduled session. Form: client_id, move_to_now=yes (far from the
    scheduled time). The socket's start_session."""
    move = request.form.get("move_to_now") == "yes"
    return _facilitate(session_id, "facilitate", None, "start the session",
                       lambda session, user, role, payload, cid: (
                           lambda: live.do_start_session(session, user, role, cid, move_to_now=move)),
                       need_live=False)


@bp.route("/sessions/<int:session_id>/live/phase", methods=["POST"])
@login_required
def nojs_phase(session_id: int):
    """Coordinators; session live. Form: case_id, phase, client_id: that case, in that phase (the
    next case is its first phase). The socket's set_phase."""
    def build(session, user, role, payload, client_id):
        case = live.check_agenda_case(session, live.p_int(payload, "case_id", required=False))
        # An unknown phase: do_set_phase refuses it (Invalid) before changing anything.
        return lambda: live.do_set_phase(session, user, role, case, request.form.get("phase"), client_id)

    return _facilitate(session_id, "facilitate", None, "lead the session", build, need_live=True)


@bp.route("/sessions/<int:session_id>/live/end", methods=["POST"])
@login_required
def nojs_end(session_id: int):
    """Coordinators; session live. Form: confirm=yes (a required tick box: ending cannot be
    undone), client_id. The socket's end_session."""
    def build(session, user, role, payload, client_id):
        if request.form.get("confirm") != "yes":
            raise Invalid("Tick \"Yes, end the session\" to end it.", "confirm")
        return lambda: live.do_end_session(session, user, role, client_id)

    return _facilitate(session_id, "facilitate", None, "end the session", build, need_live=False)


@bp.route("/sessions/<int:session_id>/live/recommendations/<int:recommendation_id>/consensus", methods=["POST"])
@login_required
def nojs_consensus(session_id: int, recommendation_id: int):
    """Coordinators. Form: consensus (1, or 0 to remove the mark), client_id. The socket's mark_consensus."""
    consensus = request.form.get("consensus", "1") != "0"

    def build(session, user, role, payload, client_id):
        r = live.get_recommendation(session, recommendation_id)
        live.check_item_case(session, r)
        return lambda: live.do_mark_consensus(session, user, role, r, consensus, client_id)

    return _facilitate(session_id, "consensus", recommendation_id, "mark consensus", build, need_live=False)


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
    load counts the viewer present a while longer (live.do_page_beat). A frame and not the page
    itself: reloading the board would throw away what someone is typing. Members of the
    program (any role) and admins, as the board, through the board's frame only: a GET that
    writes, without a CSRF token, so it requires the frame's signed address
    (_check_beat_from_board)."""
    session = db.get_or_404(ClinicSession, session_id)
    live.check_watch(current_user, session)
    _check_beat_from_board(session.id)
    arrived = live.do_page_beat(session, current_user)
    db.session.commit()
    if arrived:
        realtime.notify_presence(session.id, current_user.id)
    counting = session.status.value == "live"
    resp = make_response(render_template("live/here.html", counting=counting, every=live.PAGE_BEAT_EVERY))
    resp.headers["Cache-Control"] = "no-store"
    # The board frames this page; everything else stays unframeable (web.headers).
    resp.headers["X-Frame-Options"] = "SAMEORIGIN"
    resp.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'self'; frame-ancestors 'self'"
    return resp
