"""pledge subsidies: the subsidy claim on an application (interest paid, valuation fee and its
invoice, the amounts the rules computed, preparer, approver, the day paid)

Revision ID: a8c0e2f4b6d8
Revises: f5a7c9e1b3d6
Create Date: 2026-12-02 06:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a8c0e2f4b6d8'
down_revision = 'f5a7c9e1b3d6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pledge_application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subsidy_interest_paid', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('subsidy_interest_amount', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('subsidy_valuation_fee', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('subsidy_invoice_no', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('subsidy_valuation_amount', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('subsidy_claimed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('subsidy_claimed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('subsidy_prepared_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('subsidy_prepared_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('subsidy_approved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('subsidy_approved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('subsidy_paid_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('subsidy_detail', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.create_index(batch_op.f('ix_pledge_application_subsidy_claimed_on'), ['subsidy_claimed_on'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_pledge_application_subsidy_claimed_by_id_user_account'), 'user_account', ['subsidy_claimed_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_pledge_application_subsidy_prepared_by_id_user_account'), 'user_account', ['subsidy_prepared_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_pledge_application_subsidy_approved_by_id_user_account'), 'user_account', ['subsidy_approved_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('pledge_application', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_pledge_application_subsidy_approved_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_pledge_application_subsidy_prepared_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_pledge_application_subsidy_claimed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_pledge_application_subsidy_claimed_on'))
        batch_op.drop_column('subsidy_detail')
        batch_op.drop_column('subsidy_paid_on')
        batch_op.drop_column('subsidy_approved_at')
        batch_op.drop_column('subsidy_approved_by_id')
        batch_op.drop_column('subsidy_prepared_at')
        batch_op.drop_column('subsidy_prepared_by_id')
        batch_op.drop_column('subsidy_claimed_by_id')
        batch_op.drop_column('subsidy_claimed_on')
        batch_op.drop_column('subsidy_valuation_amount')
        batch_op.drop_column('subsidy_invoice_no')
        batch_op.drop_column('subsidy_valuation_fee')
        batch_op.drop_column('subsidy_interest_amount')
        batch_op.drop_column('subsidy_interest_paid')
