"""Calendar feed links stored as hashes; sign-up confirmed by mail

Revision ID: 0019_calendar_token_hash
Revises: 0018_self_efficacy

- users and programs: calendar_token (the feed's secret, in clear) becomes
  calendar_token_hash (its sha256), calendar_nonce (from which the app derives the link it shows,
  with its secret key) and calendar_previous_hash. Each stored token is hashed into
  calendar_token_hash, so calendars already subscribed keep working; the first time the page
  shows the link it makes a derived one and moves the old hash to calendar_previous_hash, where
  it keeps working until someone resets the link (echo.programs.calendar_links).
- users.confirmed_at: a new account cannot log in until its owner opens the link mailed at
  sign-up. Accounts that exist already count as confirmed (since they were made).

Downgrade cannot give back the tokens (only hashes are kept): every feed gets a new link.
"""
import hashlib
import secrets

import sqlalchemy as sa
from alembic import op

import echo.core.types

revision = "0019_calendar_token_hash"
down_revision = "0018_self_efficacy"
branch_labels = None
depends_on = None

TABLES = ("users", "programs")


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def upgrade() -> None:
    conn = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("calendar_token_hash", sa.String(length=64), nullable=True))
            batch.add_column(sa.Column("calendar_nonce", sa.String(length=64), nullable=True))
            batch.add_column(sa.Column("calendar_previous_hash", sa.String(length=64), nullable=True))
        rows = sa.table(table, sa.column("id", sa.Integer), sa.column("calendar_token", sa.String),
                        sa.column("calendar_token_hash", sa.String))
        for row_id, token in conn.execute(sa.select(rows.c.id, rows.c.calendar_token)).all():
            conn.execute(rows.update().where(rows.c.id == row_id).values(calendar_token_hash=_sha256(token)))
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_calendar_token", type_="unique")
            batch.drop_column("calendar_token")
            batch.create_unique_constraint(batch.f(f"uq_{table}_calendar_token_hash"), ["calendar_token_hash"])
            batch.create_unique_constraint(batch.f(f"uq_{table}_calendar_previous_hash"), ["calendar_previous_hash"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("confirmed_at", echo.core.types.UTCDateTime(), nullable=True))
    op.execute("UPDATE users SET confirmed_at = created_at")


def downgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("users") as batch:
        batch.drop_column("confirmed_at")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        rows = sa.table(table, sa.column("id", sa.Integer), sa.column("calendar_token", sa.String))
        for (row_id,) in conn.execute(sa.select(rows.c.id)).all():
            conn.execute(rows.update().where(rows.c.id == row_id).values(calendar_token=secrets.token_urlsafe(24)))
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_calendar_previous_hash", type_="unique")
            batch.drop_constraint(f"uq_{table}_calendar_token_hash", type_="unique")
            batch.drop_column("calendar_previous_hash")
            batch.drop_column("calendar_nonce")
            batch.drop_column("calendar_token_hash")
            batch.alter_column("calendar_token", existing_type=sa.String(length=64), nullable=False)
            batch.create_unique_constraint(batch.f(f"uq_{table}_calendar_token"), ["calendar_token"])
