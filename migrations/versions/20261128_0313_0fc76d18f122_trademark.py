"""trademark enforcement: trademark_case, case_mark, case_measure; legal_case states of both kinds

Revision ID: 0fc76d18f122
Revises: 9c4e2a7d51b3
Create Date: 2026-11-28 03:13:25.032669

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0fc76d18f122'
down_revision = '9c4e2a7d51b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('registration_number', sa.String(length=20), nullable=False),
    sa.Column('nice_class', sa.Integer(), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['legal_case.id'], name=op.f('fk_case_mark_case_id_legal_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_mark'))
    )
    with op.batch_alter_table('case_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_mark_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_mark_registration_number'), ['registration_number'], unique=False)

    op.create_table('case_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('extended', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['legal_case.id'], name=op.f('fk_case_measure_case_id_legal_case')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_case_measure_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_measure'))
    )
    with op.batch_alter_table('case_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_measure_case_id'), ['case_id'], unique=False)

    op.create_table('trademark_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('foreign_holder', sa.Boolean(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('review_opinion', sa.Text(), nullable=False),
    sa.Column('party_kind', sa.String(length=20), nullable=False),
    sa.Column('conduct', sa.String(length=20), nullable=False),
    sa.Column('turnover', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('gains', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('unsold_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('label_pieces', sa.Integer(), nullable=True),
    sa.Column('marks_count', sa.Integer(), nullable=False),
    sa.Column('innocent_no_knowledge', sa.Boolean(), nullable=False),
    sa.Column('innocent_lawful_source', sa.Boolean(), nullable=False),
    sa.Column('innocent_supplier_named', sa.Boolean(), nullable=False),
    sa.Column('proposed_fine', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('confiscated_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('heavier', sa.Boolean(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('statement_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hearing_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hearing_place', sa.String(length=200), nullable=False),
    sa.Column('decision_kind', sa.String(length=20), nullable=True),
    sa.Column('decision_number', sa.String(length=60), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('fine', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('served_on', sa.Date(), nullable=True),
    sa.Column('paid_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('referral_reason', sa.Text(), nullable=False),
    sa.Column('police_answer', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['legal_case.id'], name=op.f('fk_trademark_case_id_legal_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trademark_case')),
    sa.UniqueConstraint('decision_number', name=op.f('uq_trademark_case_decision_number'))
    )

    # legal_case.state now admits the states of both kinds.
    with op.batch_alter_table('legal_case', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_legal_case_state_valid'), type_='check')
        batch_op.create_check_constraint('state_valid', "state IN ('draft', 'submitted', 'rejected', 'accepted', 'served', 'examination', 'hearing_scheduled', 'decision_drafted', 'decided', 'decision_served', 'litigation', 'final', 'closed', 'suspended', 'mediating', 'mediated', 'withdrawn', 'revoked', 'tm_draft', 'tm_clue', 'tm_verifying', 'tm_not_filed', 'tm_investigating', 'tm_legal_review', 'tm_prior_notice', 'tm_hearing_requested', 'tm_hearing_scheduled', 'tm_ready', 'tm_penalty_decided', 'tm_awaiting_payment', 'tm_paid', 'tm_court_enforcement', 'tm_no_penalty', 'tm_referral_pending', 'tm_referred', 'tm_suspended', 'tm_closed')")


def downgrade():
    with op.batch_alter_table('legal_case', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_legal_case_state_valid'), type_='check')
        batch_op.create_check_constraint('state_valid', "state IN ('draft', 'submitted', 'rejected', 'accepted', 'served', 'examination', 'hearing_scheduled', 'decision_drafted', 'decided', 'decision_served', 'litigation', 'final', 'closed', 'suspended', 'mediating', 'mediated', 'withdrawn', 'revoked')")
    op.drop_table('trademark_case')
    with op.batch_alter_table('case_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_measure_case_id'))

    op.drop_table('case_measure')
    with op.batch_alter_table('case_mark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_mark_registration_number'))
        batch_op.drop_index(batch_op.f('ix_case_mark_case_id'))

    op.drop_table('case_mark')
