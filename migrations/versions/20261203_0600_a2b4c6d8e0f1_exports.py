"""exports: a user's register (cases, loans, pre-examination requests) as an Excel or CSV
file, built by a task with its progress, kept until it expires

Revision ID: a2b4c6d8e0f1
Revises: e6a8c0d2f4b5
Create Date: 2026-12-03 06:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a2b4c6d8e0f1'
down_revision = 'e6a8c0d2f4b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'export',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('register', sa.String(length=20), nullable=False),
        sa.Column('filters', sa.JSON(), nullable=False),
        sa.Column('format', sa.String(length=10), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('rows_done', sa.Integer(), nullable=False),
        sa.Column('rows_total', sa.Integer(), nullable=True),
        sa.Column('file_sha256', sa.String(length=64), nullable=True),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('error', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')",
                           name=op.f('ck_export_state_valid')),
        sa.CheckConstraint("format IN ('xlsx', 'csv')", name=op.f('ck_export_format_valid')),
        sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'],
                                name=op.f('fk_export_owner_id_user_account')),
        sa.ForeignKeyConstraint(['file_sha256'], ['stored_file.sha256'],
                                name=op.f('fk_export_file_sha256_stored_file')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_export')),
    )
    op.create_index('ix_export_owner_created', 'export', ['owner_id', 'created_at'],
                    unique=False)


def downgrade():
    op.drop_index('ix_export_owner_created', table_name='export')
    op.drop_table('export')
