"""trademark cases: the finding of an identical or a similar mark, the days of the first and
the last act, and the reasons (approved by the director) for a decision that passes over the
referral the figures call for

Revision ID: c4e6a8b0d2f3
Revises: a9c1e3f5b7d9
Create Date: 2026-12-02 21:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f3'
down_revision = 'a9c1e3f5b7d9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('trademark_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mark_identity', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('first_act_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('last_act_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('no_referral_reason', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('no_referral_approved_by_id', sa.Integer(),
                                      nullable=True))
        batch_op.add_column(sa.Column('no_referral_approved_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_trademark_case_no_referral_approved_by_id_user_account'),
            'user_account', ['no_referral_approved_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('trademark_case', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_trademark_case_no_referral_approved_by_id_user_account'),
            type_='foreignkey')
        batch_op.drop_column('no_referral_approved_at')
        batch_op.drop_column('no_referral_approved_by_id')
        batch_op.drop_column('no_referral_reason')
        batch_op.drop_column('last_act_on')
        batch_op.drop_column('first_act_on')
        batch_op.drop_column('mark_identity')
