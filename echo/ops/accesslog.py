"""Secret tokens out of access logs.

Calendar feeds, password resets, sign-up confirmations and invitations carry their secret in the URL path, and an
access log line (the request line, and the Referer of the page's own CSS and script requests)
would keep it in plain text for anyone who reads the logs. Servers' log formats cannot cut
part of a path, so each server's access logger passes its line through redact():
echo.server.serve's gevent handler, gunicorn's logger class (echo.server.gunicorn_conf) and Werkzeug's
development server (a filter on its logger).
"""
from __future__ import annotations

import logging
import re

# The routes whose last path segment is a secret (tests/server/test_log_privacy.py checks that every
# route with a <token> argument is covered), also percent-encoded in a query string (the login
# page's ?next=%2Finvites%2F... after an invitation).
_SEP = r"(?:/|%2[Ff])"
SECRET_PATH = re.compile(
    rf"({_SEP}(?:calendar{_SEP}program|calendar{_SEP}me|auth{_SEP}reset|auth{_SEP}confirm|invites){_SEP})[^/?#&;%\s\"']+")
REDACTED = "<secret>"


def redact(line: str) -> str:
    return SECRET_PATH.sub(r"\1" + REDACTED, line)


class RedactSecrets(logging.Filter):
    """Rewrites a record whose formatted message holds a secret path."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


REDACT_SECRETS = RedactSecrets()


def install_log_redaction() -> None:
    # Werkzeug's development server (`flask run`) logs each request line on its own logger.
    logging.getLogger("werkzeug").addFilter(REDACT_SECRETS)
