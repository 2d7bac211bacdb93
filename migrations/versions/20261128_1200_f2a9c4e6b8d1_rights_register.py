"""rights register: patents and trademarks (ip_right) and their dated events (ip_right_event)

Revision ID: f2a9c4e6b8d1
Revises: e8b40c7f3a15
Create Date: 2026-11-28 12:00:00

A right is unique by kind and number; its events name the matter they arose in as
``(matter_type, matter_id)``, with no foreign key into a domain's tables.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f2a9c4e6b8d1'
down_revision = 'e8b40c7f3a15'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ip_right',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('holder_name', sa.String(length=300), nullable=False),
    sa.Column('holder_org_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('granted_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('classes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('invention', 'utility_model', 'design', 'trademark')", name=op.f('ck_ip_right_kind_valid')),
    sa.CheckConstraint("status IN ('pending', 'valid', 'lapsed', 'invalidated', 'expired')", name=op.f('ck_ip_right_status_valid')),
    sa.ForeignKeyConstraint(['holder_org_id'], ['organisation.id'], name=op.f('fk_ip_right_holder_org_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ip_right')),
    sa.UniqueConstraint('kind', 'number', name='uq_ip_right_kind_number')
    )
    with op.batch_alter_table('ip_right', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ip_right_holder_org_id'), ['holder_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ip_right_number'), ['number'], unique=False)

    op.create_table('ip_right_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('right_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('matter_type', sa.String(length=40), nullable=True),
    sa.Column('matter_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('granted', 'annuity_paid', 'renewed', 'lapsed', 'invalidation_requested', 'invalidation_decided', 'asserted_in_case', 'pledged', 'released', 'transferred')", name=op.f('ck_ip_right_event_kind_valid')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_ip_right_event_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['right_id'], ['ip_right.id'], name=op.f('fk_ip_right_event_right_id_ip_right')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ip_right_event'))
    )
    with op.batch_alter_table('ip_right_event', schema=None) as batch_op:
        batch_op.create_index('ix_ip_right_event_matter', ['matter_type', 'matter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ip_right_event_right_id'), ['right_id'], unique=False)



def downgrade():
    with op.batch_alter_table('ip_right_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ip_right_event_right_id'))
        batch_op.drop_index('ix_ip_right_event_matter')

    op.drop_table('ip_right_event')
    with op.batch_alter_table('ip_right', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ip_right_number'))
        batch_op.drop_index(batch_op.f('ix_ip_right_holder_org_id'))

    op.drop_table('ip_right')
