"""The live rate limit counts a user's recent board events: index live_events by author and time

Revision ID: 0006_live_rate_index
Revises: 0005_library
"""
from alembic import op

revision = "0006_live_rate_index"
down_revision = "0005_library"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_live_events_author_created", "live_events", ["author_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_live_events_author_created", table_name="live_events")
