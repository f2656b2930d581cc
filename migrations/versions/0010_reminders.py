"""Session reminders: one row per (session, member) reminded, so each is sent once

Revision ID: 0010_reminders
Revises: 0009_privacy_redact

The job consumer reminds members 24 hours before a session (echo/programs/reminders.py).
The unique constraint is what keeps two consumers, or a restarted one, from reminding a
member twice.
"""
import sqlalchemy as sa
from alembic import op

from echo.core.types import UTCDateTime

revision = "0010_reminders"
down_revision = "0009_privacy_redact"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("clinic_sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("session_id", "user_id", name="uq_session_reminders_once"),
    )
    op.create_index("ix_session_reminders_user_id", "session_reminders", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_session_reminders_user_id", table_name="session_reminders")
    op.drop_table("session_reminders")
