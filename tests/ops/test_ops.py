"""Operations: /readyz (database and queue reachable), /metrics (Prometheus, behind a bearer
token), request ids, and JSON log lines."""
from __future__ import annotations

import json
import logging
import socket

import pytest

from tests.helpers import REDIS_URL, feed_token, free_port

SECRET = "hunter2Secret"  # a password in a URL: never in an answer or a log line


def _app(**config):
    from echo import create_app

    return create_app({"TESTING": True, "READY_TIMEOUT": 0.5, **config})


# --- /readyz -------------------------------------------------------------------------------------

def test_ready_when_the_database_answers(app, client):
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.get_json() == {"status": "ok", "checks": {"database": "ok"}}


def test_not_ready_names_the_database_that_refuses(caplog):
    caplog.set_level(logging.INFO)
    app = _app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://echo:{SECRET}@127.0.0.1:{free_port()}/echo")
    r = app.test_client().get("/readyz")
    assert r.status_code == 503
    assert r.get_json() == {"status": "unavailable", "checks": {"database": "unavailable"}}
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert "the database did not answer" in logged and SECRET not in logged and SECRET not in r.text


def test_not_ready_when_the_database_accepts_but_never_answers():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections complete in the kernel; nobody ever answers them
    try:
        app = _app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://echo@127.0.0.1:{silent.getsockname()[1]}/echo")
        r = app.test_client().get("/readyz")
        assert r.status_code == 503 and r.get_json()["checks"] == {"database": "unavailable"}
    finally:
        silent.close()


def test_not_ready_names_the_queue_that_does_not_answer(app, client):
    app.config["MESSAGE_QUEUE"] = f"redis://:{SECRET}@127.0.0.1:{free_port()}/0"
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.get_json() == {"status": "unavailable", "checks": {"database": "ok", "queue": "unavailable"}}
    assert SECRET not in r.text


@pytest.mark.skipif(not REDIS_URL, reason="ECHO_TEST_REDIS_URL not set: the reachable-queue case needs a Redis")
def test_ready_with_a_queue_that_answers(app, client):
    app.config["MESSAGE_QUEUE"] = REDIS_URL
    r = client.get("/readyz")
    assert r.status_code == 200 and r.get_json()["checks"] == {"database": "ok", "queue": "ok"}


# --- /metrics ------------------------------------------------------------------------------------

def test_metrics_do_not_exist_without_a_token(app, client):
    assert app.config["METRICS_TOKEN"] is None
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_metrics_need_the_bearer_token(app, client):
    app.config["METRICS_TOKEN"] = "m-token-123"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "m-token-123"},
                    {"Authorization": "Basic bS10b2tlbi0xMjM="}):
        r = client.get("/metrics", headers=headers)
        assert r.status_code == 401 and "m-token-123" not in r.text
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    r = client.get("/metrics", headers={"Authorization": "Bearer m-token-123"})
    assert r.status_code == 200 and r.mimetype == "text/plain"


def _sample(text: str, name: str, **labels: str) -> float:
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{{want}}} ") or (not labels and line.startswith(f"{name} ")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_requests_are_counted_by_endpoint_never_by_path(app, client, people):
    app.config["METRICS_TOKEN"] = "m-token-123"
    auth = {"Authorization": "Bearer m-token-123"}
    token = feed_token(people.participant)
    before = client.get("/metrics", headers=auth).text
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/calendar/me/{token}.ics").status_code == 200
    assert client.get("/no/such/page").status_code == 404
    text = client.get("/metrics", headers=auth).text
    for labels in ({"endpoint": "main.healthz", "method": "GET", "status": "200"},
                   {"endpoint": "(no route)", "method": "GET", "status": "404"}):
        assert _sample(text, "echo_http_requests_total", **labels) == _sample(before, "echo_http_requests_total", **labels) + 1
    assert _sample(text, "echo_http_request_duration_seconds_count", endpoint="main.healthz", method="GET") >= 1
    assert token not in text and "/calendar/" not in text and "/no/such" not in text


def test_server_errors_are_counted(app, client, monkeypatch):
    from echo.main import routes

    app.config["METRICS_TOKEN"] = "m-token-123"
    auth = {"Authorization": "Bearer m-token-123"}
    labels = {"endpoint": "main.favicon", "method": "GET"}
    before = _sample(client.get("/metrics", headers=auth).text, "echo_http_server_errors_total", **labels)

    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(routes, "redirect", broken)
    assert client.get("/favicon.ico").status_code == 500
    text = client.get("/metrics", headers=auth).text
    assert _sample(text, "echo_http_server_errors_total", **labels) == before + 1


# --- request ids ---------------------------------------------------------------------------------

def test_a_request_id_is_kept_when_well_formed_and_made_otherwise(app, client):
    given = "3f2a9c1e-77b0-4a4e-9d51-0c2b8e7f6a10"
    assert client.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"] == given
    made = set()
    for bad in ("", "has spaces", "x" * 129, "<script>", "/calendar/me/abc", "a\u00e9b"):
        rid = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert rid != bad and len(rid) == 32 and int(rid, 16) >= 0
        made.add(rid)
    assert len(made) == 6  # a new one each time
    assert client.get("/no/such/page").headers["X-Request-ID"]  # error pages carry one too


# --- JSON log lines ------------------------------------------------------------------------------

@pytest.fixture
def json_lines():
    """Lines written by a plain stderr-like handler on the root logger, as the process's own
    (basicConfig's) handler would write them after create_app with ECHO_LOG_FORMAT=json."""
    import io

    from echo.ops.logs import REQUEST_ID

    out = io.StringIO()
    handler = logging.StreamHandler(out)
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in out.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)
    handler.removeFilter(REQUEST_ID)


def test_json_log_lines_carry_the_request_id(json_lines, monkeypatch):
    from echo.main import routes

    app = _app(LOG_FORMAT="json")

    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(routes, "redirect", broken)
    r = app.test_client().get("/favicon.ico", headers={"X-Request-ID": "req-42"})
    assert r.status_code == 500 and r.headers["X-Request-ID"] == "req-42"
    logging.getLogger("echo.test").info("outside any request")
    lines = json_lines()
    error = next(line for line in lines if line["message"].startswith("unhandled error"))
    assert error["request_id"] == "req-42" and error["level"] == "ERROR" and error["logger"] == "echo.core.web"
    assert error["message"] == "unhandled error on GET /favicon.ico" and "RuntimeError" in error["exc_info"]
    assert {"time", "level", "logger", "message", "request_id"} <= set(error)
    outside = next(line for line in lines if line["message"] == "outside any request")
    assert outside["request_id"] == "-"


def test_an_unknown_log_format_stops_the_app():
    with pytest.raises(ValueError, match="ECHO_LOG_FORMAT"):
        _app(LOG_FORMAT="xml")
