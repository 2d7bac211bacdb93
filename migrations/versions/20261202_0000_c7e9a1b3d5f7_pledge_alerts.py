"""pledge alerts: the collateral watch's alert on a loan when a pledged right is asserted in a
case, contested, lapses or is transferred

Revision ID: c7e9a1b3d5f7
Revises: d4e6f8a0b2c4
Create Date: 2026-12-02 00:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c7e9a1b3d5f7'
down_revision = 'd4e6f8a0b2c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pledge_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('right_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('event_kind', sa.String(length=30), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('matter_type', sa.String(length=40), nullable=True),
    sa.Column('matter_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('bank_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('bank_seen_by_id', sa.Integer(), nullable=True),
    sa.Column('centre_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('centre_seen_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['pledge_application.id'], name=op.f('fk_pledge_alert_application_id_pledge_application')),
    sa.ForeignKeyConstraint(['bank_seen_by_id'], ['user_account.id'], name=op.f('fk_pledge_alert_bank_seen_by_id_user_account')),
    sa.ForeignKeyConstraint(['centre_seen_by_id'], ['user_account.id'], name=op.f('fk_pledge_alert_centre_seen_by_id_user_account')),
    sa.ForeignKeyConstraint(['event_id'], ['ip_right_event.id'], name=op.f('fk_pledge_alert_event_id_ip_right_event')),
    sa.ForeignKeyConstraint(['right_id'], ['ip_right.id'], name=op.f('fk_pledge_alert_right_id_ip_right')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_alert')),
    sa.UniqueConstraint('application_id', 'event_id', name='one_alert_per_event')
    )
    with op.batch_alter_table('pledge_alert', schema=None) as batch_op:
        batch_op.create_index('ix_pledge_alert_created', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_alert_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_alert_right_id'), ['right_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pledge_alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_alert_right_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_alert_application_id'))
        batch_op.drop_index('ix_pledge_alert_created')

    op.drop_table('pledge_alert')
