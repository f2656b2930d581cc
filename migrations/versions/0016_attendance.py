"""Attendance corrections, session codes and claims; speakers' and hub members' disclosures

Revision ID: 0016_attendance
Revises: 0015_credit

- attendance_edits: a coordinator's correction of a person's minutes for a session, with the
  reason's category and words (the words stay here, out of the audit log).
- attendance_codes: one short code per session for those who attend by phone.
- attendance_claims: an attendee's claim made with the code, pending until a coordinator
  approves or declines it; one per person and session.
- disclosures, disclosure_relationships: each person's dated statement of their financial
  relationships for a program (ACCME), or that they have none.
"""
import sqlalchemy as sa
from alembic import op

import echo.core.types  # noqa: F401  (UTCDateTime columns)

revision = "0016_attendance"
down_revision = "0015_credit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attendance_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("reason_kind", sa.Enum("phone", "dropped", "other_account", "other", name="editreason",
                                         native_enum=False, length=20), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["clinic_sessions.id"], name=op.f("fk_attendance_edits_session_id_clinic_sessions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_attendance_edits_program_id_programs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_attendance_edits_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["editor_id"], ["users.id"], name=op.f("fk_attendance_edits_editor_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_edits")),
    )
    with op.batch_alter_table("attendance_edits") as batch:
        batch.create_index(batch.f("ix_attendance_edits_session_id"), ["session_id"], unique=False)
        batch.create_index(batch.f("ix_attendance_edits_program_id"), ["program_id"], unique=False)
        batch.create_index(batch.f("ix_attendance_edits_user_id"), ["user_id"], unique=False)

    op.create_table(
        "attendance_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["clinic_sessions.id"], name=op.f("fk_attendance_codes_session_id_clinic_sessions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_attendance_codes_created_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_codes")),
        sa.UniqueConstraint("session_id", name=op.f("uq_attendance_codes_session_id")),
        sa.UniqueConstraint("code", name=op.f("uq_attendance_codes_code")),
    )

    op.create_table(
        "attendance_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum("pending", "approved", "declined", name="claimstatus", native_enum=False, length=20),
                  nullable=False),
        sa.Column("created_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", echo.core.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["clinic_sessions.id"], name=op.f("fk_attendance_claims_session_id_clinic_sessions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_attendance_claims_program_id_programs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_attendance_claims_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_attendance_claims_decided_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_claims")),
        sa.UniqueConstraint("session_id", "user_id", name="uq_attendance_claims_session_user"),
    )
    with op.batch_alter_table("attendance_claims") as batch:
        batch.create_index(batch.f("ix_attendance_claims_session_id"), ["session_id"], unique=False)
        batch.create_index(batch.f("ix_attendance_claims_program_id"), ["program_id"], unique=False)
        batch.create_index(batch.f("ix_attendance_claims_user_id"), ["user_id"], unique=False)

    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("none_to_disclose", sa.Boolean(), nullable=False),
        sa.Column("declared_at", echo.core.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_disclosures_program_id_programs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_disclosures_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    with op.batch_alter_table("disclosures") as batch:
        batch.create_index(batch.f("ix_disclosures_program_id"), ["program_id"], unique=False)
        batch.create_index(batch.f("ix_disclosures_user_id"), ["user_id"], unique=False)

    op.create_table(
        "disclosure_relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=200), nullable=False),
        sa.Column("nature", sa.Enum("employee", "consultant", "speaker", "advisory", "research", "ownership", "royalties",
                                    "other", name="nature", native_enum=False, length=20), nullable=False),
        sa.Column("mitigated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["disclosure_id"], ["disclosures.id"], name=op.f("fk_disclosure_relationships_disclosure_id_disclosures"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_relationships")),
    )
    with op.batch_alter_table("disclosure_relationships") as batch:
        batch.create_index(batch.f("ix_disclosure_relationships_disclosure_id"), ["disclosure_id"], unique=False)


def downgrade() -> None:
    op.drop_table("disclosure_relationships")
    op.drop_table("disclosures")
    op.drop_table("attendance_claims")
    op.drop_table("attendance_codes")
    op.drop_table("attendance_edits")
