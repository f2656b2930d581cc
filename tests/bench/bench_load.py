"""Load through the production topology (`make bench-load`).

nginx in front of 2 gunicorn processes (deploy/topology.py) on a fresh PostgreSQL database and
Redis. 300 participants (python-socketio AsyncClients over WebSocket, in 2 processes) sit in 3
live sessions, 100 each; one specialist per session posts 1 KB recommendations, 10 posts/s in
total, open loop; meanwhile 20 other users browse pages and search the library (one request,
then 0.5-2.5 s of reading, over and over).

Prints: requests per second (pages and posts), post-to-last-receiver p50/p99 (the send time to
the last of its session's receivers, CLOCK_MONOTONIC on one host), page p50/p99, errors, and
whether each client ended with every event of its session (its received seqs, join replay
included, against the session's events in the database).

    tests/bench/bench_load.py                  # 5 minutes
    tests/bench/bench_load.py --seconds 60     # shorter on a busy machine
Options: --sessions 3 --per-session 100 --browsers 20 --rate 10. Needs PostgreSQL on
127.0.0.1:5432 and Redis on 127.0.0.1:6379 (ECHO_BENCH_POSTGRES / ECHO_BENCH_REDIS override).
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_live import SECRET, TEXT, run_loop

REDIS = os.environ.get("ECHO_BENCH_REDIS", "redis://127.0.0.1:6379/10")
POSTGRES = os.environ.get("ECHO_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/bench_load")
SEARCH_TERMS = ["depression", "insomnia", "opioid", "diabetes", "anxiety", "pain", "sertraline", "child"]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(p * len(v)) - 1))]


# --- the database ---------------------------------------------------------------------------------

def fresh_database(url: str = POSTGRES) -> str:
    """An empty database at url: created if missing, its public schema emptied otherwise."""
    import sqlalchemy as sa

    engine_url = sa.engine.make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = sa.create_engine(engine_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        if not c.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": engine_url.database}).first():
            c.execute(sa.text(f'CREATE DATABASE "{engine_url.database}"'))
    admin.dispose()
    engine = sa.create_engine(engine_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(sa.text("DROP SCHEMA public CASCADE"))
        c.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def seed(db_url: str, sessions: int, per_session: int, browsers: int) -> dict:
    """Migrate and load the demo (library cases to search), then a program with `sessions` live
    sessions of `per_session` participants and one specialist each, and `browsers` readers.

    Cookies are signed Flask sessions holding a login's secret, as the login form would set
    them (hundreds of logins through scrypt would take minutes)."""
    os.environ["SECRET_KEY"] = SECRET
    import secrets

    from flask_migrate import upgrade
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from echo import create_app
    from echo.accounts.logins import hash_token
    from echo.accounts.models import User, UserLogin
    from echo.cases.models import Case, CaseState
    from echo.core.extensions import db
    from echo.core.types import utcnow
    from echo.demo import load_demo
    from echo.programs.clinic_session import ClinicSession, SessionStatus
    from echo.programs.models import Membership, Program, Role, Visibility

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url.replace("postgresql://", "postgresql+psycopg://", 1), "SECRET_KEY": SECRET})
    with app.app_context():
        upgrade()
        load_demo()
        pw = generate_password_hash("bench-password", method="pbkdf2:sha256:1000")
        now = utcnow()
        demo_program = db.session.scalars(select(Program).order_by(Program.id)).first()
        published = db.session.scalars(select(Case.id).where(Case.state == CaseState.published)).all()
        program = Program(name="Load program", topic="Load", timezone="UTC", visibility=Visibility.invite_only)
        db.session.add(program)
        db.session.flush()
        n_people = sessions * per_session
        tag = uuid.uuid4().hex[:6]
        rows = [{"email": f"p{i}-{tag}@load.local", "name": f"Participant {i}"} for i in range(n_people)]
        rows += [{"email": f"s{i}-{tag}@load.local", "name": f"Specialist {i}"} for i in range(sessions)]
        rows += [{"email": f"b{i}-{tag}@load.local", "name": f"Reader {i}"} for i in range(browsers)]
        db.session.execute(insert(User), [dict(r, password_hash=pw, confirmed_at=now, created_at=now, timezone="UTC",
                                               profession="", organisation="", region="", is_admin=False, is_active_account=True)
                                          for r in rows])
        ids = {u.email.split("-")[0]: u.id for u in db.session.scalars(select(User).where(User.email.like(f"%-{tag}@load.local")))}
        part_ids = [ids[f"p{i}"] for i in range(n_people)]
        spec_ids = [ids[f"s{i}"] for i in range(sessions)]
        reader_ids = [ids[f"b{i}"] for i in range(browsers)]
        db.session.execute(insert(Membership), [{"program_id": program.id, "user_id": u, "role": Role.participant} for u in part_ids]
                           + [{"program_id": program.id, "user_id": u, "role": Role.specialist} for u in spec_ids]
                           + [{"program_id": demo_program.id, "user_id": u, "role": Role.participant} for u in reader_ids])
        session_ids = []
        for i in range(sessions):
            s = ClinicSession(program_id=program.id, starts_at=now, status=SessionStatus.live, started_at=now, is_one_off=True)
            db.session.add(s)
            db.session.flush()
            case = Case(program_id=program.id, author_id=part_ids[i * per_session], state=CaseState.accepted, session_id=s.id,
                        agenda_position=1, title=f"Load case {i}")
            db.session.add(case)
            db.session.flush()
            s.current_case_id, s.current_phase, s.phase_started_at = case.id, "recommendations", now
            session_ids.append(s.id)
        secret = {u: secrets.token_urlsafe(32) for u in part_ids + spec_ids + reader_ids}
        db.session.execute(insert(UserLogin), [{"user_id": u, "token_hash": hash_token(t), "remember": False, "device": "bench",
                                                "created_at": now, "last_seen_at": now} for u, t in secret.items()])
        db.session.commit()
        ser = app.session_interface.get_signing_serializer(app)

        def cookie(uid: int) -> str:
            return ser.dumps({"_user_id": secret[uid], "_fresh": True})

        out = {
            "sessions": session_ids,
            "participants": [(session_ids[i // per_session], cookie(u)) for i, u in enumerate(part_ids)],
            "specialists": [(session_ids[i], cookie(u)) for i, u in enumerate(spec_ids)],
            "readers": [cookie(u) for u in reader_ids],
            "pages": ["/home", "/programs", f"/programs/{demo_program.id}", "/library/", "/notifications"]
                     + [f"/library/cases/{c}" for c in published[:5]],
        }
        db.session.remove()
        db.engine.dispose()
    return out


def stored_seqs(db_url: str, session_ids: list[int]) -> dict[int, list[int]]:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT session_id, seq FROM live_events WHERE session_id = ANY(:ids) ORDER BY seq"),
                         {"ids": session_ids}).all()
    engine.dispose()
    out: dict[int, list[int]] = {s: [] for s in session_ids}
    for sid, seq in rows:
        out[sid].append(seq)
    return out


def client_ids_stored(db_url: str, session_ids: list[int]) -> dict[str, int]:
    """How many events each client_id produced (a retried post must be stored once)."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT client_id, count(*) FROM live_events WHERE session_id = ANY(:ids) AND client_id IS NOT NULL "
                                 "GROUP BY client_id"), {"ids": session_ids}).all()
    engine.dispose()
    return {k: n for k, n in rows}


# --- the participants -------------------------------------------------------------------------------

def keep_login(client, cookie: str, wait_timeout: float = 20) -> None:
    """Every connect of an AsyncClient, reconnects included, with the login cookie and a patient
    wait. python-engineio's client moves the Cookie header out of the dict it was given (into a
    session that a reconnect does not reuse), so a reconnect would arrive without a login and be
    refused; and its default 1 s wait for the server's answer is missed again and again by a
    busy server."""
    first_connect = client.connect

    async def connect(url: str, **kw) -> None:
        kw["headers"] = {"Cookie": "session=" + cookie}
        kw.setdefault("wait_timeout", wait_timeout)
        await first_connect(url, **kw)

    client.connect = connect


def applied_up_to(got: set[int]) -> int:
    """The last seq with none missing before it (live.js's lastSeq): a join or resume from it
    fills any gap."""
    n = 0
    while n + 1 in got:
        n += 1
    return n


def receivers_main(url: str, pairs: list[tuple[int, str]], ready, stop, out_q) -> None:
    """One process of AsyncClients; reports per client (session, seqs received) and per
    client_id the last arrival time."""
    import socketio

    async def run() -> None:
        arrivals: dict[str, float] = {}
        seen: list[tuple[int, set]] = []
        reconnects = [0]  # joins, first ones included
        sem = asyncio.Semaphore(30)

        async def one(session_id: int, cookie: str):
            got: set[int] = set()
            seen.append((session_id, got))
            c = socketio.AsyncClient(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=3)
            keep_login(c, cookie, 30)

            def on_event(e: dict) -> None:
                got.add(e["seq"])
                key = e.get("client_id")
                if key:
                    t = time.monotonic()
                    if t > arrivals.get(key, 0.0):
                        arrivals[key] = t

            async def on_connect() -> None:  # every (re)connect joins again from the last seq seen
                reconnects[0] += 1
                r = await c.call("join", {"session_id": session_id, "last_seq": applied_up_to(got)}, timeout=60)
                for e in r.get("events", []):
                    got.add(e["seq"])

            c.on("event", on_event)
            c.on("connect", on_connect)

            async def on_beat(b: dict) -> None:  # behind the stored seq: fetch the rest (echo.live.beat)
                if b["last_seq"] > applied_up_to(got):
                    await asyncio.sleep(0.8)
                    if b["last_seq"] > applied_up_to(got) and c.connected:
                        r = await c.call("resume", {"session_id": session_id, "last_seq": applied_up_to(got)}, timeout=30)
                        for e in (r or {}).get("events", []):
                            got.add(e["seq"])

            c.on("beat", on_beat)
            async with sem:
                for attempt in range(5):
                    try:
                        await c.connect(url, transports=["websocket"])
                        break
                    except Exception:  # noqa: BLE001 - a busy machine: try again
                        await asyncio.sleep(0.5 + attempt)
            return c

        clients = await asyncio.gather(*(one(s, ck) for s, ck in pairs))
        await asyncio.sleep(2)
        ready.put(sum(1 for c in clients if c.connected))
        while not stop.is_set():
            await asyncio.sleep(0.2)
        out_q.put({"arrivals": arrivals, "seen": [(s, sorted(g)) for s, g in seen], "joins": reconnects[0]})
        await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)

    run_loop(run())


async def post_loop(url: str, specialists: list[tuple[int, str]], rate: float, seconds: float, sent: dict, errors: list) -> None:
    """Each specialist posts to its session; together `rate` posts/s, open loop."""
    import socketio

    clients = []
    for session_id, cookie in specialists:
        c = socketio.AsyncClient(reconnection=True)
        await c.connect(url, headers={"Cookie": "session=" + cookie}, transports=["websocket"], wait_timeout=30)
        r = await c.call("join", {"session_id": session_id, "last_seq": -1}, timeout=60)
        assert r.get("ok"), r
        clients.append((session_id, c))
    t0 = time.monotonic() + 0.5
    n = int(rate * seconds)
    for i in range(n):
        delay = t0 + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        session_id, c = clients[i % len(clients)]
        key = f"L{i}-{uuid.uuid4().hex[:10]}"
        sent[key] = time.monotonic()

        def on_ack(r=None, key=key) -> None:
            if not (r or {}).get("ok"):
                errors.append(f"post refused: {(r or {}).get('error')}")

        try:
            await c.emit("post_recommendation", {"session_id": session_id, "category": "medication", "text": TEXT, "client_id": key},
                         callback=on_ack)
        except Exception as exc:  # noqa: BLE001 - counted, the run goes on
            errors.append(f"post failed: {type(exc).__name__}")
    await asyncio.sleep(3)
    await asyncio.gather(*(c.disconnect() for _, c in clients), return_exceptions=True)


def browse(url: str, cookie: str, pages: list[str], stop: threading.Event, times: list, errors: list) -> None:
    """One reader: a page or a library search, then 0.5-2.5 s of reading."""
    import requests

    s = requests.Session()
    s.cookies.set("session", cookie, domain="127.0.0.1", path="/")
    rnd = random.Random()
    while not stop.is_set():
        path = rnd.choice(pages + ["/library/?q=" + rnd.choice(SEARCH_TERMS)] * 3)
        t = time.monotonic()
        try:
            r = s.get(url + path, timeout=30, allow_redirects=False)
            if r.status_code != 200:
                errors.append(f"{path.split('?')[0]}: {r.status_code}")
        except Exception as exc:  # noqa: BLE001 - counted, the reader goes on
            errors.append(f"{path.split('?')[0]}: {type(exc).__name__}")
        times.append((time.monotonic() - t) * 1000)
        stop.wait(rnd.uniform(0.5, 2.5))


def check_delivery(seen: list[tuple[int, list[int]]], stored: dict[int, list[int]]) -> tuple[int, int]:
    """(clients missing something, events missing in all)."""
    bad = missing = 0
    for session_id, seqs in seen:
        lost = set(stored[session_id]) - set(seqs)
        if lost:
            bad += 1
            missing += len(lost)
    return bad, missing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300.0)
    ap.add_argument("--sessions", type=int, default=3)
    ap.add_argument("--per-session", type=int, default=100)
    ap.add_argument("--browsers", type=int, default=20)
    ap.add_argument("--rate", type=float, default=10.0)
    ap.add_argument("--apps", type=int, default=2)
    ns = ap.parse_args()

    from deploy.topology import Topology

    db_url = fresh_database()
    run_dir = Path(tempfile.mkdtemp(prefix="echo-load-"))
    try:
        t_seed = time.monotonic()
        data = seed(db_url, ns.sessions, ns.per_session, ns.browsers)
        print(f"seeded in {time.monotonic() - t_seed:.0f} s; starting nginx + {ns.apps} app processes", flush=True)
        env = {"SECRET_KEY": SECRET, "ECHO_LIVE_RATE_LIMIT": "100000/minute"}
        with Topology(db_url, REDIS, run_dir, apps_count=ns.apps, env=env) as topo:
            ctx = mp.get_context("spawn")
            ready, stop, out_q = ctx.Queue(), ctx.Event(), ctx.Queue()
            parts = data["participants"]
            procs = [ctx.Process(target=receivers_main, args=(topo.url, parts[k::2], ready, stop, out_q), daemon=True) for k in range(2)]
            for p in procs:
                p.start()
            connected = sum(ready.get(timeout=600) for _ in procs)
            print(f"{connected}/{len(parts)} participants connected through nginx", flush=True)
            page_times: list[float] = []
            page_errors: list[str] = []
            post_errors: list[str] = []
            sent: dict[str, float] = {}
            halt = threading.Event()
            readers = [threading.Thread(target=browse, args=(topo.url, ck, data["pages"], halt, page_times, page_errors), daemon=True)
                       for ck in data["readers"]]
            load0 = os.getloadavg()[0]
            t0 = time.monotonic()
            for r in readers:
                r.start()
            run_loop(post_loop(topo.url, data["specialists"], ns.rate, ns.seconds, sent, post_errors))
            halt.set()
            elapsed = time.monotonic() - t0
            for r in readers:
                r.join(35)
            time.sleep(4)  # the last beats: anyone behind catches up
            stop.set()
            arrivals: dict[str, float] = {}
            seen: list = []
            joins = 0
            for _ in procs:
                part = out_q.get(timeout=300)
                seen += part["seen"]
                joins += part["joins"]
                for k, t in part["arrivals"].items():
                    arrivals[k] = max(arrivals.get(k, 0.0), t)
            for p in procs:
                p.join(30)
            load = (load0 + os.getloadavg()[0]) / 2
            tracebacks = sum(a.log.read_text().count("Traceback") for a in topo.apps)
        stored = stored_seqs(db_url, data["sessions"])
        fan = [(arrivals[k] - t) * 1000 for k, t in sent.items() if k in arrivals]
        bad, missing = check_delivery(seen, stored)
        never = sum(1 for k in sent if k not in arrivals)
        print()
        print(f"topology: nginx + {ns.apps} gunicorn (gevent) processes, PostgreSQL, Redis; {connected} participants in "
              f"{ns.sessions} sessions, {ns.browsers} readers, {elapsed:.0f} s, load average {load:.1f} on {os.cpu_count()} CPUs")
        print(f"requests/s: pages {len(page_times) / elapsed:.1f}, posts {len(sent) / elapsed:.1f}, "
              f"event deliveries {sum(len(s) for _, s in seen) / elapsed:.0f}")
        print(f"post to last receiver: p50 {statistics.median(fan) if fan else float('nan'):.1f} ms, p99 {pct(fan, 0.99):.1f} ms, "
              f"max {max(fan, default=float('nan')):.1f} ms ({len(fan)} posts; goal p99 <= 250 ms)")
        print(f"pages: p50 {statistics.median(page_times) if page_times else float('nan'):.1f} ms, p99 {pct(page_times, 0.99):.1f} ms "
              f"({len(page_times)} requests; goal p99 <= 300 ms)")
        errs = post_errors + page_errors
        print(f"errors: {len(errs)}" + (f" (first: {errs[:5]})" if errs else "") + f"; tracebacks in the app logs: {tracebacks}")
        print(f"delivery: {len(seen) - bad}/{len(seen)} clients have every stored event of their session"
              + (f"; {bad} clients miss {missing} events" if bad else "") + f"; posts never seen by anyone: {never}; "
              f"reconnects: {joins - len(seen)}")
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
