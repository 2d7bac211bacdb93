"""service of documents (送达): one record per served document and party — method, sent,
received or deemed received, who received it, the 送达回证 and the clock running from receipt

Revision ID: e6a8c0d2f4b5
Revises: d5f7b9c1e3a4
Create Date: 2026-12-02 20:30:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e6a8c0d2f4b5'
down_revision = 'd5f7b9c1e3a4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'service_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subject_type', sa.String(length=40), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('document_title', sa.String(length=200), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=False),
        sa.Column('party_name', sa.String(length=200), nullable=False),
        sa.Column('opens', sa.String(length=40), nullable=False),
        sa.Column('method', sa.String(length=20), nullable=True),
        sa.Column('sent_on', sa.Date(), nullable=True),
        sa.Column('consent', sa.String(length=300), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=True),
        sa.Column('deemed', sa.Boolean(), nullable=False),
        sa.Column('received_by', sa.String(length=200), nullable=False),
        sa.Column('proof_document_id', sa.Integer(), nullable=True),
        sa.Column('receipt_document_id', sa.Integer(), nullable=True),
        sa.Column('clock_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.Column('received_recorded_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("method IS NULL OR method IN ('direct', 'post', 'electronic', "
                           "'leave', 'public')", name=op.f('ck_service_record_method_valid')),
        sa.ForeignKeyConstraint(['clock_id'], ['deadline.id'],
                                name=op.f('fk_service_record_clock_id_deadline')),
        sa.ForeignKeyConstraint(['sent_by_id'], ['user_account.id'],
                                name=op.f('fk_service_record_sent_by_id_user_account')),
        sa.ForeignKeyConstraint(['received_recorded_by_id'], ['user_account.id'],
                                name=op.f('fk_service_record_received_recorded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_record')),
        sa.UniqueConstraint('subject_type', 'subject_id', 'document_id', 'party_id',
                            name='uq_service_record_document_party'),
    )
    op.create_index('ix_service_record_subject', 'service_record',
                    ['subject_type', 'subject_id'], unique=False)


def downgrade():
    op.drop_index('ix_service_record_subject', table_name='service_record')
    op.drop_table('service_record')
