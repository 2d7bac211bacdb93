"""patent disputes: periods not counted (公告, 鉴定, 中止) as dated events; the articles a
decision cites; compliance and the application for court enforcement

Revision ID: d5f7b9c1e3a4
Revises: c4e6a8b0d2f3
Create Date: 2026-12-02 20:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5f7b9c1e3a4'
down_revision = 'c4e6a8b0d2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'patent_pause',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('outcome', sa.Text(), nullable=False),
        sa.Column('started_by_id', sa.Integer(), nullable=True),
        sa.Column('ended_by_id', sa.Integer(), nullable=True),
        sa.Column('start_document_id', sa.Integer(), nullable=True),
        sa.Column('end_document_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('announcement', 'appraisal', 'suspension')",
                           name=op.f('ck_patent_pause_kind_valid')),
        sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on',
                           name=op.f('ck_patent_pause_ends_after_start')),
        sa.ForeignKeyConstraint(['case_id'], ['patent_case.id'],
                                name=op.f('fk_patent_pause_case_id_patent_case')),
        sa.ForeignKeyConstraint(['started_by_id'], ['user_account.id'],
                                name=op.f('fk_patent_pause_started_by_id_user_account')),
        sa.ForeignKeyConstraint(['ended_by_id'], ['user_account.id'],
                                name=op.f('fk_patent_pause_ended_by_id_user_account')),
        sa.ForeignKeyConstraint(['start_document_id'], ['case_document.id'],
                                name=op.f('fk_patent_pause_start_document_id_case_document')),
        sa.ForeignKeyConstraint(['end_document_id'], ['case_document.id'],
                                name=op.f('fk_patent_pause_end_document_id_case_document')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_patent_pause')),
    )
    op.create_index(op.f('ix_patent_pause_case_id'), 'patent_pause', ['case_id'], unique=False)
    # The suspensions recorded so far were pauses of the decision clock only: each becomes a
    # period of its case, so the clock (now kept from the periods) keeps them.
    op.execute(
        "INSERT INTO patent_pause (case_id, kind, reason, started_on, ended_on, outcome) "
        "SELECT d.subject_id, 'suspension', pc.suspension_reason, p.started_on, p.ended_on, '' "
        "FROM deadline_pause p JOIN deadline d ON d.id = p.deadline_id "
        "JOIN patent_case pc ON pc.id = d.subject_id "
        "WHERE d.subject_type = 'case' AND d.kind = 'decision' AND p.reason = 'suspension'")
    with op.batch_alter_table('patent_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('articles', sa.Text(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('compliance_note', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('complied_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('enforcement_court', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('enforcement_applied_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('enforcement_demanded_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('patent_case', schema=None) as batch_op:
        batch_op.drop_column('enforcement_demanded_on')
        batch_op.drop_column('enforcement_applied_on')
        batch_op.drop_column('enforcement_court')
        batch_op.drop_column('complied_on')
        batch_op.drop_column('compliance_note')
        batch_op.drop_column('articles')
    op.drop_index(op.f('ix_patent_pause_case_id'), table_name='patent_pause')
    op.drop_table('patent_pause')
