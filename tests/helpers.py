"""What tests share besides data builders (those are in tests.factories): logging a client in
(test client, requests, browser page), socket acknowledgements, the board's forms without
JavaScript, a python-socketio peer of a real server process, the accessibility audit of a page.
Test modules import from here, never from one another."""
from __future__ import annotations

import os
import re
import socket
import threading
import time
from datetime import timedelta
from html.parser import HTMLParser

import requests
import socketio
from sqlalchemy import func, select

from echo.accounts import confirmation, logins
from echo.accounts.models import User
from echo.core.extensions import db
from echo.live.nojs import beat_token
from echo.programs import calendar_links
from echo.programs.models import Membership, Role
from tests.factories import PASSWORD

PG_URL = os.environ.get("ECHO_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("ECHO_TEST_REDIS_URL")


def login(client, user) -> None:
    """Log a user in on a test client the way Flask-Login remembers them: a new login of
    theirs (echo.accounts.logins), whose secret the session carries."""
    token = logins.do_start_login(user, remember=False)
    db.session.commit()
    with client.session_transaction() as sess:
        sess["_user_id"] = token
        sess["_fresh"] = True


def browser_login(page, base: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form in a browser page, as a person would, and land on the home page."""
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/home")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_login(base_url: str, email: str, password: str):
    """A requests.Session logged in through the real login form (CSRF token included)."""
    s = requests.Session()
    page = s.get(base_url + "/auth/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    r = s.post(base_url + "/auth/login", data={"csrf_token": token, "email": email, "password": password}, allow_redirects=False)
    assert r.status_code == 302, r.text[:500]
    return s


def ack(sc, event, **payload):
    return sc.emit(event, payload, callback=True)


def events_of(sc, name="event"):
    return [m["args"][0] for m in sc.get_received() if m["name"] == name]


CASE_FORM = {
    "title": "Low mood despite SSRI", "age": "45", "sex": "female", "setting": "Rural health clinic",
    "chief_concern": "Low mood and poor sleep for three months.", "history": "Two prior episodes.",
    "medications": "Sertraline 100 mg daily", "tests": "TSH normal", "treatment": "Eight weeks of sertraline.",
    "social_factors": "Lives with partner; works nights.", "phq9": "18", "gad7": "9", "auditc": "2",
    "tags": "Depression, insomnia , depression", "narrative": "She reports **low mood**.",
    "questions": "Switch or augment?",
}


def post_new_case(client, program, **changes):
    data = {**CASE_FORM, **changes}
    return client.post(f"/cases/program/{program.id}/new", data=data)


RECOMMENDATION = "Consider switching to venlafaxine 75 mg daily and recheck the PHQ-9 in four weeks."


def join(socket_client, user, session, last_seq=0):
    sc = socket_client(user)
    r = ack(sc, "join", session_id=session.id, last_seq=last_seq)
    return sc, r


def set_role(program, user, role):
    m = db.session.scalar(select(Membership).where(Membership.program_id == program.id, Membership.user_id == user.id))
    if role is None:
        db.session.delete(m)
    else:
        m.role = Role(role)
    db.session.commit()


def board_url(s) -> str:
    return f"/sessions/{s.id}/live"


def post_rec(client, s, case, text=RECOMMENDATION, category="medication", client_id="nojs-1", **extra):
    return client.post(f"{board_url(s)}/recommendations",
                       data=dict(case_id=str(case.id), category=category, text=text, client_id=client_id, **extra))


def post_question(client, s, case, text="Any history of mania?", client_id="nojs-q1", **extra):
    return client.post(f"{board_url(s)}/questions", data=dict(case_id=str(case.id), text=text, client_id=client_id, **extra))


_STRINGS_BLOCK = re.compile(r'<script type="application/json" id="strings-[\w-]+">.*?</script>', re.DOTALL)


def shown_text(html: str) -> str:
    """The page without its scripts' strings (<script type="application/json" id="strings-...">):
    what the page shows before any script runs, for asserting that a message is not shown."""
    return _STRINGS_BLOCK.sub("", html)


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def client_user_id(client) -> int | None:
    """The user a test client is logged in as (through its login's secret)."""
    with client.session_transaction() as sess:
        user = logins.load(sess.get("_user_id", ""), timedelta(days=1))
    return user.id if user is not None else None


def here(client, s, beat: str | None = None, **headers):
    """One beat of the attendance frame, at the address the viewer's board frames
    (`beat`: another signed token instead of the viewer's own)."""
    uid = client_user_id(client)
    if beat is None and uid is not None:
        beat = beat_token(uid, s.id)
    return client.get(f"{board_url(s)}/here" + (f"?beat={beat}" if beat is not None else ""), headers=headers)


class Peer:
    """A python-socketio client logged in through the real login form."""

    def __init__(self, server, user, transports=("websocket",)):
        self.http = http_login(server.url, user.email, PASSWORD)
        self.url = server.url
        self.transports = list(transports)
        self.events: list[dict] = []
        self.cond = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("event", self._on_event)

    def _on_event(self, e):
        with self.cond:
            self.events.append(e)
            self.cond.notify_all()

    def connect(self):
        cookie = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        self.sio.connect(self.url, headers={"Cookie": cookie}, transports=self.transports, wait_timeout=10)
        return self

    def call(self, event, **payload):
        return self.sio.call(event, payload, timeout=10)

    def wait_for(self, pred, timeout=10.0):
        deadline = time.monotonic() + timeout
        with self.cond:
            while not any(pred(e) for e in self.events):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"event not received; got {[e['kind'] for e in self.events]}")
                self.cond.wait(left)
        return next(e for e in self.events if pred(e))

    def close(self):
        if self.sio.connected:
            self.sio.disconnect()


def start_live_session(server, scene):
    coord = Peer(server, scene["coordinator"]).connect()
    assert coord.call("join", session_id=scene["session"].id, last_seq=0)["ok"]
    assert coord.call("start_session", session_id=scene["session"].id, client_id="go")["ok"]
    return coord


class Audit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.h1 = 0
        self.lang = None
        self.images_without_alt = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag == "img" and "alt" not in a:
            self.images_without_alt += 1
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and a.get("type") in ("hidden", "submit", "button", "reset", "image"):
                return
            self.controls.append({"tag": tag, "id": a.get("id"), "name": a.get("name"), "wrapped": self.label_depth > 0,
                                  "aria": a.get("aria-label") or a.get("aria-labelledby") or a.get("title")})

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)

    def unlabelled(self) -> list[dict]:
        return [c for c in self.controls if not (c["wrapped"] or c["aria"] or (c["id"] and c["id"] in self.label_for))]


def check_accessible(html: str, path: str) -> int:
    """Asserts the rules on one page; returns how many labelled controls it has."""
    a = Audit()
    a.feed(html)
    assert a.lang == "en", path
    assert a.h1 == 1, f"{path}: {a.h1} h1 elements"
    assert a.images_without_alt == 0, path
    assert not a.unlabelled(), f"{path}: controls without a label: {a.unlabelled()}"
    return len(a.controls)


def program_form(**over) -> dict:
    """A valid program form (weekly, Tuesday noon, Denver), with overrides."""
    data = {
        "name": "Behavioral Health ECHO", "topic": "Behavioral Health in Primary Care", "description": "Weekly clinic.",
        "hub_team": "Dr. A, psychiatry", "timezone": "America/Denver", "video_url": "https://zoom.us/j/123456789",
        "visibility": "public", "frequency": "weekly", "weekday": "TU", "nth": "", "custom_rrule": "",
        "first_date": "2027-01-05", "start_time": "12:00", "duration_minutes": "60", "until_date": "2027-12-28",
    }
    data.update(over)
    return data


# --- axe-core in a browser page -----------------------------------------------------------

AXE_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "node_modules", "axe-core", "axe.min.js")


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the page as it stands: [{id, impact, help, targets}].

    The script from the npm registry (make install-test) is evaluated through Playwright, not
    added as a <script> element, which the pages' Content-Security-Policy would refuse."""
    if not os.path.exists(AXE_SCRIPT):
        raise AssertionError(f"{AXE_SCRIPT} is missing: `make install-test` installs axe-core from npm")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        with open(AXE_SCRIPT, encoding="utf-8") as fh:
            page.evaluate(fh.read())
    # Without rules, axe's default set: WCAG 2.0/2.1 A and AA and its best practices.
    options = {"resultTypes": ["violations"], **({"runOnly": {"type": "rule", "values": rules}} if rules else {})}
    result = page.evaluate("(options) => axe.run(document, options)", options)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def feed_token(feed) -> str:
    """The secret of a program's or a person's calendar feed link, as their page shows it
    (made on first need and committed; only its hash is stored)."""
    token = calendar_links.do_feed_token(feed)
    db.session.commit()
    return token


def open_confirm_link(page, base_url: str, email: str) -> None:
    """A browser opens the link mailed at sign-up (made here as the server made it: the same
    secret key and account), then lands on the login page."""
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.email == email))
    page.goto(f"{base_url}/auth/confirm/{confirmation.confirm_token(user)}")
    page.wait_for_url("**/auth/login**")
