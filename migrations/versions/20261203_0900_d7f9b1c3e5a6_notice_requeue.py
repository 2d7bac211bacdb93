"""notice deliveries: an administrator sends a given-up delivery again, once (requeued_at,
requeued_by_id), and the list of given-up deliveries by an index

Revision ID: d7f9b1c3e5a6
Revises: b3c5d7e9f1a2
Create Date: 2026-12-03 09:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd7f9b1c3e5a6'
down_revision = 'b3c5d7e9f1a2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notice_delivery') as batch_op:
        batch_op.add_column(sa.Column('requeued_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('requeued_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_notice_delivery_requeued_by_id_user_account'),
                                    'user_account', ['requeued_by_id'], ['id'])
    op.create_index('ix_notice_delivery_given_up', 'notice_delivery', ['failed_at', 'id'],
                    unique=False, postgresql_where=sa.text('failed_at IS NOT NULL'),
                    sqlite_where=sa.text('failed_at IS NOT NULL'))


def downgrade():
    op.drop_index('ix_notice_delivery_given_up', table_name='notice_delivery',
                  postgresql_where=sa.text('failed_at IS NOT NULL'),
                  sqlite_where=sa.text('failed_at IS NOT NULL'))
    with op.batch_alter_table('notice_delivery') as batch_op:
        batch_op.drop_constraint(op.f('fk_notice_delivery_requeued_by_id_user_account'),
                                 type_='foreignkey')
        batch_op.drop_column('requeued_by_id')
        batch_op.drop_column('requeued_at')
