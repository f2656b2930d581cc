"""Views of a case's text are audited once per viewer, case and clinic session: case_views

Revision ID: 0008_case_view_audit
Revises: 0007_search_unaccent

One row per (viewer, case, session_key); session_key is the clinic session's id, or 0 for a
view outside a session (the case page, the library). The unique constraint is what keeps a
second view, or two at the same moment, from writing a second audit entry.
"""
import sqlalchemy as sa
from alembic import op

from echo.core.types import UTCDateTime

revision = "0008_case_view_audit"
down_revision = "0008_logins"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_views",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("session_key", sa.Integer(), nullable=False),
        sa.Column("how", sa.String(length=40), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "case_id", "session_key", name="uq_case_views_once"),
    )
    op.create_index("ix_case_views_case_id", "case_views", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_views_case_id", table_name="case_views")
    op.drop_table("case_views")
