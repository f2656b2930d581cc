"""Case tests: several users' test clients share one app context (the `app` fixture keeps
it pushed), so Flask-Login's per-context cache of the current user is cleared before each
request; otherwise the first client's user would answer for every client."""
import pytest
from flask import g


@pytest.fixture(autouse=True)
def _fresh_user_per_request(app):
    def forget_user():
        g.pop("_login_user", None)

    app.before_request_funcs.setdefault(None, []).insert(0, forget_user)
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashes(monkeypatch):
    """scrypt is the right choice in production and a waste of seconds here (six users a test)."""
    import functools

    from werkzeug.security import generate_password_hash

    import echo.models.user as user_module

    monkeypatch.setattr(user_module, "generate_password_hash",
                        functools.partial(generate_password_hash, method="pbkdf2:sha256:1"))
