"""Continuing-education credit: each program's credit rule and the credit awarded per session

Revision ID: 0015_credit
Revises: 0014_search_languages

- credit_rules: one per program (credit type, hours per session, share of the session to
  attend, whether the evaluation is required, the PARS activity id).
- credit_awards: what was awarded, kept for the accreditor (six years for ACCME): the learner's
  name and e-mail, the program's name, the session's date and the rule's values as they were
  when awarded; its links to user, program and session are set to NULL, never cascaded.
"""
import sqlalchemy as sa
from alembic import op

import echo.core.types  # UTCDateTime columns

revision = '0015_credit'
down_revision = "0014_search_languages"
branch_labels = None
depends_on = None

CREDIT_TYPE = sa.Enum('ama_pra_1', 'ancc', 'acpe', 'participation', name='credittype', native_enum=False, length=20)


def upgrade():
    op.create_table('credit_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('credit_type', CREDIT_TYPE, nullable=False),
    sa.Column('hours_centi', sa.Integer(), nullable=False),
    sa.Column('min_share_percent', sa.Integer(), nullable=False),
    sa.Column('evaluation_required', sa.Boolean(), nullable=False),
    sa.Column('pars_activity_id', sa.String(length=40), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_credit_rules_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_credit_rules_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_rules')),
    sa.UniqueConstraint('program_id', name=op.f('uq_credit_rules_program_id'))
    )
    op.create_table('credit_awards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('program_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('learner_name', sa.String(length=120), nullable=False),
    sa.Column('learner_email', sa.String(length=254), nullable=False),
    sa.Column('learner_profession', sa.String(length=120), nullable=False),
    sa.Column('program_name', sa.String(length=200), nullable=False),
    sa.Column('session_starts_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.Column('session_timezone', sa.String(length=64), nullable=False),
    sa.Column('credit_type', CREDIT_TYPE, nullable=False),
    sa.Column('hours_centi', sa.Integer(), nullable=False),
    sa.Column('minutes_attended', sa.Integer(), nullable=False),
    sa.Column('share_percent', sa.Integer(), nullable=False),
    sa.Column('min_share_percent', sa.Integer(), nullable=False),
    sa.Column('evaluation_required', sa.Boolean(), nullable=False),
    sa.Column('pars_activity_id', sa.String(length=40), nullable=False),
    sa.Column('awarded_by_id', sa.Integer(), nullable=True),
    sa.Column('awarded_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['awarded_by_id'], ['users.id'], name=op.f('fk_credit_awards_awarded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_credit_awards_program_id_programs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['clinic_sessions.id'], name=op.f('fk_credit_awards_session_id_clinic_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_credit_awards_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_awards')),
    sa.UniqueConstraint('code', name=op.f('uq_credit_awards_code')),
    sa.UniqueConstraint('session_id', 'user_id', name='uq_credit_awards_session_user')
    )
    with op.batch_alter_table('credit_awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credit_awards_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_awards_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_awards_session_starts_at'), ['session_starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_awards_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('credit_awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credit_awards_user_id'))
        batch_op.drop_index(batch_op.f('ix_credit_awards_session_starts_at'))
        batch_op.drop_index(batch_op.f('ix_credit_awards_session_id'))
        batch_op.drop_index(batch_op.f('ix_credit_awards_program_id'))
    op.drop_table('credit_awards')
    op.drop_table('credit_rules')
