"""The audit log: who did what to which object. Details never hold case text."""
from __future__ import annotations

from echo.core.extensions import db
from echo.accounts.models import AuditLog, User


def record(actor: User | None, action: str, object_type: str, object_id: int | None, program_id: int | None = None, detail: str = "") -> AuditLog:
    """Add an audit entry to the current transaction; the caller commits."""
    entry = AuditLog(
        actor_id=actor.id if actor is not None and getattr(actor, "is_authenticated", True) else None,
        action=action, object_type=object_type, object_id=object_id, program_id=program_id, detail=detail[:500],
    )
    db.session.add(entry)
    return entry
