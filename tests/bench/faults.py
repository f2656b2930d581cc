"""Fault scenarios against the production topology (`make bench-faults`); each prints its result.

nginx + 2 gunicorn processes (deploy/topology.py) on PostgreSQL and a Redis of this script's own
(redis-server on a free port, so that restarting it disturbs nobody else). The app reaches
PostgreSQL through a TCP proxy of this script that can refuse and cut connections: an outage
without stopping a shared server. In each scenario one specialist posts to a live session at
5 posts/s, retrying a failed post with the same client_id as the board does, while
participants (WebSocket, spread over both processes by nginx) receive; at the end every
participant must hold every stored event of the session, and every post must be stored once.

  kill-app        one app process is killed (SIGKILL) mid-session, then started again
  restart-redis   Redis is stopped for 3 s mid-session, then started again (empty)
  postgres-down   PostgreSQL refuses and cuts every connection for 10 s
  flaky-client    one participant's link is cut every 3 s
  lost-publish    an event is committed by a process that dies before publishing it

    tests/bench/faults.py [--only kill-app,postgres-down] [--seconds 20]
Needs PostgreSQL on 127.0.0.1:5432 (ECHO_BENCH_POSTGRES: a database this script may empty)
and redis-server on the PATH.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_live import SECRET, run_loop
from bench_load import client_ids_stored, fresh_database, keep_login, seed, stored_seqs

from deploy.topology import Topology, free_port

POSTGRES = os.environ.get("ECHO_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/bench_faults")
SCENARIOS = ["flaky-client", "kill-app", "restart-redis", "lost-publish", "postgres-down"]
PARTICIPANTS = 20


class CuttableProxy:
    """A TCP proxy that can refuse new connections and cut open ones (cut), and come back (restore).

    Written here because the point is to break connections on command; a proxy from a package
    (toxiproxy) would be one more server to install for a few dozen lines."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self.conns: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        ls = socket.socket()
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind(("127.0.0.1", self.port))
        ls.listen(128)
        self.listener = ls
        threading.Thread(target=self._accept, args=(ls,), daemon=True).start()

    def cut(self, refuse: bool = True) -> None:
        if refuse and self.listener is not None:
            self.listener.close()
            self.listener = None
        with self.lock:
            conns, self.conns = self.conns, set()
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()

    def _accept(self, ls: socket.socket) -> None:
        while True:
            try:
                client, _ = ls.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                self.conns |= {client, upstream}
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class RedisServer:
    def __init__(self, run_dir: Path):
        self.port = free_port()
        self.run_dir = run_dir
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.run_dir)], stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


# --- clients ---------------------------------------------------------------------------------------

class Participant:
    """A board as live.js keeps it: joins from its last seq on every (re)connect, asks for the
    rest when a beat says it is behind."""

    def __init__(self, url: str, session_id: int, cookie: str):
        import socketio

        self.url, self.session_id, self.cookie = url, session_id, cookie
        self.got: set[int] = set()
        self._low = 0
        self.connects = 0
        debug = os.environ.get("ECHO_FAULTS_DEBUG") == "1"
        self.c = socketio.AsyncClient(reconnection=True, reconnection_delay=0.3, reconnection_delay_max=2,
                                      logger=debug, engineio_logger=debug)
        keep_login(self.c, cookie)
        self.c.on("event", lambda e: self.got.add(e["seq"]))
        self.c.on("connect", self._joined)
        self.c.on("beat", self._beat)

    def last(self) -> int:
        """The last seq with none missing before it (live.js's lastSeq): a join or resume from it
        fills any gap."""
        n = self._low
        while n + 1 in self.got:
            n += 1
        self._low = n
        return n

    async def _joined(self) -> None:
        self.connects += 1
        r = await self.c.call("join", {"session_id": self.session_id, "last_seq": self.last()}, timeout=30)
        self.got.update(e["seq"] for e in (r or {}).get("events", []))

    async def _beat(self, b: dict) -> None:
        if b["last_seq"] > self.last():
            await asyncio.sleep(0.8)
            if b["last_seq"] > self.last() and self.c.connected:
                with contextlib.suppress(Exception):  # the next beat asks again
                    r = await self.c.call("resume", {"session_id": self.session_id, "last_seq": self.last()}, timeout=10)
                    self.got.update(e["seq"] for e in (r or {}).get("events", []))

    async def connect(self) -> None:
        for attempt in range(5):
            try:
                await self.c.connect(self.url, transports=["websocket"])
                return
            except Exception:  # noqa: BLE001 - a busy machine: try again
                await asyncio.sleep(1 + attempt)
        raise RuntimeError("participant could not connect")

    async def close(self) -> None:
        await self.c.disconnect()


class Poster:
    """Posts at `rate`/s; a failed or unanswered post is sent again with the same client_id."""

    def __init__(self, url: str, session_id: int, cookie: str):
        self.p = Participant(url, session_id, cookie)
        self.keys: list[str] = []
        self.codes: collections.Counter = collections.Counter()
        self.first_ok_after: float | None = None

    async def run(self, rate: float, seconds: float, marks: dict) -> None:
        await self.p.connect()
        pending: list[str] = []
        t0 = time.monotonic()
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, t0 + i / rate - time.monotonic()))
            key = f"F{i}-{uuid.uuid4().hex[:8]}"
            self.keys.append(key)
            pending.append(key)
            pending = [k for k in pending if not await self._send(k, marks)]
        deadline = time.monotonic() + 60
        while pending and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            pending = [k for k in pending if not await self._send(k, marks)]
        self.codes["never stored"] += len(pending)

    async def _send(self, key: str, marks: dict) -> bool:
        if not self.p.c.connected:
            self.codes["not connected"] += 1
            return False
        try:
            r = await self.p.c.call("post_recommendation", {"session_id": self.p.session_id, "category": "monitoring",
                                                             "text": f"Recheck in two weeks ({key}).", "client_id": key}, timeout=5)
        except Exception as exc:  # noqa: BLE001 - a timeout or a dropped socket: sent again later
            self.codes[type(exc).__name__] += 1
            return False
        if r.get("ok"):
            self.codes["ok"] += 1
            if marks.get("restored") and self.first_ok_after is None:
                self.first_ok_after = time.monotonic() - marks["restored"]
            return True
        self.codes[r["error"]["code"] + (" (retryable)" if r["error"].get("retryable") else "")] += 1
        return False


# --- scenarios -----------------------------------------------------------------------------------

class Lab:
    def __init__(self, db_url: str, run_dir: Path):
        self.db_url = db_url
        self.run_dir = run_dir
        self.data = seed(db_url, len(SCENARIOS), PARTICIPANTS, 2)
        self.redis = RedisServer(run_dir)
        self.redis.start()
        host_port = db_url.split("@", 1)[1].split("/", 1)[0]
        self.pg_proxy = CuttableProxy((host_port.split(":")[0], int(host_port.split(":")[1])))
        app_db = db_url.replace(host_port, f"127.0.0.1:{self.pg_proxy.port}")
        env = {"SECRET_KEY": SECRET, "ECHO_LIVE_RATE_LIMIT": "100000/minute", "ECHO_LIVE_BEAT_SECONDS": "2"}
        self.topo = Topology(app_db, f"redis://127.0.0.1:{self.redis.port}/0", run_dir / "topology", env=env).start()

    def close(self) -> None:
        self.topo.stop()
        self.redis.stop()

    def tracebacks(self) -> int:
        return sum(a.log.read_text().count("Traceback") for a in self.topo.apps if a.log.exists())

    async def session(self, index: int, seconds: float, fault, url: str | None = None, flaky: bool = False) -> dict:
        session_id = self.data["sessions"][index]
        cookies = [ck for s, ck in self.data["participants"] if s == session_id]
        spec_cookie = self.data["specialists"][index][1]
        parts = [Participant(self.topo.url, session_id, ck) for ck in cookies]
        flaky_proxy = None
        if flaky:
            flaky_proxy = CuttableProxy(("127.0.0.1", self.topo.port))
            parts[0] = Participant(f"http://127.0.0.1:{flaky_proxy.port}", session_id, cookies[0])
        await asyncio.gather(*(p.connect() for p in parts))
        poster = Poster(self.topo.url, session_id, spec_cookie)
        marks: dict = {"parts": parts, "seconds": seconds}
        tb0 = self.tracebacks()
        results = await asyncio.gather(poster.run(5.0, seconds, marks), fault(marks, flaky_proxy))
        # Catch up: the beat tells anyone behind within a couple of seconds.
        stored = stored_seqs(self.db_url, [session_id])[session_id]
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(set(stored) - p.got for p in parts):
            await asyncio.sleep(0.5)
        missing = [len(set(stored) - p.got) for p in parts]
        counts = client_ids_stored(self.db_url, [session_id])
        twice = sum(1 for k in poster.keys if counts.get(k, 0) > 1)
        lost = sum(1 for k in poster.keys if counts.get(k, 0) == 0)
        await asyncio.gather(*(p.close() for p in parts), poster.p.close(), return_exceptions=True)
        out = {
            "posts": len(poster.keys), "stored": len(poster.keys) - lost, "stored twice": twice, "lost": lost,
            "answers": dict(poster.codes), "participants complete": f"{sum(1 for m in missing if m == 0)}/{len(parts)}",
            "events missing": sum(missing), "reconnects": sum(p.connects - 1 for p in parts),
            "tracebacks logged": self.tracebacks() - tb0,
        }
        if poster.first_ok_after is not None:
            out["first post stored after recovery"] = f"{poster.first_ok_after:.1f} s"
        if isinstance(results[1], dict):
            out.update(results[1])
        return out

    # Each fault(marks, flaky_proxy) runs beside the posting; it may return figures to print.

    async def kill_app(self, marks, _proxy) -> dict:
        await asyncio.sleep(5)
        victim = self.topo.apps[0]
        self.topo.kill_app(victim)
        await asyncio.sleep(5)
        await asyncio.to_thread(self.topo.start_app, victim)
        return {"killed": f"{victim.name} (SIGKILL) at 5 s, started again at 10 s"}

    async def restart_redis(self, marks, _proxy) -> dict:
        await asyncio.sleep(5)
        self.redis.stop()
        await asyncio.sleep(3)
        self.redis.start()
        return {"redis": "stopped at 5 s, started again (empty) at 8 s"}

    async def postgres_down(self, marks, _proxy) -> dict:
        await asyncio.sleep(5)
        self.pg_proxy.cut(refuse=True)
        pages: collections.Counter = collections.Counter()
        t_end = time.monotonic() + 10
        while time.monotonic() < t_end:
            pages[await asyncio.to_thread(self._page_status)] += 1
            await asyncio.sleep(0.5)
        self.pg_proxy.restore()
        marks["restored"] = time.monotonic()
        after = await asyncio.to_thread(self._page_status)
        return {"pages during the outage": dict(pages), "page after": after}

    def _page_status(self) -> str:
        cookie = self.data["readers"][0]
        req = urllib.request.Request(self.topo.url + "/home", headers={"Cookie": "session=" + cookie})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return str(r.status)
        except urllib.error.HTTPError as e:
            return f"{e.code} Retry-After={e.headers.get('Retry-After')}"
        except OSError as e:
            return type(e).__name__

    async def flaky(self, marks, proxy) -> dict:
        cuts = 0
        t_end = time.monotonic() + 18
        while time.monotonic() < t_end:
            await asyncio.sleep(3)
            proxy.cut(refuse=False)
            cuts += 1
        return {"link cuts": cuts}

    async def lost_publish(self, marks, _proxy) -> dict:
        """After the last post, so that no later event reveals the gap: only the beat can."""
        await asyncio.sleep(marks["seconds"] + 2)
        seq = await asyncio.to_thread(self._commit_without_publish, self.data["sessions"][SCENARIOS.index("lost-publish")])
        t = time.monotonic()
        while time.monotonic() - t < 20 and not all(seq in p.got for p in marks["parts"]):
            await asyncio.sleep(0.1)
        learnt = time.monotonic() - t
        have = sum(1 for p in marks["parts"] if seq in p.got)
        return {"committed without publish": f"seq {seq}, after the last post",
                "participants that got it": f"{have}/{len(marks['parts'])}, all within {learnt:.1f} s (beat every 2 s)"}

    def _commit_without_publish(self, session_id: int) -> int:
        """What a process does up to its commit, then nothing: it died before publishing."""
        os.environ["SECRET_KEY"] = SECRET
        from echo import create_app
        from echo.cases.models import Case
        from echo.core.extensions import db
        from echo.live import commands as live
        from echo.programs.clinic_session import ClinicSession
        from echo.programs.models import Membership, Role

        app = create_app({"SQLALCHEMY_DATABASE_URI": self.db_url.replace("postgresql://", "postgresql+psycopg://", 1)})
        with app.app_context():
            session = db.session.get(ClinicSession, session_id)
            case = db.session.get(Case, session.current_case_id)
            m = db.session.query(Membership).filter_by(program_id=session.program_id, role=Role.specialist).first()
            user = m.user
            key = "lost-" + uuid.uuid4().hex[:8]
            out = live.post_question(user, session_id, {"case_id": case.id, "text": "Was the lithium level checked?",
                                                        "client_id": key})
            db.session.commit()  # and no notify: the process "died" before publishing
            seq = out.wire["seq"]
            db.session.remove()
            db.engine.dispose()
        return seq


async def run_all(lab: Lab, only: list[str], seconds: float) -> None:
    faults = {"kill-app": lab.kill_app, "restart-redis": lab.restart_redis, "postgres-down": lab.postgres_down,
              "flaky-client": lab.flaky, "lost-publish": lab.lost_publish}
    for name in only:
        index = SCENARIOS.index(name)
        t = time.monotonic()
        res = await lab.session(index, seconds, faults[name], flaky=(name == "flaky-client"))
        ok = res["lost"] == 0 and res["stored twice"] == 0 and res["events missing"] == 0
        print(f"\n== {name}: {'PASS' if ok else 'FAIL'} ({time.monotonic() - t:.0f} s)", flush=True)
        for k, v in res.items():
            print(f"   {k}: {v}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(SCENARIOS))
    ap.add_argument("--seconds", type=float, default=20.0, help="posting time per scenario")
    ns = ap.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server not found (Debian package redis-server)")
    run_dir = Path(tempfile.mkdtemp(prefix="echo-faults-"))
    lab = Lab(fresh_database(POSTGRES), run_dir)
    try:
        run_loop(run_all(lab, ns.only.split(","), ns.seconds))
    finally:
        lab.close()
        print(f"\n(logs: {run_dir})")


if __name__ == "__main__":
    main()
