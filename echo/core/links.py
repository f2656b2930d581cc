"""Absolute links (mail, calendar feeds, the API's documents) from the configured base URL.

Never from the request's Host header: the client chooses that header, so a forged one would
put another site into a mailed link, a subscribed calendar or a cached API document.
"""
from __future__ import annotations

from flask import current_app, has_request_context, url_for


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def external_url(endpoint: str, **values: object) -> str:
    if not has_request_context():
        # A background sweep (mail from the daily upkeep or a job): url_for needs a request
        # to build a path; the base URL above supplies the host, as for every mailed link.
        with current_app.test_request_context():
            return base_url() + url_for(endpoint, **values)
    return base_url() + url_for(endpoint, **values)
