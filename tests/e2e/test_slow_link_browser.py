"""Browser: on a clinic's slow link, a page seen before loads its CSS and JavaScript from the
browser's cache without asking the server (content-hashed names, cached for a year)."""
from __future__ import annotations

import pytest

from tests.factories import live_session_on_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


class NetworkLog:
    """Requests that reached the server, from Chromium's own network events (answers from its
    cache, memory or disk, are not requests to the server; revalidations that came back 304 are)."""

    def __init__(self, page) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.cached: set[str] = set()
        self.cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        self.cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        self.cdp.on("Network.responseReceived", self._response)

    def _response(self, e) -> None:
        if e["response"].get("fromDiskCache") or e["response"].get("fromPrefetchCache"):
            self.cached.add(e["requestId"])

    def clear(self) -> None:
        self.urls, self.cached = {}, set()

    def to_server(self, part: str) -> list[str]:
        return [u for rid, u in self.urls.items() if part in u and rid not in self.cached]


def test_a_warm_page_load_asks_nothing_for_static_files(app, people, live_server, new_page):
    session, _ = live_session_on_case(people)
    server = live_server()
    page = new_page()
    browser_login(page, server.url, people.participant.email)
    net = NetworkLog(page)

    board = f"{server.url}/sessions/{session.id}/live"
    page.goto(board)
    page.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    first = net.to_server("/static/")
    assert {u.rsplit("/", 2)[-2] for u in first} >= {"vendor", "js"}  # the first visit fetched the board's scripts

    for url in (f"{server.url}/home", board):
        net.clear()
        page.goto(url)
        page.wait_for_load_state("load")
        if url == board:
            page.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
        # Styled and scripted from the cache: nothing under /static/ reached the server.
        assert page.evaluate("() => getComputedStyle(document.querySelector('header.top')).display") == "flex"
        assert net.to_server("/static/") == [], url
