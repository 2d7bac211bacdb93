"""role grants: a director role proposed by an admin, confirmed by a director

Revision ID: b7d2e9a41c60
Revises: 5b8e2f41c7d9
Create Date: 2026-11-28 11:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7d2e9a41c60'
down_revision = '5b8e2f41c7d9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('role_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('firm', 'agent', 'adjudicator', 'enforcer', 'examiner', 'fund_manager', 'bank', 'director', 'admin')", name=op.f('ck_role_grant_role_valid')),
    sa.CheckConstraint("outcome IN ('confirmed', 'refused', 'withdrawn')", name=op.f('ck_role_grant_outcome_valid')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_role_grant_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_role_grant_proposed_by_id_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_role_grant_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant'))
    )
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grant_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grant_user_id'))

    op.drop_table('role_grant')
