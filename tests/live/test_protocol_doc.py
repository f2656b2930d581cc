"""docs/realtime.md is the contract for clients written without the app's code: every event a
client may send, every kind and error code the server may answer, and the limits it states
are the code's."""
from __future__ import annotations

import re
from pathlib import Path

from limits import parse

from echo.core import errors
from echo.live import payloads, rules
from echo.live import socket_events as events

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "realtime.md").read_text()


def _section(title: str) -> str:
    start = DOC.index(f"## {title}\n")
    end = DOC.find("\n## ", start + 1)
    return DOC[start:end if end != -1 else None]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _code_kinds() -> set[str]:
    src = "".join(p.read_text() for d in ("live", "summaries") for p in (ROOT / "echo" / d).glob("*.py"))
    # The kind is append_event's second argument and append_post's third.
    return (set(re.findall(r'append_event\(\s*\w+,\s*"(\w+)"', src))
            | set(re.findall(r'append_post\(\s*\w+,\s*\w+,\s*"(\w+)"', src)))


def test_every_client_event_is_in_the_doc():
    table = _section("Events from the client")
    names = [n for n in events.HANDLERS if n not in events.CONNECTION_EVENTS]
    assert names and [n for n in names if f"| `{n}` |" not in table] == []


def test_every_kind_is_documented_with_its_data_and_its_rate_limit_rule():
    kinds = _code_kinds()
    assert {"question_posted", "recommendation_posted", "phase_changed", "summary_sent"} <= kinds and len(kinds) == 13
    server = _section("Events from the server")
    assert [k for k in kinds if f"| `{k}` |" not in server] == []
    rule = _section("Limits")
    counted = rule[rule.index("The rate limit counts"):]
    assert [k for k in kinds if f"`{k}`" not in counted] == []
    assert "arrives as the Socket.IO event named **`event`**" in server and "`kind`" in server


def test_every_error_code_is_documented():
    acks = _section("Acknowledgements")
    codes = {c.code for c in _subclasses(errors.DomainError)} | {"server_error"}
    assert {"forbidden", "invalid", "not_found", "conflict", "privacy", "rate_limited"} <= codes
    assert [c for c in codes if f"| `{c}` |" not in acks] == []


def test_the_limits_table_states_the_code_s_numbers(app):
    limits = _section("Limits")

    def row(what: str) -> str:
        return next(line for line in limits.splitlines() if line.startswith(f"| {what}"))

    assert f"{payloads.MAX_TEXT:,} characters" in row("`text`")
    assert f"{rules.REPLAY_LIMIT}" in row("events per `join`")
    assert f"from {payloads.NO_REPLAY} " in row("`last_seq`")
    rate = parse(app.config["LIVE_RATE_LIMIT"])
    assert f"{rate.amount} a {rate.GRANULARITY.name}" in row("writes per user")
    assert "1 to 64 characters" in row("`client_id`")
    assert f"{2**31 - 1:,}" in row("ids")
    if "SOCKET_MESSAGE_LIMIT" in app.config:
        assert f"{app.config['SOCKET_MESSAGE_LIMIT']:,} characters" in row("one message")
    presence = app.config.get("LIVE_PRESENCE_DELAY", 1.0)
    assert presence == 1.0 or "LIVE_PRESENCE_DELAY" in limits
