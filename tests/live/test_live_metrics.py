"""The live board's metrics on a real server: sockets connected, events stored and their
fan-out time, scraped from /metrics with the bearer token; no case text in them."""
from __future__ import annotations

import time

import pytest
import requests

from tests.helpers import Peer, start_live_session

pytestmark = pytest.mark.server

MARK = "zanzibarquokka"  # only ever in a post's text


def _scrape(server, token: str) -> dict[str, float]:
    r = requests.get(server.url + "/metrics", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 200
    assert MARK not in r.text
    samples: dict[str, float] = {}
    for line in r.text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def test_sockets_posts_and_fan_out_are_measured(live_server, scene):
    server = live_server(ECHO_METRICS_TOKEN="m-token-123")
    assert requests.get(server.url + "/metrics", timeout=10).status_code == 401
    coord = start_live_session(server, scene)
    spec = Peer(server, scene["specialist"]).connect()
    try:
        sid = scene["session"].id
        assert spec.call("join", session_id=sid, last_seq=0)["ok"]
        before = _scrape(server, "m-token-123")
        assert before["echo_sockets_connected"] == 2
        r = spec.call("post_recommendation", session_id=sid, category="medication", text=f"Start sertraline {MARK}.",
                      client_id="r1")
        assert r["ok"], r
        kind = r["event"]["kind"]
        after = _scrape(server, "m-token-123")
        posts = f'echo_live_posts_total{{kind="{kind}"}}'
        assert after[posts] == before.get(posts, 0) + 1
        assert after["echo_live_fanout_seconds_count"] == before["echo_live_fanout_seconds_count"] + 1
        assert after['echo_http_requests_total{endpoint="auth.login",method="POST",status="302"}'] == 2
        spec.close()
        coord.close()
        deadline = time.monotonic() + 10  # the server sees the close when the frame arrives
        while _scrape(server, "m-token-123")["echo_sockets_connected"] != 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _scrape(server, "m-token-123")["echo_sockets_connected"] == 0
    finally:
        spec.close()
        coord.close()
