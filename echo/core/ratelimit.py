"""Rate limits (the `limits` package, moving window), shared by the features that need one.

Storage is Redis when the server processes share one (ECHO_MESSAGE_QUEUE), so that a limit
holds across processes; otherwise process memory.
"""
from __future__ import annotations

import functools
import hashlib

from flask import Flask, current_app
from limits import parse as _parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


def init_rate_limits(app: Flask) -> None:
    mq = app.config.get("MESSAGE_QUEUE") or ""
    uri = app.config.get("RATE_LIMIT_STORAGE") or (mq if mq.startswith(("redis://", "rediss://")) else "memory://")
    app.extensions["echo_limiter"] = MovingWindowRateLimiter(storage_from_string(uri))
    # Namespaced by database: several deployments (or test runs) may share one Redis.
    app.extensions["echo_limit_scope"] = hashlib.sha1(app.config["SQLALCHEMY_DATABASE_URI"].encode()).hexdigest()[:10]


# A live post checks its limit every time: parsing "30/minute" again each time was 9% of a post.
parse = functools.lru_cache(maxsize=64)(_parse)


def _args(name: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    return (name, current_app.extensions["echo_limit_scope"], *keys)


def hit(limit: str, name: str, *keys: str) -> bool:
    """Count one use; False when the limit is already reached."""
    limiter: MovingWindowRateLimiter = current_app.extensions["echo_limiter"]
    return limiter.hit(parse(limit), *_args(name, keys))


def allowed(limit: str, name: str, *keys: str) -> bool:
    """Whether one more use would be within the limit (counts nothing)."""
    limiter: MovingWindowRateLimiter = current_app.extensions["echo_limiter"]
    return limiter.test(parse(limit), *_args(name, keys))
