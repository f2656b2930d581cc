from __future__ import annotations

import pytest


def program_form(**over) -> dict:
    """A valid program form (weekly, Tuesday noon, Denver), with overrides."""
    data = {
        "name": "Behavioral Health ECHO", "topic": "Behavioral Health in Primary Care", "description": "Weekly clinic.",
        "hub_team": "Dr. A, psychiatry", "timezone": "America/Denver", "video_url": "https://zoom.us/j/123456789",
        "visibility": "public", "frequency": "weekly", "weekday": "TU", "nth": "", "custom_rrule": "",
        "first_date": "2027-01-05", "start_time": "12:00", "duration_minutes": "60", "until_date": "2027-12-28",
    }
    data.update(over)
    return data


@pytest.fixture
def form_data():
    return program_form


@pytest.fixture(autouse=True)
def _fresh_login_per_request(request):
    """The `app` fixture keeps one app context pushed for the whole test, so Flask's `g` (where
    Flask-Login caches the current user) outlives each request: a second client logged in as
    someone else would still be served as the first user. Forget the cached user per request."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    from flask import g

    def forget():
        g.pop("_login_user", None)

    app.before_request_funcs.setdefault(None, []).insert(0, forget)
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    """scrypt costs ~70 ms per factory user; tests do not need its strength."""
    from functools import partial

    from werkzeug.security import generate_password_hash

    import echo.models.user as user_module

    monkeypatch.setattr(user_module, "generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1000"))
