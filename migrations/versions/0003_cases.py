"""Case submission, privacy and review changes (issue 3)

Revision ID: 0003_cases
Revises: 0002_programs
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_cases"
down_revision = "0002_programs"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
