"""Responses compressed (Flask-Compress: zstd, brotli, gzip) when the client accepts it.

What is compressed: HTML, CSS, JavaScript, JSON, CSV, calendars and other text, from 500
bytes up. Socket.IO's own requests never reach Flask (its WSGI middleware answers them
first) and engine.io compresses its long-polling replies itself; streamed responses are left
alone, because a compressor holds back what it has not flushed (static files are not
streamed: echo/core/static_files.py).

BREACH: an attacker who can make a victim's browser send many requests that reflect their
guess (a search query) next to a secret (the CSRF token, case text) and who can see the
encrypted response sizes can read the secret byte by byte, but only through compression.
Those requests are started by the attacker's site, so the browser labels them
`Sec-Fetch-Site: cross-site` (or `same-site` from a sibling domain): such pages go out
uncompressed. Same-origin navigation and the page's own fetches (`same-origin`), and what the
user typed or bookmarked (`none`), are compressed. Static files hold no secret and are
always compressed. Browsers too old to send Sec-Fetch-Site (before 2020-2023) get compressed
pages: the login cookie is SameSite=Lax, so the attacker's subresource requests arrive
logged out, leaving only top-level navigations, one visible page load per guess.
"""
from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

compress = Compress()
TRUSTED_FETCH_SITES = {"same-origin", "none"}
MIMETYPES = [
    "text/html", "text/css", "text/plain", "text/csv", "text/calendar", "text/markdown",
    "text/javascript", "application/javascript", "application/json", "image/svg+xml",
]


def may_compress() -> bool:
    if request.endpoint == "static":
        return True
    return request.headers.get("Sec-Fetch-Site", "none") in TRUSTED_FETCH_SITES


def init_compression(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_REGISTER", False)  # registered below, behind may_compress()
    app.config.setdefault("COMPRESS_STREAMS", False)
    # Brotli first: on these small text files zstd at its default level comes out larger than gzip.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip", "zstd", "deflate"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)  # smaller than gzip -6 at about its speed; level 4 is larger
    compress.init_app(app)

    @app.after_request
    def compress_response(resp: Response) -> Response:
        if request.endpoint != "static":
            # Whether the page was compressed depends on this header as well.
            resp.vary.add("Sec-Fetch-Site")
        if may_compress():
            return compress.after_request(resp)
        resp.vary.add("Accept-Encoding")
        return resp
