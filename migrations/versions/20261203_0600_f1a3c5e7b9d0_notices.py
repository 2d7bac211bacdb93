"""notices: the in-app notices (the bell), their deliveries by e-mail and SMS, the channels
each user chose, and the deadline's overdue stamp (its overdue notice, once)

Revision ID: f1a3c5e7b9d0
Revises: a2b4c6d8e0f1
Create Date: 2026-12-03 06:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1a3c5e7b9d0'
down_revision = 'a2b4c6d8e0f1'
branch_labels = None
depends_on = None


def upgrade():
    # A nullable column: no table rebuild on SQLite; on PostgreSQL no rewrite, and the stamp
    # touches no index (HOT updates, like ``notified_at``).
    op.add_column('deadline', sa.Column('overdue_notified_at', sa.DateTime(timezone=True),
                                        nullable=True))
    op.create_table(
        'notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=60), nullable=False),
        sa.Column('subject_type', sa.String(length=40), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.String(length=500), nullable=False),
        sa.Column('url', sa.String(length=300), nullable=False),
        sa.Column('dedupe_key', sa.String(length=200), nullable=False),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('action_ref', sa.Integer(), nullable=True),
        sa.Column('acted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_notice_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
        sa.UniqueConstraint('user_id', 'dedupe_key', name='uq_notice_user_dedupe_key'),
    )
    op.create_index('ix_notice_user_unread', 'notice', ['user_id', 'id'], unique=False,
                    postgresql_where=sa.text('read_at IS NULL'),
                    sqlite_where=sa.text('read_at IS NULL'))
    op.create_table(
        'notice_delivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(['notice_id'], ['notice.id'],
                                name=op.f('fk_notice_delivery_notice_id_notice')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_delivery')),
        sa.UniqueConstraint('notice_id', 'channel', name='uq_notice_delivery_notice_channel'),
    )
    op.create_index(op.f('ix_notice_delivery_notice_id'), 'notice_delivery', ['notice_id'],
                    unique=False)
    op.create_table(
        'notice_channel',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_notice_channel_user_id_user_account')),
        sa.PrimaryKeyConstraint('user_id', 'channel', name=op.f('pk_notice_channel')),
    )


def downgrade():
    op.drop_table('notice_channel')
    op.drop_index(op.f('ix_notice_delivery_notice_id'), table_name='notice_delivery')
    op.drop_table('notice_delivery')
    op.drop_index('ix_notice_user_unread', table_name='notice')
    op.drop_table('notice')
    with op.batch_alter_table('deadline') as batch_op:
        batch_op.drop_column('overdue_notified_at')
