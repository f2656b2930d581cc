"""Page weight and load time on a slow clinic link (`make bench-pages`).

Loads every main page in Debian's chromium (Playwright) with the network emulated through
CDP (Network.emulateNetworkConditions): 400 kbit/s down, 400 kbit/s up, 400 ms round trip.
Each page is loaded twice in its own browser context, already logged in:

  cold   the browser's cache emptied first (a first visit, or after a deploy)
  warm   the same page again, as when a clinician comes back to it

and for each load the table shows what went over the network: bytes (encoded, i.e. as
transferred, headers included; Socket.IO's WebSocket frames included), requests that reached
the server (answers from the browser's cache do not count, revalidations that came back 304
do), and the time to interactive: from the navigation until the load event (every script has
run), on the live board until it shows "Connected".

Reference: /healthz (a few bytes of text, no page around it) loaded cold on the same link,
the floor that any page pays for its round trips.

Goals: every page at most 30 KiB cold, the live board at most 40 KiB, interactive
within 3 s cold.

The server is `python -m echo.server.serve` (gevent) on a fresh SQLite database under /tmp with the
demo data; one session of the first demo program is set live for the board. Loopback only.
Options: --runs N (cold and warm loads per page, the median is shown; default 1),
--only PATH_SUBSTRING, --keep (keep the database).
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SECRET = "bench-secret-key-not-for-production"
CHROMIUM = os.environ.get("ECHO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
DOWN_KBIT, UP_KBIT, RTT_MS = 400, 400, 400
PAGE_GOAL, BOARD_GOAL, TTI_GOAL = 30 * 1024, 40 * 1024, 3.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(db_url: str) -> dict[str, str]:
    """The demo data, one session set live; returns the pages to load as {label: path}."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from echo import create_app
    from echo.demo import load_demo
    from echo.core.extensions import db
    from echo.cases.models import Case, CaseState
    from echo.programs.models import Program
    from echo.programs.clinic_session import ClinicSession, SessionStatus
    from echo.accounts.models import User
    from echo.core.types import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "TESTING": True})
    with app.app_context():
        upgrade()
        load_demo()
        program = db.session.scalars(select(Program).order_by(Program.id)).first()
        session = db.session.scalars(select(ClinicSession).where(ClinicSession.program_id == program.id,
                                                           ClinicSession.status == SessionStatus.scheduled)
                                     .order_by(ClinicSession.starts_at)).first()
        session.status, session.started_at = SessionStatus.live, utcnow()
        case = db.session.scalars(select(Case).where(Case.session_id == session.id)).first()
        if case is not None:
            session.current_case_id, session.current_phase, session.phase_started_at = case.id, "presentation", utcnow()
        db.session.commit()
        any_case = db.session.scalars(select(Case).order_by(Case.id)).first()
        published = db.session.scalars(select(Case).where(Case.state == CaseState.published).order_by(Case.id)).first()
        participant = db.session.scalar(select(User).where(User.email == "participant@demo.echo"))
        assert participant is not None
        return {
            "index (logged out)": "/",
            "log in (logged out)": "/auth/login",
            "home": "/home",
            "programs": "/programs",
            "program": f"/programs/{program.id}",
            "members": f"/programs/{program.id}/members",
            "session": f"/sessions/{session.id}",
            "live board": f"/sessions/{session.id}/live",
            "my cases": "/cases/",
            "new case form": f"/cases/program/{program.id}/new",
            "case": f"/cases/{any_case.id}",
            "library": "/library/",
            "library case": f"/library/cases/{published.id}" if published else "/library/",
            "notifications": "/notifications",
            "admin users": "/admin/users",
        }


LOGIN_AS = {"admin users": "admin@demo.echo", "new case form": "participant@demo.echo", "my cases": "participant@demo.echo"}


def start_server(db_url: str, port: int) -> tuple[subprocess.Popen, Path]:
    env = dict(os.environ, ECHO_DATABASE_URL=db_url, ECHO_PORT=str(port), ECHO_HOST="127.0.0.1", ECHO_PRINT_LOGINS="0",
               SECRET_KEY=SECRET, PYTHONUNBUFFERED="1")
    log = Path(tempfile.gettempdir()) / f"echo-bench-pages-{port}.log"
    proc = subprocess.Popen([sys.executable, "-m", "echo.server.serve"], cwd=ROOT, env=env, stdout=open(log, "w"),
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc, log
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


class Meter:
    """What one page load sends over the (emulated) network, from the CDP Network events."""

    def __init__(self, cdp) -> None:
        self.sent: set[str] = set()
        self.cached: set[str] = set()
        self.bytes = 0
        for name, fn in (("Network.requestWillBeSent", self._sent), ("Network.requestServedFromCache", self._cache),
                         ("Network.responseReceived", self._response), ("Network.loadingFinished", self._done),
                         ("Network.webSocketFrameReceived", self._frame), ("Network.webSocketFrameSent", self._frame)):
            cdp.on(name, fn)
        self.on = False

    def reset(self) -> None:
        self.sent, self.cached, self.bytes, self.on = set(), set(), 0, True

    def _sent(self, e) -> None:
        if self.on and not e["request"]["url"].startswith("data:"):
            self.sent.add(e["requestId"])

    def _cache(self, e) -> None:
        self.cached.add(e["requestId"])

    def _response(self, e) -> None:
        r = e["response"]
        if r.get("fromDiskCache") or r.get("fromPrefetchCache") or r.get("fromServiceWorker"):
            self.cached.add(e["requestId"])

    def _done(self, e) -> None:
        if self.on and e["requestId"] in self.sent and e["requestId"] not in self.cached:
            self.bytes += int(e.get("encodedDataLength", 0))

    def _frame(self, e) -> None:
        if self.on:
            self.bytes += len(e["response"].get("payloadData", ""))

    @property
    def requests(self) -> int:
        return len(self.sent - self.cached)


def load(page, meter: Meter, url: str, board: bool) -> tuple[int, int, float]:
    meter.reset()
    t = time.perf_counter()
    page.goto(url, wait_until="load", timeout=120_000)
    if board:
        page.wait_for_function("() => (document.getElementById('conn-status') || {}).textContent?.startsWith('Connected')",
                               timeout=120_000)
    tti = time.perf_counter() - t
    page.wait_for_timeout(300)  # requests that finish just after (a socket's upgrade) are counted
    meter.on = False
    return meter.bytes, meter.requests, tti


def measure(browser, base: str, label: str, path: str, runs: int) -> dict:
    from echo.demo import DEMO_PASSWORD

    cold, warm = [], []
    for _ in range(runs):
        ctx = browser.new_context()
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        meter = Meter(cdp)
        if "logged out" not in label:
            page.goto(base + "/auth/login")
            page.fill("#email", LOGIN_AS.get(label, "coordinator@demo.echo"))
            page.fill("#password", DEMO_PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url("**/home")
        page.goto("about:blank")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": RTT_MS,
                                                      "downloadThroughput": DOWN_KBIT * 1000 / 8,
                                                      "uploadThroughput": UP_KBIT * 1000 / 8})
        board = label == "live board"
        cold.append(load(page, meter, base + path, board))
        page.goto("about:blank")
        warm.append(load(page, meter, base + path, board))
        ctx.close()

    def med(rows, k):
        return statistics.median(r[k] for r in rows)

    return {"label": label, "path": path, "cold_b": med(cold, 0), "cold_n": med(cold, 1), "cold_t": med(cold, 2),
            "warm_b": med(warm, 0), "warm_n": med(warm, 1), "warm_t": med(warm, 2)}


def table(rows: list[dict], ref: dict) -> None:
    print(f"\nNetwork: {DOWN_KBIT} kbit/s down, {UP_KBIT} kbit/s up, {RTT_MS} ms round trip (Chromium's emulation)")
    head = f"{'page':<22}{'cold KiB':>9}{'req':>5}{'TTI s':>7}   {'warm KiB':>9}{'req':>5}{'TTI s':>7}   goal"
    print(head)
    print("-" * len(head))
    for r in rows:
        limit = BOARD_GOAL if r["label"] == "live board" else PAGE_GOAL
        ok = r["cold_b"] <= limit and r["cold_t"] <= TTI_GOAL
        print(f"{r['label']:<22}{r['cold_b'] / 1024:>9.1f}{r['cold_n']:>5.0f}{r['cold_t']:>7.2f}   "
              f"{r['warm_b'] / 1024:>9.1f}{r['warm_n']:>5.0f}{r['warm_t']:>7.2f}   {'ok' if ok else 'MISSED'} "
              f"(<= {limit // 1024} KiB, {TTI_GOAL:.0f} s)")
    print("-" * len(head))
    print(f"{'reference /healthz':<22}{ref['cold_b'] / 1024:>9.1f}{ref['cold_n']:>5.0f}{ref['cold_t']:>7.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--only", default=None)
    ap.add_argument("--keep", action="store_true")
    ns = ap.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium not found at {CHROMIUM}: `make browser` installs Debian's chromium")
    tmp = Path(tempfile.mkdtemp(prefix="echo-bench-pages-"))
    db_url = f"sqlite:///{tmp / 'echo.db'}"
    os.environ["SECRET_KEY"] = SECRET
    pages = seed(db_url)
    port = free_port()
    proc, log = start_server(db_url, port)
    base = f"http://127.0.0.1:{port}"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            rows = []
            for label, path in pages.items():
                if ns.only and ns.only not in path and ns.only not in label:
                    continue
                rows.append(measure(browser, base, label, path, ns.runs))
                print(f"  {label}: done", flush=True)
            ref = measure(browser, base, "reference (logged out)", "/healthz", ns.runs)
            browser.close()
        table(rows, ref)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if not ns.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"database kept: {tmp}; server log: {log}")


if __name__ == "__main__":
    main()
