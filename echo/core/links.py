"""Absolute links (mail, calendar feeds, the API's documents) from the configured base URL.

Never from the request's Host header: the client chooses that header, so a forged one would
put another site into a mailed link, a subscribed calendar or a cached API document.
"""
from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, url_for


def base_url() -> str:
    return str(current_app.config["BASE_URL"]).rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    if has_request_context():
        return base_url() + url_for(endpoint, **values)
    # Outside a request (a job in the consumer): the path from the URL map alone.
    return base_url() + current_app.url_map.bind("localhost").build(endpoint, values)
