"""A program's pre/post self-efficacy survey: statements, timing, responses, ratings, invitations

Revision ID: 0018_self_efficacy
Revises: 0016_attendance
"""
import sqlalchemy as sa
from alembic import op

import echo.core.types

revision = "0018_self_efficacy"
down_revision = "0016_attendance"
branch_labels = None
depends_on = None

STAGE = sa.Enum("pre", "post", name="stage", native_enum=False, length=10)


def upgrade() -> None:
    op.create_table(
        "self_efficacy_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_self_efficacy_items_program_id_programs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_efficacy_items")),
    )
    op.create_index(op.f("ix_self_efficacy_items_program_id"), "self_efficacy_items", ["program_id"])
    op.create_table(
        "self_efficacy_plans",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("post_after_sessions", sa.Integer(), nullable=True),
        sa.Column("post_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_self_efficacy_plans_program_id_programs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("program_id", name=op.f("pk_self_efficacy_plans")),
    )
    op.create_table(
        "self_efficacy_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("stage", STAGE, nullable=False),
        sa.Column("created_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_self_efficacy_responses_program_id_programs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_self_efficacy_responses_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_efficacy_responses")),
        sa.UniqueConstraint("program_id", "user_id", "stage", name="uq_self_efficacy_responses_program_user_stage"),
    )
    op.create_index(op.f("ix_self_efficacy_responses_program_id"), "self_efficacy_responses", ["program_id"])
    op.create_index(op.f("ix_self_efficacy_responses_user_id"), "self_efficacy_responses", ["user_id"])
    op.create_table(
        "self_efficacy_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["self_efficacy_items.id"], name=op.f("fk_self_efficacy_ratings_item_id_self_efficacy_items"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["response_id"], ["self_efficacy_responses.id"], name=op.f("fk_self_efficacy_ratings_response_id_self_efficacy_responses"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_efficacy_ratings")),
        sa.UniqueConstraint("response_id", "item_id", name="uq_self_efficacy_ratings_response_item"),
    )
    op.create_index(op.f("ix_self_efficacy_ratings_item_id"), "self_efficacy_ratings", ["item_id"])
    op.create_index(op.f("ix_self_efficacy_ratings_response_id"), "self_efficacy_ratings", ["response_id"])
    op.create_table(
        "self_efficacy_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("stage", STAGE, nullable=False),
        sa.Column("mailed_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_self_efficacy_invites_program_id_programs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_self_efficacy_invites_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_efficacy_invites")),
        sa.UniqueConstraint("program_id", "user_id", "stage", name="uq_self_efficacy_invites_program_user_stage"),
    )
    op.create_index(op.f("ix_self_efficacy_invites_program_id"), "self_efficacy_invites", ["program_id"])
    op.create_index(op.f("ix_self_efficacy_invites_user_id"), "self_efficacy_invites", ["user_id"])


def downgrade() -> None:
    for table in ("self_efficacy_invites", "self_efficacy_ratings", "self_efficacy_responses", "self_efficacy_plans", "self_efficacy_items"):
        op.drop_table(table)
