"""Live conference changes (issue 4)

No schema change was needed: the live board uses the tables of 0001_foundation
(live_events, questions, recommendations, recommendation_edits, endorsements, summaries,
presence_intervals) and the live fields of clinic_sessions as they are.

Revision ID: 0004_live
Revises: 0003_cases
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0004_live"
down_revision = "0003_cases"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
