"""Errors raised by domain functions; routes and socket handlers turn them into 4xx/acks."""
from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The user may not do this (HTTP 403, socket error ack 'forbidden')."""

    status = 403
    code = "forbidden"


class Invalid(DomainError):
    """Bad input (HTTP 400 or the form shown again with the message beside the field)."""

    status = 400
    code = "invalid"


class Conflict(DomainError):
    """The object changed underneath the user (stale edit, forbidden state transition)."""

    status = 409
    code = "conflict"


class NotFound(DomainError):
    status = 404
    code = "not_found"
