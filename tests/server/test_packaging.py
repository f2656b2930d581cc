"""`pip install .` (not editable) gives a working app: the wheel carries the templates, static
files and migrations, and the installed package serves the login page from a fresh virtualenv."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT
from tests.helpers import free_port

# What a wheel is built from: the package, its top-level data folders and the packaging files.
SOURCES = ["echo", "templates", "static", "migrations", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md"]


def _run(argv, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, capture_output=True, text=True, check=False, **kw)
    assert done.returncode == 0, f"{argv[:3]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read().decode("utf-8", "replace")


@pytest.mark.server
@pytest.mark.timeout(1200)
def test_the_installed_wheel_serves_the_login_page(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "dist"), str(src)])
    [wheel] = (tmp_path / "dist").glob("*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    py = venv / "bin" / "python"
    # The locked versions, from whatever index pip is configured with (the wheel's own ranges
    # allow them), then the wheel itself.
    _run([str(py), "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements" / "app.lock"), str(wheel)])

    home = tmp_path / "site"  # not the checkout: nothing may come from the source tree
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "ECHO_", "FLASK_"))}
    port = free_port()
    env.update({"ECHO_INSTANCE_PATH": str(home / "instance"), "ECHO_DATABASE_URL": f"sqlite:///{home / 'echo.db'}",
                "ECHO_PORT": str(port), "ECHO_PRINT_LOGINS": "0", "SECRET_KEY": "packaging-test-key", "FLASK_APP": "echo"})
    where = _run([str(py), "-c", "import echo; print(echo.SOURCE_CHECKOUT, echo.resource_dir('templates'))"],
                 cwd=home, env=env).stdout.split()
    assert where[0] == "False" and where[1].startswith(str(venv))
    _run([str(venv / "bin" / "flask"), "db", "upgrade"], cwd=home, env=env)  # migrations from the wheel

    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 (closed in the finally below)
    proc = subprocess.Popen([str(py), "-m", "echo.server.serve"], cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        status, page = _get(base + "/auth/login")
        assert status == 200 and 'name="password"' in page and "<title>" in page  # a template
        css = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        status, body = _get(base + css)  # a static file from the wheel
        assert status == 200 and len(body) > 100
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
