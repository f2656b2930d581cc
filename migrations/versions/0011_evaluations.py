"""Session evaluations (questions per program, surveys, invitations, answers) and case close-outs

Revision ID: 0011_evaluations
Revises: 0010_reminders

- evaluation_questions: a program's survey questions (the defaults are written when a program
  first needs them, not here).
- surveys, survey_invites, survey_responses, survey_answers: one survey per session and kind
  (end of session, 30-day follow-up); an invitation row per person mailed (what keeps a
  second sweep from mailing again); one response per person and survey.
- closeouts, closeout_items: the presenter's report 2 and 12 weeks after the summary, per
  recommendation.
"""
from alembic import op
import sqlalchemy as sa
import echo.core.types  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '0011_evaluations'
down_revision = '0010_reminders'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evaluation_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('survey', sa.Enum('end', 'followup', name='surveykind', native_enum=False, length=20), nullable=False),
    sa.Column('kind', sa.Enum('scale', 'intent', 'text', name='questionkind', native_enum=False, length=20), nullable=False),
    sa.Column('prompt', sa.String(length=300), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_evaluation_questions_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_questions'))
    )
    with op.batch_alter_table('evaluation_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_questions_program_id'), ['program_id'], unique=False)

    op.create_table('surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('end', 'followup', name='surveykind', native_enum=False, length=20), nullable=False),
    sa.Column('opened_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.Column('reminded_at', echo.core.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_surveys_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['clinic_sessions.id'], name=op.f('fk_surveys_session_id_clinic_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys')),
    sa.UniqueConstraint('session_id', 'kind', name='uq_surveys_session_kind')
    )
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveys_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_surveys_session_id'), ['session_id'], unique=False)

    op.create_table('closeouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('weeks', sa.Integer(), nullable=False),
    sa.Column('due_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.Column('asked_at', echo.core.types.UTCDateTime(), nullable=True),
    sa.Column('answered_at', echo.core.types.UTCDateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('referral_avoided', sa.String(length=20), nullable=False),
    sa.Column('patient_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_closeouts_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_closeouts_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closeouts')),
    sa.UniqueConstraint('case_id', 'weeks', name='uq_closeouts_case_weeks')
    )
    with op.batch_alter_table('closeouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_closeouts_case_id'), ['case_id'], unique=False)

    op.create_table('survey_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mailed_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.Column('reminded_at', echo.core.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_invites_survey_id_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_survey_invites_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_invites')),
    sa.UniqueConstraint('survey_id', 'user_id', name='uq_survey_invites_survey_user')
    )
    with op.batch_alter_table('survey_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_invites_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_invites_user_id'), ['user_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', echo.core.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_responses_survey_id_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_survey_responses_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sa.UniqueConstraint('survey_id', 'user_id', name='uq_survey_responses_survey_user')
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responses_user_id'), ['user_id'], unique=False)

    op.create_table('closeout_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('closeout_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('implemented', sa.String(length=20), nullable=False),
    sa.Column('why_not', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['closeout_id'], ['closeouts.id'], name=op.f('fk_closeout_items_closeout_id_closeouts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_closeout_items_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closeout_items')),
    sa.UniqueConstraint('closeout_id', 'recommendation_id', name='uq_closeout_items_closeout_rec')
    )
    with op.batch_alter_table('closeout_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_closeout_items_closeout_id'), ['closeout_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_closeout_items_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('survey_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['evaluation_questions.id'], name=op.f('fk_survey_answers_question_id_evaluation_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['survey_responses.id'], name=op.f('fk_survey_answers_response_id_survey_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answers')),
    sa.UniqueConstraint('response_id', 'question_id', name='uq_survey_answers_response_question')
    )
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answers_response_id'), ['response_id'], unique=False)



def downgrade():
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_answers_response_id'))
        batch_op.drop_index(batch_op.f('ix_survey_answers_question_id'))

    op.drop_table('survey_answers')
    with op.batch_alter_table('closeout_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_closeout_items_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_closeout_items_closeout_id'))

    op.drop_table('closeout_items')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_responses_user_id'))
        batch_op.drop_index(batch_op.f('ix_survey_responses_survey_id'))

    op.drop_table('survey_responses')
    with op.batch_alter_table('survey_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_invites_user_id'))
        batch_op.drop_index(batch_op.f('ix_survey_invites_survey_id'))

    op.drop_table('survey_invites')
    with op.batch_alter_table('closeouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_closeouts_case_id'))

    op.drop_table('closeouts')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveys_session_id'))
        batch_op.drop_index(batch_op.f('ix_surveys_program_id'))

    op.drop_table('surveys')
    with op.batch_alter_table('evaluation_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_questions_program_id'))

    op.drop_table('evaluation_questions')
