"""What goes over a slow clinic link: responses compressed when the client accepts it (not for
requests another site started: BREACH), static files under content-hashed names cached for a
year, and what must keep working around that (Socket.IO's long-polling, no-store pages)."""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

import brotli

from echo import ROOT
from echo.core.static_files import HASH_LEN, StaticFiles
from tests.factories import live_session_on_case
from tests.helpers import login

STATIC = ROOT / "static"
YEAR = "public, max-age=31536000, immutable"


def body(resp) -> bytes:
    enc = resp.headers.get("Content-Encoding")
    if enc == "gzip":
        return gzip.decompress(resp.data)
    if enc == "br":
        return brotli.decompress(resp.data)
    assert enc is None, enc
    return resp.data


def digest(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:HASH_LEN]


def vary(resp) -> set[str]:
    return {v.strip().lower() for v in resp.headers.get("Vary", "").split(",") if v.strip()}


# --- compression --------------------------------------------------------------------------

def test_pages_json_css_and_js_are_compressed_when_the_client_accepts_it(client, people):
    login(client, people.coordinator)
    home = client.get("/home", headers={"Accept-Encoding": "gzip"})
    assert home.status_code == 200 and home.headers["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(home)
    text = body(home).decode()
    assert people.coordinator.name in text
    assert int(home.headers["Content-Length"]) == len(home.data) < len(text.encode())

    # Brotli when offered (browsers do over HTTPS): preferred to gzip.
    assert client.get("/home", headers={"Accept-Encoding": "gzip, deflate, br, zstd"}).headers["Content-Encoding"] == "br"

    api = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert api.headers["Content-Encoding"] == "gzip" and json.loads(body(api))["openapi"]

    for name in ("css/app.css", "js/live.js", "vendor/socket.io.min.js"):
        r = client.get(f"/static/{name}", headers={"Accept-Encoding": "br"})
        assert r.headers["Content-Encoding"] == "br", name
        assert body(r) == (STATIC / name).read_bytes()
        assert len(r.data) < 0.5 * len(body(r))


def test_without_accept_encoding_nothing_is_compressed(client, people):
    login(client, people.coordinator)
    for url in ("/home", "/static/css/app.css"):
        r = client.get(url, headers={"Accept-Encoding": "identity"})
        assert r.status_code == 200 and "Content-Encoding" not in r.headers, url


def test_pages_asked_for_by_another_site_are_not_compressed(client, people):
    """BREACH needs compression of a page reflecting the attacker's input next to a secret;
    the attacker's requests come from another site, and the browser says so."""
    login(client, people.coordinator)
    for site in ("cross-site", "same-site"):
        r = client.get("/library/?q=guess", headers={"Accept-Encoding": "gzip, br", "Sec-Fetch-Site": site})
        assert r.status_code == 200 and "Content-Encoding" not in r.headers, site
        assert "sec-fetch-site" in vary(r)
        assert "guess" in r.get_data(as_text=True)
    for site in ("same-origin", "none"):
        r = client.get("/library/?q=guess", headers={"Accept-Encoding": "gzip", "Sec-Fetch-Site": site})
        assert r.headers["Content-Encoding"] == "gzip", site
    # Static files hold no secret: compressed whoever asks.
    r = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip", "Sec-Fetch-Site": "cross-site"})
    assert r.headers["Content-Encoding"] == "gzip"


def test_no_store_pages_keep_their_header_and_arrive_whole(client, people):
    session, _case = live_session_on_case(people)
    from echo.live.nojs import beat_token

    login(client, people.participant)
    beat = beat_token(people.participant.id, session.id)
    r = client.get(f"/sessions/{session.id}/live/here?beat={beat}", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "no-store"
    assert "ETag" not in r.headers
    assert "<html" in body(r).decode()


def test_socketio_long_polling_is_not_touched(client, people):
    """Socket.IO's requests are answered by its WSGI middleware before Flask, so the compressor
    never sees them (engine.io compresses its own long-polling replies)."""
    login(client, people.participant)
    r = client.get("/socket.io/?EIO=4&transport=polling", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert "sec-fetch-site" not in vary(r)
    opened = body(r).decode()
    assert opened.startswith("0{") and json.loads(opened[1:])["sid"]


# --- static files -------------------------------------------------------------------------

def test_pages_link_static_files_by_content_hash(client, people):
    login(client, people.participant)
    session, _case = live_session_on_case(people)
    html = client.get(f"/sessions/{session.id}/live").get_data(as_text=True)
    for name in ("css/app.css", "vendor/socket.io.min.js", "js/live.js"):
        stem, ext = name.rsplit(".", 1)
        assert f'/static/{stem}.{digest(name)}.{ext}"' in html, name
    # No static file is named without its hash.
    urls = re.findall(r"/static/[^\"'\s>]+", html)
    assert urls and all(re.search(rf"\.[0-9a-f]{{{HASH_LEN}}}\.[a-z]+$", u) for u in urls), urls


def test_hashed_static_files_are_cached_for_a_year_for_everyone(client, people):
    login(client, people.participant)
    url = f"/static/css/app.{digest('css/app.css')}.css"
    r = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == YEAR
    # The same bytes for every user: a clinic's shared proxy may hold one copy.
    assert "cookie" not in vary(r)
    assert "Set-Cookie" not in r.headers
    assert body(r) == (STATIC / "css/app.css").read_bytes()
    assert r.headers["Content-Type"].startswith("text/css")


def test_unhashed_or_outdated_static_names_are_served_but_revalidated(client):
    current = (STATIC / "js/live.js").read_bytes()
    for url in ("/static/js/live.js", "/static/js/live.0123456789ab.js"):  # a page from before a deploy
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["Cache-Control"] == "no-cache"
        assert body(r) == current
    again = client.get("/static/js/live.js", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_unknown_static_files_are_not_found(client):
    for url in ("/static/css/nothing.css", "/static/../echo/config.py", "/static/%2e%2e/pyproject.toml",
                "/static/css/app.0123456789ab.js"):
        assert client.get(url).status_code == 404, url


def test_an_edited_static_file_gets_a_new_name_in_debug_mode(tmp_path: Path):
    (tmp_path / "css").mkdir()
    css = tmp_path / "css" / "a.css"
    css.write_text("body{color:red}")
    files = StaticFiles(tmp_path, recheck=True)
    first = files.url_name("css/a.css")
    assert re.fullmatch(rf"css/a\.[0-9a-f]{{{HASH_LEN}}}\.css", first)
    css.write_text("body{color:blue}")
    import os
    os.utime(css, ns=(css.stat().st_mtime_ns + 10**9,) * 2)
    second = files.url_name("css/a.css")
    assert second != first
    assert files.lookup(second)[0].body == b"body{color:blue}"
    assert files.lookup(first) == (files.get("css/a.css"), False)  # the old name: current bytes, revalidated
