"""issued documents: each official PDF with its SHA-256 and verification code

Revision ID: 9c4e2a7d51b3
Revises: 68762244de8a
Create Date: 2026-11-28 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9c4e2a7d51b3'
down_revision = '68762244de8a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('issued_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verify_code', sa.String(length=12), nullable=False),
    sa.Column('template', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=True),
    sa.Column('office', sa.String(length=200), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['sha256'], ['stored_file.sha256'], name=op.f('fk_issued_document_sha256_stored_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_document')),
    sa.UniqueConstraint('verify_code', name=op.f('uq_issued_document_verify_code'))
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_sha256'), ['sha256'], unique=False)
        batch_op.create_index('ix_issued_document_subject', ['subject_type', 'subject_id'], unique=False)


def downgrade():
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index('ix_issued_document_subject')
        batch_op.drop_index(batch_op.f('ix_issued_document_sha256'))

    op.drop_table('issued_document')
