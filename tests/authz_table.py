"""The authorisation matrix: who may use every route and every socket event, and what each
role gets back. tests/test_authorization_matrix.py runs it against the app built from
tests/authz_world.py, and fails for any route or event that has no row here.

Adding a route: one line in HTTP (endpoint, method, its URL arguments, an expectation).
Adding a socket event: one line in SOCKET. W("name") is an id or token of the world
(tests/authz_world.py). The expectation helpers:

    everyone(200)                       every role, anonymous included, gets 200
    logged(200)                         logged-in roles 200; anonymous is sent to the login page
    only(200, COORDS)                   these roles 200; other logged-in roles 403; anonymous to login
    ... , participant=409               any role's answer can be set by name

HTTP answers are the status code, or LOGIN for a redirect to the login page (?next=...); a row
with a `secret` (a case's title) answers SHOWN or WITHHELD instead of 200, telling whether the page
carries it (a board or an agenda lists a case its viewer may not read yet, without its text).
POSTs carry a valid CSRF token; their bodies are the least that lets an allowed role through
(a 400 for a form left empty proves the role got past the permission check, as a 403 proves
it did not). Socket answers are "ok" or the ack's error code; REFUSED means the connection
itself is refused (not logged in).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tests.factories import PASSWORD

ROLES = ("anonymous", "learner", "participant", "author", "specialist", "other_coordinator", "coordinator", "admin")
LOGGED_IN = ROLES[1:]
MEMBERS = ("learner", "participant", "author", "specialist", "coordinator")   # of the program, any role
WATCHERS = MEMBERS + ("admin",)                                               # the live board (admins act as coordinators)
POSTERS = ("participant", "author", "specialist", "coordinator", "admin")     # questions and recommendations
COORDS = ("coordinator", "admin")                                             # the program's coordinators, site admins
PANEL = ("author", "specialist", "coordinator", "admin")                      # see an accepted case before it is presented
CASE_WRITERS = ("participant", "author", "coordinator")                       # new cases: members, no admin override
CREATORS = ("other_coordinator", "coordinator", "admin")                      # may create programs (a right admins grant)
ATTENDED = ("participant", "coordinator")                                     # were in the ended session (evaluations)
SPOKES = ("learner", "participant", "author")                                 # asked the self-efficacy survey

LOGIN = "login"
REFUSED = "refused"
SHOWN = "200 with the secret"
WITHHELD = "200 without the secret"


@dataclass(frozen=True)
class W:
    """A name in the world (tests/authz_world.py): replaced by its id or token."""
    name: str


@dataclass(frozen=True)
class Mine:
    """A value of the world that is each role's own (the attendance frame's signed address):
    replaced by the asking role's."""
    name: str


def everyone(code, **by_role) -> dict[str, object]:
    return {role: by_role.get(role, code) for role in ROLES}


def logged(code, anonymous=LOGIN, **by_role) -> dict[str, object]:
    return everyone(code, anonymous=anonymous, **by_role)


def only(code, roles: tuple[str, ...], others=403, anonymous=LOGIN, **by_role) -> dict[str, object]:
    return {role: by_role.get(role, code if role in roles else anonymous if role == "anonymous" else others) for role in ROLES}


@dataclass(frozen=True)
class Http:
    endpoint: str
    method: str
    expect: dict[str, object]
    args: dict[str, object] = field(default_factory=dict)    # URL arguments (url_for), W(...) resolved
    data: dict[str, object] | None = None                    # form body
    json: dict[str, object] | None = None                    # JSON body
    query: dict[str, object] = field(default_factory=dict)   # query string
    note: str = ""                                           # tells rows of one endpoint apart
    writes: bool = False                                     # a GET that writes (the world is put back after it)
    secret: str = ""                                         # a 200 answers SHOWN or WITHHELD: whether the body has it

    @property
    def key(self) -> str:
        return f"{self.endpoint} {self.method}"

    def __str__(self) -> str:
        return self.key + (f" [{self.note}]" if self.note else "")


@dataclass(frozen=True)
class Socket:
    event: str
    expect: dict[str, object]
    payload: dict[str, object] = field(default_factory=dict)
    join_first: bool = False     # the event is for a socket that joined the session
    note: str = ""
    send: str = ""               # the event name sent, when not `event` (the catch-all '*')

    def __str__(self) -> str:
        return self.event + (f" [{self.note}]" if self.note else "")


SESSION = W("live_session")
TEXT = {"text": "Which doses of sertraline were tried, and for how long?"}
REC = {"category": "behavioural", "text": "Refer to a behavioural activation group."}

HTTP: list[Http] = [
    # --- main ------------------------------------------------------------------------------------
    Http("main.index", "GET", everyone(302, anonymous=200)),
    Http("main.healthz", "GET", everyone(200)),
    Http("ops.readyz", "GET", everyone(200)),
    Http("ops.metrics", "GET", everyone(404)),   # no ECHO_METRICS_TOKEN: no metrics (tests/ops/test_ops.py)
    Http("main.favicon", "GET", everyone(301)),   # to the static icon
    Http("main.home", "GET", logged(200)),
    Http("main.notifications", "GET", logged(200)),
    Http("main.open_notification", "POST", only(302, ("participant",)), {"nid": W("notification")}),
    Http("main.read_all", "POST", logged(302)),
    # --- accounts ----------------------------------------------------------------------------------
    Http("auth.login", "GET", everyone(302, anonymous=200)),
    Http("auth.login", "POST", everyone(302, anonymous=400), data={}),
    Http("auth.signup", "GET", everyone(302, anonymous=200)),
    Http("auth.signup", "POST", everyone(302, anonymous=400), data={}),
    Http("auth.logout", "POST", everyone(302)),
    # The language switcher at every page's foot: visitors too (kept in the cookie, and on the account).
    Http("auth.set_language", "POST", everyone(302), data={"lang": "es"}, note="the switcher, before login too"),
    Http("auth.set_language", "POST", everyone(400), data={"lang": "xx"}, note="not a language we have"),
    Http("auth.forgot", "GET", everyone(200)),
    Http("auth.forgot", "POST", everyone(200), data={}),
    Http("auth.reset", "GET", everyone(200), {"token": W("reset_token")}),
    Http("auth.reset", "POST", everyone(200), {"token": W("reset_token")}, data={}),
    # Sign-up's mailed link: the token is the proof; this one was used already (400 for all).
    Http("auth.confirm", "GET", everyone(400), {"token": W("confirm_token")}),
    Http("auth.confirm_again", "GET", everyone(200)),
    Http("auth.confirm_again", "POST", everyone(400), data={}),
    Http("auth.profile", "GET", logged(200)),
    Http("auth.profile", "POST", logged(302), data={}),  # nothing sent: the profile is saved as it was
    # Each role changes its own password (every factory user's is PASSWORD) and ends its own logins.
    Http("auth.change_password", "POST", logged(302),
         data={"current": PASSWORD, "password": "a-new-password-of-mine", "confirm": "a-new-password-of-mine"}),
    Http("auth.end_all_logins", "POST", logged(302)),
    # Another's login is not found (404), as if it did not exist: only its owner ends it.
    Http("auth.end_login", "POST", only(302, ("coordinator",), others=404), {"login_id": W("coordinator_other_login")}),
    # --- site administration --------------------------------------------------------------------------
    Http("admin.dashboard", "GET", only(302, ("admin",))),
    Http("admin.users", "GET", only(200, ("admin",))),
    Http("admin.programs", "GET", only(200, ("admin",))),
    Http("admin.set_active", "POST", only(302, ("admin",)), {"user_id": W("spare_user")}, data={"active": "0"}),
    Http("admin.set_admin", "POST", only(302, ("admin",)), {"user_id": W("spare_user")}, data={"admin": "1"}),
    Http("admin.set_program_creator", "POST", only(302, ("admin",)), {"user_id": W("spare_user")}, data={"allowed": "1"}),
    # --- JSON API ---------------------------------------------------------------------------------------
    Http("api.openapi", "GET", everyone(200)),
    Http("api.library_search", "GET", logged(200, anonymous=401)),
    Http("api.library_case", "GET", logged(200, anonymous=401), {"case_id": W("published_case")}),
    Http("api.library_case", "GET", logged(404, anonymous=401), {"case_id": W("summarised_case")}, note="not published"),
    # Programs, sessions and agendas: who may join the boards (members in any role, admins).
    Http("api.my_programs_list", "GET", logged(200, anonymous=401)),
    Http("api.program_sessions", "GET", only(200, WATCHERS, anonymous=401), {"program_id": W("program")}),
    Http("api.program_sessions", "GET", only(200, ("other_coordinator", "admin"), anonymous=401),
         {"program_id": W("other_program")}, note="invite only, not ours"),
    # The agenda lists every case; its fields only to who may read it (before the session: the panel).
    Http("api.session_detail", "GET", only(SHOWN, PANEL, learner=WITHHELD, participant=WITHHELD, anonymous=401),
         {"session_id": W("next_session")}, secret="Insomnia and alcohol use"),
    # --- programs, sessions, members, calendars ----------------------------------------------------------------
    Http("programs.list_programs", "GET", logged(200)),
    Http("programs.new_program", "GET", only(200, CREATORS)),
    Http("programs.new_program", "POST", only(400, CREATORS), data={}),
    Http("programs.program_page", "GET", logged(200), {"program_id": W("program")}),
    Http("programs.program_page", "GET", only(200, ("other_coordinator", "admin")), {"program_id": W("other_program")},
         note="invite only, not ours"),
    Http("programs.edit_program", "GET", only(200, COORDS), {"program_id": W("program")}),
    Http("programs.edit_program", "POST", only(400, COORDS), {"program_id": W("program")}, data={}),
    Http("programs.reset_program_calendar", "POST", only(302, COORDS), {"program_id": W("program")}),
    Http("programs.reset_my_calendar", "POST", logged(302)),
    Http("programs.program_calendar", "GET", everyone(200), {"token": W("program_token")}),
    Http("programs.my_calendar", "GET", everyone(200), {"token": W("my_token")}),
    Http("programs.new_session", "GET", only(200, COORDS), {"program_id": W("program")}),
    Http("programs.new_session", "POST", only(400, COORDS), {"program_id": W("program")}, data={}),
    Http("programs.session_page", "GET", logged(200), {"session_id": W("next_session")}),
    Http("programs.edit_session", "GET", only(200, COORDS), {"session_id": W("next_session")}),
    Http("programs.edit_session", "POST", only(400, COORDS), {"session_id": W("next_session")}, data={}),
    Http("programs.cancel_session", "POST", only(302, COORDS), {"session_id": W("next_session")}),
    # Permission before state: who may not act hears 403, never what state the object is in.
    Http("programs.cancel_session", "POST", only(409, COORDS), {"session_id": SESSION}, note="live: cannot be cancelled"),
    Http("programs.restore_session", "POST", only(302, COORDS), {"session_id": W("next_session")}),
    Http("programs.members", "GET", only(200, COORDS), {"program_id": W("program")}),
    Http("programs.invite", "POST", only(400, COORDS), {"program_id": W("program")}, data={}),
    Http("programs.invite_many", "POST", only(200, COORDS), {"program_id": W("program")},
         data={"addresses": "new.member@example.org", "role": "participant"}),
    Http("programs.revoke_invite", "POST", only(302, COORDS), {"program_id": W("program"), "invite_id": W("invite")}),
    Http("programs.change_role", "POST", only(302, COORDS), {"program_id": W("program"), "membership_id": W("spare_membership")},
         data={"role": "participant"}),
    Http("programs.remove_member", "POST", only(302, COORDS), {"program_id": W("program"), "membership_id": W("spare_membership")}),
    Http("programs.decide_request", "POST", only(302, COORDS),
         {"program_id": W("program"), "membership_id": W("request"), "decision": "decline"}),
    Http("programs.join", "POST", only(409, MEMBERS, other_coordinator=302, admin=302), {"program_id": W("program")},
         data={"role": "participant"}),
    # The last coordinator cannot leave (409); non-members have nothing to leave.
    Http("programs.leave", "POST", only(302, MEMBERS, coordinator=409), {"program_id": W("program")}),
    Http("programs.accept_invite", "GET", everyone(200), {"token": W("invite_token")}),
    Http("programs.accept_invite", "POST", everyone(302, anonymous=LOGIN), {"token": W("invite_token")}),
    # The in-app notice's link carries no token: only the person the invitation was sent to (the learner).
    Http("programs.accept_own_invite", "GET", only(200, ("learner",)), {"invite_id": W("own_invite")}),
    Http("programs.accept_own_invite", "POST", only(302, ("learner",)), {"invite_id": W("own_invite")}),
    Http("programs.accept_own_invite", "GET", logged(403), {"invite_id": W("invite")}, note="sent to someone else"),
    # --- cases -------------------------------------------------------------------------------------------------
    Http("cases.my_cases", "GET", logged(200)),
    Http("cases.new_case", "GET", only(200, CASE_WRITERS), {"program_id": W("program")}),
    Http("cases.new_case", "POST", only(303, CASE_WRITERS), {"program_id": W("program")}, data={"title": "Low mood"}),
    Http("cases.view_case", "GET", only(200, ("author",)), {"case_id": W("draft_case")}, note="a draft: its author's alone"),
    Http("cases.view_case", "GET", only(200, PANEL), {"case_id": W("accepted_case")}, note="accepted, before its session"),
    Http("cases.view_case", "GET", only(200, PANEL), {"case_id": W("waiting_case")}, note="accepted, live session, not yet presented"),
    Http("cases.view_case", "GET", only(200, WATCHERS), {"case_id": W("live_case")}, note="being presented"),
    Http("cases.view_case", "GET", only(200, WATCHERS), {"case_id": W("published_case")}, note="after its session"),
    Http("cases.edit_case", "GET", only(200, ("author",)), {"case_id": W("draft_case")}),
    Http("cases.edit_case", "GET", only(302, ("author",)), {"case_id": W("accepted_case")}, note="not editable"),
    Http("cases.edit_case", "POST", only(303, ("author",)), {"case_id": W("draft_case")},
         data={"version": "1", "title": "Draft: panic attacks at work"}),
    Http("cases.move_case", "POST", only(400, COORDS), {"case_id": W("accepted_case")}, data={"target": "returned"}),
    # Those who may see the case may hear its state; others 403.
    Http("cases.move_case", "POST", only(409, PANEL), {"case_id": W("accepted_case")}, data={"target": "draft"},
         note="a move the state machine does not have"),
    Http("cases.follow_up", "POST", only(303, ("author",)), {"case_id": W("published_case")}),
    # A draft is its author's alone; a case's history is its author's and its coordinators' (not the panel's).
    Http("cases.revisions", "GET", only(200, ("author",)), {"case_id": W("draft_case")}),
    Http("cases.revision", "GET", only(200, ("author",)), {"case_id": W("draft_case"), "version": 1}),
    Http("cases.revisions", "GET", only(200, ("author",) + COORDS), {"case_id": W("accepted_case")}, note="accepted"),
    Http("cases.privacy_check", "POST", only(200, WATCHERS),
         json={"program_id": W("program"), "fields": {"narrative": "Low mood since spring."}}),
    Http("cases.dismiss", "POST", only(303, ("author",)), {"case_id": W("draft_case")}, data={}),
    Http("cases.undo_dismissal", "POST", only(303, ("author",)), {"case_id": W("draft_case"), "dismissal_id": W("dismissal")}),
    Http("cases.autosave", "POST", only(200, ("author",), anonymous=401), {"case_id": W("draft_case")},
         json={"version": 1, "fields": {"title": "Draft: panic attacks at work"}}),
    Http("cases.autosave_new", "POST", only(400, CASE_WRITERS, anonymous=401), {"program_id": W("program")},
         json={"fields": {"title": "Low mood"}}),
    Http("cases.queue", "GET", only(200, COORDS), {"program_id": W("program")}),
    # "Review" in the navigation: the queue of the one program a coordinator runs. Site admins
    # coordinate no program here (the navigation does not show them the link).
    Http("cases.review", "GET", only(302, ("other_coordinator", "coordinator"))),
    Http("cases.agenda_move", "POST", only(303, COORDS), {"case_id": W("accepted_case"), "direction": "up"}),
    Http("cases.audit_log", "GET", only(200, COORDS), {"program_id": W("program")}),
    # --- library -------------------------------------------------------------------------------------------------
    Http("library.search", "GET", logged(200)),
    Http("library.case_page", "GET", logged(200), {"case_id": W("published_case")}),
    Http("library.case_page", "GET", logged(404), {"case_id": W("summarised_case")}, note="not published"),
    Http("library.save", "POST", logged(302), {"case_id": W("published_case")}),
    Http("library.save", "POST", logged(404), {"case_id": W("summarised_case")}, note="not published"),
    Http("library.unsave", "POST", logged(302), {"case_id": W("published_case")}),
    Http("library.saved", "GET", logged(200)),
    Http("library.publish_list", "GET", only(200, CREATORS)),
    Http("library.publish_case", "GET", only(200, COORDS), {"case_id": W("summarised_case")}),
    Http("library.do_publish", "POST", only(302, COORDS), {"case_id": W("summarised_case")}),
    Http("library.do_publish", "POST", only(409, COORDS), {"case_id": W("accepted_case")}, note="not summarised"),
    Http("library.do_unpublish", "POST", only(302, COORDS), {"case_id": W("published_case")}),
    Http("library.do_unpublish", "POST", only(409, COORDS), {"case_id": W("summarised_case")}, note="not published"),
    # --- evaluations ---------------------------------------------------------------------------------------------
    # Members who attended the session answer (the participant and the coordinator were there).
    Http("evaluations.answer", "GET", only(200, ATTENDED), {"session_id": W("ended_session"), "kind": "end"}, writes=True),
    Http("evaluations.answer", "POST", only(400, ATTENDED), {"session_id": W("ended_session"), "kind": "end"}, data={}),
    Http("evaluations.answer", "GET", only(409, ATTENDED), {"session_id": W("ended_session"), "kind": "followup"},
         note="the follow-up opens 30 days after"),
    Http("evaluations.answer", "GET", logged(403), {"session_id": W("next_session"), "kind": "end"}, note="nobody attended yet"),
    Http("evaluations.program_surveys", "GET", only(200, COORDS), {"program_id": W("program")}),
    Http("evaluations.survey_results", "GET", only(200, COORDS), {"survey_id": W("survey")}),
    Http("evaluations.remind", "POST", only(303, COORDS), {"survey_id": W("survey")}),
    Http("evaluations.questions", "GET", only(200, COORDS), {"program_id": W("program")}, writes=True),
    Http("evaluations.questions", "POST", only(400, COORDS), {"program_id": W("program")}, data={}),
    Http("evaluations.remove_question", "POST", only(303, COORDS),
         {"program_id": W("program"), "question_id": W("evaluation_question")}),
    # --- case close-out: the presenter answers; coordinators see what is overdue ------------------------------------
    Http("closeout.answer", "GET", only(200, ("author",)), {"case_id": W("closeout_case"), "weeks": 2}, writes=True),
    Http("closeout.answer", "POST", only(400, ("author",)), {"case_id": W("closeout_case"), "weeks": 2}, data={}),
    Http("closeout.answer", "GET", only(409, ("author",)), {"case_id": W("summarised_case"), "weeks": 2},
         note="summary sent today: not due yet"),
    Http("closeout.answer", "GET", logged(404), {"case_id": W("closeout_case"), "weeks": 3}, note="no such stage"),
    Http("closeout.overdue", "GET", only(200, COORDS), {"program_id": W("program")}),
    # --- the self-efficacy survey: participants and learners answer; coordinators manage it ---------------------------
    Http("selfefficacy.answer", "GET", only(200, SPOKES), {"program_id": W("program"), "stage": "pre"}),
    Http("selfefficacy.answer", "POST", only(400, SPOKES), {"program_id": W("program"), "stage": "pre"}, data={}),
    Http("selfefficacy.answer", "GET", logged(403), {"program_id": W("program"), "stage": "post"},
         note="the second round is not due"),
    Http("selfefficacy.answer", "GET", logged(400), {"program_id": W("program"), "stage": "later"}, note="no such round"),
    Http("selfefficacy.program", "GET", only(200, COORDS), {"program_id": W("program")}),
    Http("selfefficacy.add_statement", "POST", only(400, COORDS), {"program_id": W("program")}, data={}),
    Http("selfefficacy.add_suggested", "POST", only(400, COORDS), {"program_id": W("program")},
         note="the survey already has statements"),
    Http("selfefficacy.remove_statement", "POST", only(302, COORDS),
         {"program_id": W("program"), "item_id": W("confidence_item")}),
    Http("selfefficacy.set_plan", "POST", only(400, COORDS), {"program_id": W("program")}, data={}),
    # --- attendance corrections, session codes and claims; disclosures ------------------------------------------------
    Http("attendance.edits", "GET", only(200, COORDS), {"session_id": SESSION}),
    Http("attendance.edits", "POST", only(400, COORDS), {"session_id": SESSION}, data={}),
    Http("attendance.code", "GET", only(200, COORDS), {"session_id": SESSION}),
    Http("attendance.make_code", "POST", only(303, COORDS), {"session_id": SESSION}),
    Http("attendance.claim", "GET", logged(200)),
    Http("attendance.claim", "POST", logged(400), data={}),
    Http("attendance.decide", "POST", only(303, COORDS), {"claim_id": W("attendance_claim")}, data={"decision": "approve"}),
    Http("disclosures.mine", "GET", only(200, ("participant", "author", "specialist", "coordinator")), {"program_id": W("program")}),
    Http("disclosures.mine", "POST", only(400, ("participant", "author", "specialist", "coordinator")),
         {"program_id": W("program")}, data={}),
    Http("disclosures.overview", "GET", only(200, COORDS), {"program_id": W("program")}),
    # --- reports: a program's for its coordinators; every program's and the organisation's CSV for site admins ------
    Http("reports.program_report", "GET", only(200, COORDS), {"program_id": W("program")}),
    Http("reports.program_print", "GET", only(200, COORDS), {"program_id": W("program")}),
    Http("reports.program_figure_csv", "GET", only(200, COORDS), {"program_id": W("program"), "key": "professions"}),
    Http("reports.site_report", "GET", only(200, ("admin",))),
    Http("reports.site_print", "GET", only(200, ("admin",))),
    Http("reports.site_figure_csv", "GET", only(200, ("admin",)), {"key": "regions"}),
    Http("reports.organisation", "GET", only(200, ("admin",))),
    # --- credit: coordinators set the rule, award and export; attendees claim; anyone verifies ----------------------
    Http("credit.rule", "GET", only(200, COORDS), {"program_id": W("program")}),
    Http("credit.rule", "POST", only(400, COORDS), {"program_id": W("program")}, data={}),
    Http("credit.session_credit", "GET", only(200, COORDS), {"session_id": W("ended_session")}),
    Http("credit.award_session", "POST", only(303, COORDS), {"session_id": W("ended_session")}),
    # The participant has this session's credit already; the coordinator attended and has not claimed.
    Http("credit.claim", "POST", only(303, ("coordinator",), participant=409), {"session_id": W("ended_session")}),
    Http("credit.transcript", "GET", logged(200)),
    Http("credit.certificate", "GET", only(200, ("participant",) + COORDS), {"code": W("credit_code")}),
    # Revoking: an empty reason is refused once past the permission check; the credit stands, so
    # reinstating it is a 409 for those who may.
    Http("credit.revoke", "GET", only(200, COORDS), {"code": W("credit_code")}),
    Http("credit.revoke", "POST", only(400, COORDS), {"code": W("credit_code")}, data={}),
    Http("credit.reinstate", "POST", only(409, COORDS), {"code": W("credit_code")}),
    Http("credit.export_page", "GET", only(200, COORDS), {"program_id": W("program")}),
    Http("credit.export_csv", "GET", only(200, COORDS), {"program_id": W("program")},
         query={"start": "2020-01-01", "end": "2040-12-31"}),
    Http("credit.export_pars", "GET", only(200, COORDS), {"program_id": W("program")},
         query={"start": "2020-01-01", "end": "2040-12-31"}),
    Http("credit.verify", "GET", everyone(200)),
    Http("credit.verify_code", "GET", everyone(200), {"code": W("credit_code")}),
    Http("credit.verify_code", "GET", everyone(404), {"code": "0000-0000-0000"}, note="no such certificate"),
    # --- the live board, summaries, attendance -----------------------------------------------------------------------
    # The case being presented: every member reads it on the board, learners too.
    Http("live.board", "GET", only(SHOWN, WATCHERS), {"session_id": SESSION}, secret="Persistent low mood despite SSRI"),
    # A case not yet presented: the board opens on it, but only the panel gets its text; the
    # other members see "Case #n" (their no-JavaScript "Reload the board" link is this address).
    Http("live.board", "GET", only(SHOWN, PANEL, learner=WITHHELD, participant=WITHHELD), {"session_id": SESSION},
         query={"case": W("waiting_case")}, secret="Chronic pain and opioid taper", note="a case not yet presented"),
    # The attendance frame: a GET that writes, so only through the board's frame (its signed
    # address, each viewer's own); without it, or with another's, nobody counts as present.
    Http("live.nojs_here", "GET", only(200, WATCHERS), {"session_id": SESSION}, query={"beat": Mine("beat")}, writes=True),
    Http("live.nojs_here", "GET", logged(403), {"session_id": SESSION}, note="no signed address"),
    Http("live.nojs_here", "GET", logged(403, coordinator=200), {"session_id": SESSION},
         query={"beat": W("coordinator_beat")}, writes=True, note="the coordinator's signed address"),
    Http("live.nojs_question", "POST", only(303, POSTERS), {"session_id": SESSION},
         data={"case_id": W("live_case"), "client_id": "m-q", **TEXT}),
    Http("live.nojs_recommendation", "POST", only(303, POSTERS), {"session_id": SESSION},
         data={"case_id": W("live_case"), "client_id": "m-r", **REC}),
    Http("live.nojs_answer", "POST", only(303, ("author",) + COORDS), {"session_id": SESSION, "question_id": W("question")},
         data={"text": "Sertraline 50 then 100 mg, eight weeks.", "client_id": "m-a"}),
    Http("live.nojs_endorse", "POST", only(303, ("specialist",) + COORDS),
         {"session_id": SESSION, "recommendation_id": W("recommendation")}, data={"endorse": "1", "client_id": "m-e"}),
    Http("live.nojs_withdraw", "POST", only(303, ("participant",)),
         {"session_id": SESSION, "kind": "questions", "post_id": W("question")}, data={"client_id": "m-w"}),
    Http("live.nojs_consensus", "POST", only(303, COORDS), {"session_id": SESSION, "recommendation_id": W("recommendation")},
         data={"consensus": "1", "client_id": "m-c"}),
    Http("live.nojs_start", "POST", only(303, COORDS), {"session_id": W("next_session")}, data={"client_id": "m-s"}),
    Http("live.nojs_start", "POST", only(409, COORDS), {"session_id": SESSION}, data={"client_id": "m-s"}, note="already live"),
    Http("live.nojs_start", "POST", only(409, COORDS), {"session_id": W("far_session")}, data={"client_id": "m-s"},
         note="a week ahead, not moved to now"),
    Http("live.nojs_phase", "POST", only(303, COORDS), {"session_id": SESSION},
         data={"case_id": W("live_case"), "phase": "questions", "client_id": "m-p"}),
    Http("live.nojs_end", "POST", only(303, COORDS), {"session_id": SESSION}, data={"confirm": "yes", "client_id": "m-x"}),
    Http("summaries.compose", "GET", only(200, COORDS), {"case_id": W("summarised_case")}),
    Http("summaries.compose", "POST", only(400, COORDS), {"case_id": W("summarised_case")}, data={}),
    Http("summaries.print_view", "GET", only(200, PANEL), {"case_id": W("summarised_case")}),
    Http("live.attendance", "GET", only(200, COORDS), {"session_id": SESSION}),
    Http("live.attendance_csv", "GET", only(200, COORDS), {"session_id": SESSION}),
]

SOCKET: list[Socket] = [
    Socket("connect", logged("ok", anonymous=REFUSED)),
    Socket("disconnect", logged("ok", anonymous=REFUSED)),
    Socket("join", only("ok", WATCHERS, others="forbidden", anonymous=REFUSED), {"session_id": SESSION, "last_seq": 0}),
    Socket("resume", only("ok", WATCHERS, others="forbidden", anonymous=REFUSED), {"session_id": SESSION, "last_seq": 0},
           join_first=True),
    Socket("leave", only("ok", WATCHERS, others="forbidden", anonymous=REFUSED), {"session_id": SESSION}, join_first=True),
    Socket("post_question", only("ok", POSTERS, others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "case_id": W("live_case"), "client_id": "s-q", **TEXT}),
    Socket("post_recommendation", only("ok", POSTERS, others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "case_id": W("live_case"), "client_id": "s-r", **REC}),
    # The board's events reach every watcher: a case not yet presented takes no posts, from anyone.
    Socket("post_question", only("conflict", POSTERS, others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "case_id": W("waiting_case"), "client_id": "s-q2", **TEXT}, note="not yet presented"),
    Socket("answer_question", only("ok", ("author",) + COORDS, others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "question_id": W("question"), "text": "Sertraline 50 then 100 mg.", "client_id": "s-a"}),
    Socket("edit_post", only("ok", ("participant",), others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "kind": "question", "id": W("question"), "client_id": "s-ed", **TEXT}),
    Socket("withdraw_post", only("ok", ("participant",), others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "kind": "question", "id": W("question"), "client_id": "s-w"}),
    Socket("endorse", only("ok", ("specialist",) + COORDS, others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "recommendation_id": W("recommendation"), "endorse": True, "client_id": "s-e"}),
    Socket("mark_consensus", only("ok", COORDS, others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "recommendation_id": W("recommendation"), "consensus": True, "client_id": "s-c"}),
    Socket("start_session", only("ok", COORDS, others="forbidden", anonymous=REFUSED),
           {"session_id": W("next_session"), "client_id": "s-s"}),
    Socket("start_session", only("conflict", COORDS, others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "client_id": "s-s"}, note="already live"),
    Socket("start_session", only("not_now", COORDS, others="forbidden", anonymous=REFUSED),
           {"session_id": W("far_session"), "client_id": "s-s"}, note="a week ahead, not moved to now"),
    Socket("set_phase", only("ok", COORDS, others="forbidden", anonymous=REFUSED),
           {"session_id": SESSION, "case_id": W("live_case"), "phase": "questions", "client_id": "s-p"}),
    Socket("end_session", only("ok", COORDS, others="forbidden", anonymous=REFUSED), {"session_id": SESSION, "client_id": "s-x"}),
    # python-socketio's catch-all: an event name the board does not have is answered before the
    # login is read (docs/realtime.md, "Which check answers first"); without a login there is no socket.
    Socket("*", logged("unknown_event", anonymous=REFUSED), {"session_id": SESSION}, send="no_such_event",
           note="any other event name"),
]

# A member removed from the program writes nothing more in it, not even to what they wrote
# while a member: their draft, their questions on the board. (Role "removed": a former
# participant; every other role's answer to these rows is in HTTP and SOCKET above.)
GONE = {"removed": 403}
GONE_SOCKET = {"removed": "forbidden"}
REMOVED: list[Http | Socket] = [
    Http("cases.edit_case", "POST", GONE, {"case_id": W("former_draft")}, data={"version": "1", "title": "Tremor"}),
    Http("cases.autosave", "POST", GONE, {"case_id": W("former_draft")}, json={"version": 1, "fields": {"title": "Tremor"}}),
    Http("cases.dismiss", "POST", GONE, {"case_id": W("former_draft")}, data={}),
    Http("cases.move_case", "POST", GONE, {"case_id": W("former_draft")}, data={"target": "submitted"}),
    Http("cases.new_case", "POST", GONE, {"program_id": W("program")}, data={"title": "Low mood"}),
    Http("live.nojs_withdraw", "POST", GONE, {"session_id": SESSION, "kind": "questions", "post_id": W("former_question")},
         data={"client_id": "m-w"}),
    Http("live.nojs_question", "POST", GONE, {"session_id": SESSION}, data={"case_id": W("live_case"), "client_id": "m-q", **TEXT}),
    Socket("withdraw_post", GONE_SOCKET, {"session_id": SESSION, "kind": "question", "id": W("former_question"), "client_id": "s-w"}),
    Socket("edit_post", GONE_SOCKET, {"session_id": SESSION, "kind": "question", "id": W("former_question"), "client_id": "s-e", **TEXT}),
    Socket("post_question", GONE_SOCKET, {"session_id": SESSION, "case_id": W("live_case"), "client_id": "s-q", **TEXT}),
]
