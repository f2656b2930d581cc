"""Apply the retention rule to text already stored: redact earlier revisions of submitted cases

Revision ID: 0009_privacy_redact
Revises: 0008_case_view_audit

For every case that has been submitted (its submitted_at is set), each stored revision saved
up to that submission (autosaves included) is scanned with the case's dismissals and every
unresolved finding's span is replaced by a placeholder naming its kind, as
echo.cases.retention does on each new submission; the revision is marked "_redacted" with the
count, which the history page shows. No schema change. Downgrade does nothing: the removed
text is gone on purpose.
"""
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from echo.privacy.redact import redact_fields

revision = "0009_privacy_redact"
down_revision = "0008_case_view_audit"
branch_labels = None
depends_on = None

# The scanned fields as of this migration (echo.cases.privacy_check.PRIVACY_FIELDS).
FIELDS = ("title", "setting", "chief_concern", "history", "medications", "tests", "treatment", "social_factors",
          "narrative", "questions", "tags")
MARK = "_redacted"


def _as_dict(value):
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _aware(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def upgrade() -> None:
    bind = op.get_bind()
    revisions = sa.table("case_revisions", sa.column("id", sa.Integer), sa.column("case_id", sa.Integer),
                         sa.column("data", sa.JSON), sa.column("created_at", sa.DateTime))
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("submitted_at", sa.DateTime))
    dismissals = sa.table("privacy_dismissals", sa.column("case_id", sa.Integer), sa.column("field", sa.String),
                          sa.column("fingerprint", sa.String))
    submitted = {cid: _aware(at) for cid, at in bind.execute(
        sa.select(cases.c.id, cases.c.submitted_at).where(cases.c.submitted_at.is_not(None)))}
    if not submitted:
        return
    dismissed: dict = {}
    for cid, field, fp in bind.execute(sa.select(dismissals.c.case_id, dismissals.c.field, dismissals.c.fingerprint)):
        dismissed.setdefault(cid, {}).setdefault(field, set()).add(fp)
    now = datetime.now(UTC).isoformat()
    rows = bind.execute(sa.select(revisions.c.id, revisions.c.case_id, revisions.c.data, revisions.c.created_at)
                        .where(revisions.c.case_id.in_(list(submitted)))).all()
    for rid, cid, raw, created in rows:
        data = _as_dict(raw)
        created = _aware(created)
        if data is None or (created is not None and created > submitted[cid]):
            continue  # saved after the last submission: the case is being edited again
        new, n = redact_fields(data, FIELDS, dismissed.get(cid, {}))
        if not n:
            continue
        before = data.get(MARK) if isinstance(data.get(MARK), dict) else {}
        new[MARK] = {"at": now, "replaced": int(before.get("replaced", 0)) + n}
        bind.execute(revisions.update().where(revisions.c.id == rid).values(data=new))


def downgrade() -> None:
    pass
