"""The production topology on one machine: nginx in front of several gunicorn app processes
sharing PostgreSQL and Redis (docs/deployment.md, "Several processes").

    python -m deploy.topology            # `make serve-prod`: migrate, demo data if empty, serve
    python -m deploy.topology --apps 3 --port 8080

The nginx configuration is rendered from deploy/nginx.conf.j2 into a run directory (never
/etc); tests and benchmarks start the same thing through Topology.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.j2"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx not found: `make serve-prod` and `make test` install Debian's nginx package")
    return found


def render_nginx(run_dir: Path, listen: int, backends: list[AppProcess], workers: int = 1) -> Path:
    """Write run_dir/nginx.conf for these app processes and return its path."""
    import jinja2

    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    # nginx started by root switches its workers to another user; they must reach the run directory.
    user = "root" if os.geteuid() == 0 else None
    text = jinja2.Template(TEMPLATE.read_text()).render(
        run_dir=run_dir, listen=f"127.0.0.1:{listen}", backends=backends, workers=workers, user=user)
    path = run_dir / "nginx.conf"
    path.write_text(text)
    return path


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the process exited:\n" + log.read_text()[-3000:])
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start:\n" + log.read_text()[-3000:])


def stop_process(proc: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@dataclass
class AppProcess:
    """One gunicorn process (one gevent worker) on its own port."""

    name: str
    port: int
    log: Path
    proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}"


@dataclass
class Topology:
    """nginx + `apps` gunicorn processes on db_url and redis_url. start() returns when every
    process answers /healthz; stop() ends them all (also after a failed start)."""

    db_url: str
    redis_url: str
    run_dir: Path
    apps_count: int = 2
    port: int = 0
    env: dict = field(default_factory=dict)
    apps: list[AppProcess] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app_env(self) -> dict:
        env = dict(os.environ)
        env.update({
            "ECHO_DATABASE_URL": self.db_url,
            "ECHO_MESSAGE_QUEUE": self.redis_url,
            "ECHO_BASE_URL": self.url,
            "ECHO_TRUSTED_PROXIES": "1",  # nginx appends the client's address
            "ECHO_LOG_FORMAT": "json",
            "ECHO_ASYNC_MODE": "gevent",
            "PYTHONUNBUFFERED": "1",
        })
        env.setdefault("SECRET_KEY", secrets.token_hex(32))
        env.update(self.env)
        return env

    def start(self) -> Topology:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        if "SECRET_KEY" not in self.env and "SECRET_KEY" not in os.environ:
            self.env["SECRET_KEY"] = secrets.token_hex(32)  # the same in every process
        self.apps = [AppProcess(f"a{i + 1}", free_port(), self.run_dir / f"app-a{i + 1}.log") for i in range(self.apps_count)]
        try:
            for app in self.apps:
                self.start_app(app, wait=False)
            for app in self.apps:
                wait_healthy(app.url, app.proc, app.log)
            conf = render_nginx(self.run_dir, self.port, self.apps)
            log = self.run_dir / "nginx-error.log"
            with open(self.run_dir / "nginx-stderr.log", "w") as err:
                self.nginx = subprocess.Popen([nginx_binary(), "-c", str(conf), "-p", str(self.run_dir), "-e", str(log)],
                                              stdout=subprocess.DEVNULL, stderr=err)
            wait_healthy(self.url, self.nginx, self.run_dir / "nginx-stderr.log")
        except BaseException:
            self.stop()
            raise
        return self

    def start_app(self, app: AppProcess, wait: bool = True) -> None:
        argv = [sys.executable, "-m", "gunicorn", "-c", "python:echo.server.gunicorn_conf", "-b", app.address,
                "--graceful-timeout", "5",
                # Several gunicorns on one machine: the default control socket path would be shared.
                "--no-control-socket", "echo.server.wsgi:app"]
        with open(app.log, "a") as out:
            # A process group of its own: gunicorn's master and its worker die together (kill_app).
            app.proc = subprocess.Popen(argv, cwd=ROOT, env=self.app_env(), stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        if wait:
            wait_healthy(app.url, app.proc, app.log)

    def kill_app(self, app: AppProcess) -> None:
        """The process dies at once (SIGKILL to gunicorn's master and worker): no goodbye to its
        sockets, as in a crash of the machine's process or an out-of-memory kill."""
        if app.proc is not None and app.proc.poll() is None:
            os.killpg(app.proc.pid, signal.SIGKILL)
            app.proc.wait(10)

    def stop(self) -> None:
        stop_process(self.nginx, signal.SIGQUIT)  # graceful: open requests finish
        for app in self.apps:
            stop_process(app.proc)

    def __enter__(self) -> Topology:  # noqa: PYI034
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _prepare_database(db_url: str) -> None:
    """Create the database if missing, migrate it, and load the demo into an empty one."""
    import sqlalchemy as sa

    url = sa.engine.make_url(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    if url.get_backend_name() == "postgresql":
        admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}).first():
                conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
        admin.dispose()
    env = dict(os.environ, ECHO_DATABASE_URL=db_url, FLASK_APP="echo")
    flask = [sys.executable, "-m", "flask"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True)
    subprocess.run(flask + ["demo-data", "--if-empty"], cwd=ROOT, env=env, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--apps", type=int, default=2, help="app processes behind nginx (at least 2)")
    ap.add_argument("--port", type=int, default=int(os.environ.get("ECHO_PORT", "8080")))
    ap.add_argument("--run-dir", type=Path, default=ROOT / "run" / "prod")
    ns = ap.parse_args()
    db_url = os.environ.get("ECHO_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/echo")
    redis_url = os.environ.get("ECHO_MESSAGE_QUEUE", "redis://127.0.0.1:6379/0")
    _prepare_database(db_url)
    topo = Topology(db_url, redis_url, ns.run_dir, apps_count=max(2, ns.apps), port=ns.port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with topo:
        print(f" * ECHO on {topo.url} (nginx) in front of " + ", ".join(a.url for a in topo.apps), flush=True)
        print(f" * config and logs in {ns.run_dir}; Ctrl-C stops everything", flush=True)
        try:
            while all(a.proc.poll() is None for a in topo.apps) and topo.nginx.poll() is None:
                time.sleep(1)
            print("a process exited: see the logs in the run directory; stopping", flush=True)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
