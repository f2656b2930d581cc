"""Static files under content-hashed names, cached by browsers for a year.

`url_for('static', filename='css/app.css')` gives `/static/css/app.<hash>.css`, where the
hash is taken from the file's bytes when the app starts. A page therefore names exactly the
bytes it was written for, so the browser may keep them for a year without asking again
(`immutable`): a warm page load makes no request for them, which on a 400 ms link is most of
the time it takes. A new deploy changes the hash and so the URL.

Written here rather than taken from a library: Flask-Static-Digest needs a compile step that
writes hashed copies next to the sources (one more step a deployment can forget, and stale
copies in static/), and WhiteNoise's hashing belongs to Django's storage. This is one dict
built at start-up.

Files are served from memory (the folder is small) and not streamed, so Flask-Compress
compresses them like any other response (echo/core/compression.py).
"""
from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface

HASH_LEN = 12
FOREVER = "public, max-age=31536000, immutable"
# An unhashed name, or the hash of an earlier deploy (a page rendered before a restart): the
# current bytes, which the browser must check again before reusing.
REVALIDATE = "no-cache"
HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LEN}}})(?P<ext>\.[^./]+)$")


@dataclass(frozen=True)
class Asset:
    name: str  # as written in templates: css/app.css
    hashed: str  # css/app.0123456789ab.css
    digest: str
    body: bytes
    mimetype: str
    mtime_ns: int


def _hashed_name(name: str, digest: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot or "/" in ext:
        return f"{name}.{digest}"
    return f"{stem}.{digest}.{ext}"


def _read(folder: Path, path: Path) -> Asset:
    body = path.read_bytes()
    digest = hashlib.sha256(body).hexdigest()[:HASH_LEN]
    name = path.relative_to(folder).as_posix()
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Asset(name, _hashed_name(name, digest), digest, body, mimetype, path.stat().st_mtime_ns)


class StaticFiles:
    """Every file of the static folder by its name and by its hashed name."""

    def __init__(self, folder: Path, recheck: bool = False) -> None:
        self.folder = folder
        # In debug mode an edited file gets its new hash without a restart.
        self.recheck = recheck
        self.by_name: dict[str, Asset] = {}
        self.by_hashed: dict[str, Asset] = {}
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                self._add(_read(folder, path))

    def _add(self, asset: Asset) -> None:
        old = self.by_name.get(asset.name)
        if old is not None:
            self.by_hashed.pop(old.hashed, None)
        self.by_name[asset.name] = asset
        self.by_hashed[asset.hashed] = asset

    def get(self, name: str) -> Asset | None:
        asset = self.by_name.get(name)
        if asset is not None and self.recheck:
            path = self.folder / name
            if path.is_file() and path.stat().st_mtime_ns != asset.mtime_ns:
                asset = _read(self.folder, path)
                self._add(asset)
        return asset

    def url_name(self, name: str) -> str:
        asset = self.get(name)
        return asset.hashed if asset is not None else name

    def lookup(self, filename: str) -> tuple[Asset, bool] | None:
        """The asset a URL names and whether the URL carries its current hash."""
        asset = self.by_hashed.get(filename)
        if asset is not None and self.get(asset.name) is asset:
            return asset, True
        plain = self.get(filename)
        if plain is not None:
            return plain, False
        m = HASHED.match(filename)
        if m is not None:
            older = self.get(m["stem"] + m["ext"])
            if older is not None:
                return older, False
        return None


def _files() -> StaticFiles:
    files: StaticFiles = current_app.extensions["echo_static"]
    return files


def serve_static(filename: str) -> Response:
    """GET /static/<filename>, for anyone (the files hold no case data)."""
    found = _files().lookup(filename)
    if found is None:
        abort(404)
    asset, current = found
    resp = Response(asset.body, mimetype=asset.mimetype)
    resp.headers["Cache-Control"] = FOREVER if current else REVALIDATE
    resp.set_etag(asset.digest)
    resp.make_conditional(request)  # the same response, made a 304 when the browser's copy is current
    return resp


class SessionInterface(SecureCookieSessionInterface):
    """Flask's cookie session, except that static files do not say `Vary: Cookie`.

    Flask-Login's after-request hook reads the session on every request, and Flask then
    marks the response as varying by cookie; a static file does not, and saying so would keep
    shared caches (a clinic's proxy) from holding one copy for everyone.
    """

    def save_session(self, app, session, response) -> None:  # type: ignore[no-untyped-def]
        super().save_session(app, session, response)
        if request.endpoint == "static":
            rest = [v for v in response.vary if v.lower() != "cookie"]
            if rest:
                response.headers["Vary"] = ", ".join(rest)
            else:
                response.headers.pop("Vary", None)


def init_static(app: Flask) -> None:
    assert app.static_folder is not None
    files = StaticFiles(Path(app.static_folder), recheck=app.debug)
    app.extensions["echo_static"] = files
    app.view_functions["static"] = serve_static
    app.session_interface = SessionInterface()

    @app.url_defaults
    def hashed_static_names(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = files.url_name(values["filename"])

    # The page icon travels inside each page (about 250 bytes) instead of as a file: browsers
    # fetch icons on their own schedule and do not always take them from their cache, so a
    # linked icon was the one request a warm page load still made on a slow link.
    icon = (Path(app.static_folder) / "favicon.svg").read_text(encoding="utf-8").strip()
    app.jinja_env.globals["page_icon"] = "data:image/svg+xml," + quote(icon, safe=" /:=,.-")

