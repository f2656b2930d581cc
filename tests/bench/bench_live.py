"""Fan-out benchmark of the live board (`make bench-live`).

N simulated participants (python-socketio AsyncClients over WebSocket, in their own
processes pinned to CPU 1) sit in one session room; a sender posts 1 KB recommendations
open-loop at a fixed rate; per message, fan-out = the last receiver's arrival time minus the
send time (CLOCK_MONOTONIC, one host). Servers are pinned to CPU 0.

Configurations, each for N=200 (5 msg/s) and N=1000 (2 msg/s), in one run:
  reference  bare python-socketio Server (gevent, pywsgi + simple-websocket: the stack that
             `python -m echo.server.serve` uses), only emits to a room: no Flask, no database
  app x1     `python -m echo.server.serve` (gevent), SQLite
  app x2     two `python -m echo.server.serve` processes, ECHO_MESSAGE_QUEUE=redis, a fresh PostgreSQL
             database (created and dropped here); receivers split over both, sender on the first
  old x1     with --old-ref REF: the code of that git ref (a temporary `git worktree`) in one
             process, SQLite, beside the current code: before and after in one run

For each N all configurations are up at once (servers on CPU 0, their receivers on CPU 1)
and the sender posts to them in turn, in blocks of 5 s, so that all see the same machine:
on a shared machine the load drifts over minutes, and sequential runs compared noise.

Each configuration first gets 5 unmeasured warm-up posts (--warmup), the reference too, then
at least 300 measured posts (--min-msgs; at 2 msg/s that is 150 s), so that p99 is not decided
by one or two stalls. The sender stamps each post just before emitting it.

Loopback only. Options: --quick (N=50/100, 5 s), --n 200 --n 1000, --seconds 20 (per
configuration, at least), --min-msgs 300, --warmup 5, --block 5, --only ref,app1,app2,
--old-ref REF, --skip-redis; ECHO_BENCH_VERBOSE=1 prints the slowest messages. Needs Redis on 127.0.0.1:6379 and PostgreSQL on 127.0.0.1:5432 for app x2
(ECHO_BENCH_REDIS / ECHO_BENCH_POSTGRES override).
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import math
import multiprocessing as mp
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SECRET = "bench-secret-key-not-for-production"
REDIS = os.environ.get("ECHO_BENCH_REDIS", "redis://127.0.0.1:6379/0")
POSTGRES = os.environ.get("ECHO_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
RATES = {200: 5.0, 1000: 2.0}
TEXT = ("Recommendation: taper the benzodiazepine by 10% every two weeks, start CBT for insomnia, "
        "recheck PHQ-9 and GAD-7 in four weeks and consider psychiatry referral if no response. ") * 8
TEXT = TEXT[:1000]
HAS_TASKSET = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pin(cpu: int) -> None:
    if HAS_TASKSET:
        try:
            os.sched_setaffinity(0, {cpu})
        except OSError:
            pass


# --- the bare reference server ------------------------------------------------------------------

def bare_server(port: int) -> None:
    from gevent import monkey

    monkey.patch_all()
    import socketio
    from gevent import pywsgi

    sio = socketio.Server(async_mode="gevent")

    @sio.on("join")
    def join(sid, data):
        sio.enter_room(sid, "room")
        return {"ok": True}

    @sio.on("post")
    def post(sid, data):
        sio.emit("event", data, to="room")
        return {"ok": True}

    pywsgi.WSGIServer(("127.0.0.1", port), socketio.WSGIApp(sio), log=None).serve_forever()


# --- processes ---------------------------------------------------------------------------------------

def start_server(cmd: list[str], port: int, env: dict, tree: Path = ROOT) -> subprocess.Popen:
    """Start a server from the code in `tree` (this checkout, or an older commit's worktree)."""
    full = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(tree), **env)
    prefix = ["taskset", "-c", "0"] if HAS_TASKSET else []
    log = open(Path(tempfile.gettempdir()) / f"echo-bench-{port}.log", "w")
    proc = subprocess.Popen(prefix + cmd, cwd=tree, env=full, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: see {log.name}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_loop(coro):
    """asyncio.run, on uvloop unless ECHO_BENCH_LOOP=asyncio.

    The simulated participants' own CPU is part of every fan-out (they share one core): on the
    standard loop, asyncio's task and callback machinery is most of what a receiver spends per
    message. uvloop does the same work in C, for the reference and the app alike, so that more of
    what is measured is the server."""
    if os.environ.get("ECHO_BENCH_LOOP", "uvloop") == "uvloop":
        import uvloop

        return uvloop.run(coro)
    return asyncio.run(coro)


def receiver_main(urls_cookies, session_id, ready, go_report, out_q, cpu, tag=0) -> None:
    """One receiver process: many AsyncClients; reports {key: (max arrival, count)}."""
    pin(cpu)
    import socketio

    async def run():
        arrivals: dict[str, list] = {}
        clients = []
        sem = asyncio.Semaphore(50)

        def on_event(e):
            t = time.monotonic()
            key = e.get("client_id") or e.get("id")
            a = arrivals.get(key)
            if a is None:
                arrivals[key] = [t, 1]
            else:
                a[1] += 1
                a[0] = max(a[0], t)

        async def one(url, cookie):
            c = socketio.AsyncClient(reconnection=False)
            c.on("event", on_event)
            async with sem:
                for attempt in range(5):
                    try:
                        await c.connect(url, headers={"Cookie": cookie} if cookie else {}, transports=["websocket"], wait_timeout=30)
                        break
                    except Exception:
                        await asyncio.sleep(0.5 + attempt)
                else:
                    return None
                payload = {"session_id": session_id, "last_seq": -1} if session_id else {"room": "room"}
                r = await c.call("join", payload, timeout=60)
                if not r.get("ok"):
                    raise RuntimeError(f"join refused: {r}")
            return c

        clients = [c for c in await asyncio.gather(*(one(u, ck) for u, ck in urls_cookies)) if c is not None]
        ready.put((tag, len(clients)))
        # The receivers' own garbage collections: a long one delays "the last receiver" of
        # whatever message arrives meanwhile, whichever server sent it.
        gc_started, gc_longest = [0.0], [0.0]

        def on_gc(phase, info):
            if phase == "start":
                gc_started[0] = time.perf_counter()
            else:
                gc_longest[0] = max(gc_longest[0], time.perf_counter() - gc_started[0])

        gc.callbacks.append(on_gc)
        cpu0 = time.process_time()
        while not go_report.is_set():
            await asyncio.sleep(0.1)
        # The receivers' own CPU: with all of them on one core, no fan-out can beat it.
        arrivals["__cpu__"] = (time.process_time() - cpu0, 0)
        arrivals["__gc__"] = (gc_longest[0], 0)
        out_q.put({k: tuple(v) for k, v in arrivals.items()})
        await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)

    run_loop(run())


# --- the app's database ---------------------------------------------------------------------------

def seed(db_url: str, n: int) -> tuple[int, list[str], str]:
    """Migrate, then one live session with a case, a specialist sender and n participants.

    Returns (session id, receivers' cookies, sender's cookie): cookies are signed Flask
    sessions, as the login form would set them (n logins through scrypt would take minutes).
    """
    os.environ["SECRET_KEY"] = SECRET
    from flask_migrate import upgrade
    from sqlalchemy import insert
    from werkzeug.security import generate_password_hash

    from echo import create_app
    from echo.accounts.models import User
    from echo.cases.models import Case, CaseState
    from echo.core.extensions import db
    from echo.core.types import utcnow
    from echo.programs.clinic_session import ClinicSession, SessionStatus
    from echo.programs.models import Membership, Program, Role, Visibility

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url.replace("postgresql://", "postgresql+psycopg://", 1), "SECRET_KEY": SECRET})
    with app.app_context():
        upgrade()
        pw = generate_password_hash("bench-password")
        now = utcnow()
        program = Program(name="Bench program", topic="Bench", timezone="UTC", visibility=Visibility.invite_only)
        db.session.add(program)
        db.session.flush()
        sender = User(email="sender@bench.local", name="Bench Specialist", password_hash=pw)
        presenter = User(email="presenter@bench.local", name="Bench Presenter", password_hash=pw)
        db.session.add_all([sender, presenter])
        db.session.flush()
        db.session.execute(insert(User), [{"email": f"r{i}@bench.local", "name": f"Receiver {i}", "password_hash": pw,
                                           "confirmed_at": now, "created_at": now, "timezone": "UTC",
                                           "profession": "", "organisation": "", "region": "", "is_admin": False,
                                           "is_active_account": True} for i in range(n)])
        from sqlalchemy import select

        rid = list(db.session.scalars(select(User.id).where(User.email.like("r%@bench.local")).order_by(User.id)))
        db.session.execute(insert(Membership), [{"program_id": program.id, "user_id": u, "role": Role.participant} for u in rid]
                           + [{"program_id": program.id, "user_id": sender.id, "role": Role.specialist},
                              {"program_id": program.id, "user_id": presenter.id, "role": Role.participant}])
        session = ClinicSession(program_id=program.id, starts_at=now, status=SessionStatus.live, started_at=now, is_one_off=True)
        db.session.add(session)
        db.session.flush()
        case = Case(program_id=program.id, author_id=presenter.id, state=CaseState.accepted, session_id=session.id,
                    agenda_position=1, title="Bench case")
        db.session.add(case)
        db.session.flush()
        session.current_case_id, session.current_phase, session.phase_started_at = case.id, "recommendations", now
        # One login per simulated person: the session cookie carries its secret (echo.accounts.logins).
        import secrets

        from echo.accounts.logins import hash_token
        from echo.accounts.models import UserLogin

        secret = {u: secrets.token_urlsafe(32) for u in [*rid, sender.id]}
        db.session.execute(insert(UserLogin), [{"user_id": u, "token_hash": hash_token(t), "remember": False, "device": "bench",
                                                "created_at": now, "last_seen_at": now} for u, t in secret.items()])
        db.session.commit()
        ser = app.session_interface.get_signing_serializer(app)
        def cookie(uid):
            return "session=" + ser.dumps({"_user_id": secret[uid], "_fresh": True})
        out = (session.id, [cookie(u) for u in rid], cookie(sender.id))
        db.session.remove()
        db.engine.dispose()
    return out


def pg_create() -> tuple[str, str]:
    import sqlalchemy as sa

    name = f"echo_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base = POSTGRES.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def pg_drop(name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def app_env(db_url: str, port: int, mq: str | None = None) -> dict:
    env = {"ECHO_DATABASE_URL": db_url, "ECHO_PORT": str(port), "ECHO_HOST": "127.0.0.1", "ECHO_PRINT_LOGINS": "0",
           "SECRET_KEY": SECRET, "ECHO_LIVE_RATE_LIMIT": "100000/minute", "ECHO_ASYNC_MODE": "gevent"}
    if mq:
        env["ECHO_MESSAGE_QUEUE"] = mq
    return env


async def send_interleaved(configs: list[dict], rate: float, block: float, rounds: int, warmup: int = 5) -> list[dict[str, float]]:
    """Blocks of `block` seconds at `rate` msg/s, to each configuration in turn, `rounds` times:
    every configuration sees the same machine (other load drifts over a run)."""
    import socketio

    clients = []
    for cfg in configs:
        c = socketio.AsyncClient(reconnection=False)
        cookie = cfg["sender_cookie"]
        await c.connect(cfg["sender_url"], headers={"Cookie": cookie} if cookie else {}, transports=["websocket"], wait_timeout=30)
        if cfg["session_id"]:  # as the board page does: the role is checked once, at join
            r = await c.call("join", {"session_id": cfg["session_id"], "last_seq": -1}, timeout=60)
            assert r.get("ok"), r
        clients.append(c)
    sent: list[dict[str, float]] = [{} for _ in configs]
    refused = [0 for _ in configs]
    per_block = max(1, int(round(rate * block)))
    # Warm-up, not measured, the same for every configuration: the first posts of a fresh
    # process pay for imports, compiled SQL and connection set-up once.
    for ci, (cfg, c) in enumerate(zip(configs, clients)):
        for i in range(warmup):
            key = f"w{ci}-{uuid.uuid4().hex[:12]}"
            if cfg["session_id"]:
                name, payload = "post_recommendation", {"session_id": cfg["session_id"], "category": "medication", "text": TEXT, "client_id": key}
            else:
                name, payload = "post", {"id": key, "text": TEXT}
            await c.call(name, payload, timeout=30)
            await asyncio.sleep(1.0 / rate)
    await asyncio.sleep(1.0)
    for _ in range(rounds):
        for ci, (cfg, c) in enumerate(zip(configs, clients)):
            t0 = time.monotonic() + 0.2
            for i in range(per_block):
                delay = t0 + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                key = f"b{ci}-{uuid.uuid4().hex[:12]}"
                if cfg["session_id"]:
                    name, payload = "post_recommendation", {"session_id": cfg["session_id"], "category": "medication", "text": TEXT, "client_id": key}
                else:
                    name, payload = "post", {"id": key, "text": TEXT}
                sent[ci][key] = time.monotonic()

                def on_ack(r=None, ci=ci):
                    if not (r or {}).get("ok"):
                        refused[ci] += 1

                await c.emit(name, payload, callback=on_ack)
            await asyncio.sleep(1.0 / rate + 1.0)  # let the block's last fan-out finish
    for ci, n_bad in enumerate(refused):
        if n_bad:
            print(f"    {configs[ci]['label']}: {n_bad} posts refused", flush=True)
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)
    return sent


def measure_interleaved(configs: list[dict], n: int, seconds: float, block: float = 5.0, procs: int = 2,
                        min_msgs: int = 100, warmup: int = 5) -> list[dict]:
    rate = RATES.get(n, 5.0)
    # At least min_msgs measured messages per configuration: with fewer, "p99" is the max.
    seconds = max(seconds, min_msgs / rate)
    rounds = max(1, math.ceil(seconds / block - 1e-9))
    ctx = mp.get_context("spawn")
    ready, go = ctx.Queue(), ctx.Event()
    outs = [ctx.Queue() for _ in configs]
    workers = []
    load0 = os.getloadavg()[0]
    t_setup = time.monotonic()
    for ci, cfg in enumerate(configs):
        pairs = [(cfg["targets"][i % len(cfg["targets"])], cfg["cookies"][i] if cfg["cookies"] else None) for i in range(n)]
        for k in range(procs):
            workers.append(ctx.Process(target=receiver_main, args=(pairs[k::procs], cfg["session_id"], ready, go, outs[ci], 1, ci), daemon=True))
    for w in workers:
        w.start()
    connected = [0 for _ in configs]
    for _ in workers:
        tag, count = ready.get(timeout=600)
        connected[tag] += count
    setup = time.monotonic() - t_setup
    time.sleep(2.0)  # let presence flushes of the joins settle
    sent = run_loop(send_interleaved(configs, rate, block, rounds, warmup))
    time.sleep(3.0)
    go.set()
    results = []
    load = (load0 + os.getloadavg()[0]) / 2
    for ci, cfg in enumerate(configs):
        arrivals: dict[str, tuple] = {}
        cpu = gc_longest = 0.0
        for _ in range(procs):
            part = outs[ci].get(timeout=120)
            cpu += part.pop("__cpu__")[0]
            gc_longest = max(gc_longest, part.pop("__gc__")[0])
            for k, (t, c) in part.items():
                arrivals[k] = (max(arrivals[k][0], t), arrivals[k][1] + c) if k in arrivals else (t, c)
        fan, got = [], 0
        for k, t_send in sent[ci].items():
            if k in arrivals:
                fan.append((arrivals[k][0] - t_send) * 1000)
                got += arrivals[k][1]
        fan.sort()
        res = {
            "label": cfg["label"], "n": n, "connected": connected[ci], "msgs": len(sent[ci]), "rate": rate, "setup_s": setup,
            "p50": statistics.median(fan) if fan else float("nan"),
            "p99": fan[min(len(fan) - 1, max(0, int(round(0.99 * len(fan))) - 1))] if fan else float("nan"),
            "max": fan[-1] if fan else float("nan"),
            "delivered": got / (n * len(sent[ci])) if sent[ci] else 0.0, "load": load,
            # CPU the N receivers spent per message (warm-ups included): they share one core, so
            # this is a floor under the fan-out that no server can go below.
            "rx_cpu": cpu * 1000 / max(1, len(sent[ci]) + warmup),
            "rx_gc": gc_longest * 1000,
        }
        print(f"  {cfg['label']:<38} N={n:<5} connected={connected[ci]:<5} msgs={len(sent[ci]):<4} p50={res['p50']:7.1f} ms  "
              f"p99={res['p99']:7.1f} ms  max={res['max']:7.1f} ms  delivered={res['delivered'] * 100:6.2f}%  "
              f"receivers' CPU {res['rx_cpu']:.1f} ms/msg, longest GC {res['rx_gc']:.1f} ms", flush=True)
        results.append(res)
    for w in workers:
        w.join(30)
    print(f"  (setup {setup:.0f} s, load average {load:.1f})", flush=True)
    return results


def old_tree(ref: str) -> Path:
    """A temporary git worktree of `ref` (removed by drop_tree), to run the old code beside the new."""
    path = Path(tempfile.mkdtemp(prefix="echo-bench-old-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(path), ref], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return path


def drop_tree(path: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    shutil.rmtree(path, ignore_errors=True)


def serve_cmd(tree: Path) -> list[str]:
    """The gevent server's module in that tree (it moved from echo.serve to echo.server.serve)."""
    module = "echo.server.serve" if (tree / "echo" / "server" / "serve.py").exists() else "echo.serve"
    return [sys.executable, "-m", module]


def run(ns) -> list[dict]:
    """For each N, all configurations are up at once and measured in interleaved blocks."""
    results = []
    only = set(ns.only.split(","))
    old = old_tree(ns.old_ref) if ns.old_ref and only & {"old1", "old2"} else None
    try:
        for n in ns.n:
            results += run_n(ns, n, only, old)
    finally:
        if old is not None:
            drop_tree(old)
    return results


def run_n(ns, n: int, only: set[str], old: Path | None) -> list[dict]:
    """One N: every configuration up at once, measured in interleaved blocks."""
    results: list[dict] = []
    py = sys.executable
    secs = max(ns.seconds, ns.min_msgs / RATES.get(n, 5.0))
    print(f"N={n} at {RATES.get(n, 5.0)} msg/s, {secs:.0f} s per configuration in {ns.block:.0f} s blocks, "
          f"after {ns.warmup} unmeasured warm-up posts each", flush=True)
    procs: list[subprocess.Popen] = []
    configs: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="echo-bench-"))
    pg_name = None
    try:
        if "ref" in only:
            port = free_port()
            procs.append(start_server([py, __file__, "--bare-server", str(port)], port, {}))
            url = f"http://127.0.0.1:{port}"
            configs.append({"label": "reference: bare python-socketio", "targets": [url], "sender_url": url,
                            "cookies": None, "sender_cookie": None, "session_id": None})
        if "app1" in only:
            db_url = f"sqlite:///{tmp / 'bench.db'}"
            sid, cookies, sender = seed(db_url, n)
            port = free_port()
            procs.append(start_server(serve_cmd(ROOT), port, app_env(db_url, port)))
            url = f"http://127.0.0.1:{port}"
            configs.append({"label": "app, 1 process (SQLite)", "targets": [url], "sender_url": url,
                            "cookies": cookies, "sender_cookie": sender, "session_id": sid})
        if "old1" in only and old is not None:
            # The same schema and seed (the migrations are unchanged between the two), the old code's server.
            db_url = f"sqlite:///{tmp / 'bench-old.db'}"
            sid, cookies, sender = seed(db_url, n)
            port = free_port()
            procs.append(start_server(serve_cmd(old), port, app_env(db_url, port), tree=old))
            url = f"http://127.0.0.1:{port}"
            configs.append({"label": f"old code {ns.old_ref}, 1 process (SQLite)", "targets": [url], "sender_url": url,
                            "cookies": cookies, "sender_cookie": sender, "session_id": sid})
        if "app2" in only and not ns.skip_redis:
            pg_name, pg_url = pg_create()
            sid, cookies, sender = seed(pg_url, n)
            ports = [free_port(), free_port()]
            for p in ports:
                procs.append(start_server(serve_cmd(ROOT), p, app_env(pg_url, p, REDIS)))
            urls = [f"http://127.0.0.1:{p}" for p in ports]
            configs.append({"label": "app, 2 processes (Redis, PostgreSQL)", "targets": urls, "sender_url": urls[0],
                            "cookies": cookies, "sender_cookie": sender, "session_id": sid})
        results += measure_interleaved(configs, n, ns.seconds, ns.block, min_msgs=ns.min_msgs, warmup=ns.warmup)
    finally:
        for p in procs:
            stop(p)
        if pg_name:
            pg_drop(pg_name)
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def table(results: list[dict]) -> None:
    """p50 / p99 and their ratio to the reference of the same run; the goal (N=1000): p99 within
    1.25x the reference's, every message delivered to every receiver. N=200's ratio is printed."""
    goal_ratio = {1000: 1.25}
    print()
    print("| configuration | N | msg/s | msgs | fan-out p50 ms | p99 ms | max ms | delivered | p99 / reference | "
          "p50 / reference | receivers' CPU ms/msg | load avg | goal |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    ref = {r["n"]: r for r in results if r["label"].startswith("reference")}
    for r in results:
        b = ref.get(r["n"])
        ratio99 = r["p99"] / b["p99"] if b and b["p99"] else float("nan")
        ratio50 = r["p50"] / b["p50"] if b and b["p50"] else float("nan")
        limit = goal_ratio.get(r["n"])
        goal = ""
        if limit and not r["label"].startswith("reference"):
            met = ratio99 <= limit and r["delivered"] >= 0.99999
            goal = f"p99 <= {limit}x, 100%: {'met' if met else 'NOT met'}"
        print(f"| {r['label']} | {r['n']} | {r['rate']:g} | {r['msgs']} | {r['p50']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | "
              f"{r['delivered'] * 100:.2f}% | {ratio99:.2f} | {ratio50:.2f} | {r.get('rx_cpu', float('nan')):.1f} | "
              f"{r.get('load', 0):.1f} | {goal} |")
    print(f"\n(load avg = 1-minute load of the machine during the run, {os.cpu_count()} CPUs; server pinned to CPU 0 "
          f"and receivers to CPU 1: {'yes' if HAS_TASKSET else 'no, taskset or a second CPU missing'}; "
          f"1 KB messages; WebSocket transport)")


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # run the finally blocks: drop the database
    if len(sys.argv) == 3 and sys.argv[1] == "--bare-server":
        bare_server(int(sys.argv[2]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--skip-redis", action="store_true")
    ap.add_argument("--block", type=float, default=5.0, help="seconds per block of messages to one configuration")
    ap.add_argument("--min-msgs", type=int, default=300,
                    help="measured messages per configuration at least (longer runs at low rates); with 100, "
                         "p99 is the second-slowest message and one stall decides it")
    ap.add_argument("--warmup", type=int, default=5, help="unmeasured posts per configuration before measuring")
    ap.add_argument("--only", default="ref,app1,app2,old1",
                    help="configurations to run (ref, app1, app2; old1: the --old-ref code in one process)")
    ap.add_argument("--old-ref", default=os.environ.get("ECHO_BENCH_OLD_REF") or None,
                    help="a git ref whose code runs beside this checkout's (old1), for before/after in one run")
    ns = ap.parse_args()
    if ns.quick:
        ns.n = ns.n or [50, 100]
        ns.seconds = 5.0
        ns.min_msgs = 0
    ns.n = ns.n or [200, 1000]
    results = run(ns)
    table(results)


if __name__ == "__main__":
    main()
