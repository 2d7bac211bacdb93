"""cases: one case model (legal_case) with parties, panel, documents, recusal; patent_case

Revision ID: 68762244de8a
Revises: 513f89e79852
Create Date: 2026-11-28 03:00:32.957297

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '68762244de8a'
down_revision = '513f89e79852'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legal_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('return_state', sa.String(length=30), nullable=True),
    sa.Column('number', sa.String(length=60), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('filed_by_id', sa.Integer(), nullable=False),
    sa.Column('filed_by_org_id', sa.Integer(), nullable=False),
    sa.Column('client_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('patent', 'trademark')", name=op.f('ck_legal_case_kind_valid')),
    sa.CheckConstraint("state IN ('draft', 'submitted', 'rejected', 'accepted', 'served', 'examination', 'hearing_scheduled', 'decision_drafted', 'decided', 'decision_served', 'litigation', 'final', 'closed', 'suspended', 'mediating', 'mediated', 'withdrawn', 'revoked')", name=op.f('ck_legal_case_state_valid')),
    sa.ForeignKeyConstraint(['filed_by_id'], ['user_account.id'], name=op.f('fk_legal_case_filed_by_id_user_account')),
    sa.ForeignKeyConstraint(['filed_by_org_id'], ['organisation.id'], name=op.f('fk_legal_case_filed_by_org_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_case')),
    sa.UniqueConstraint('client_token', name=op.f('uq_legal_case_client_token')),
    sa.UniqueConstraint('number', name=op.f('uq_legal_case_number'))
    )
    with op.batch_alter_table('legal_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_case_filed_by_id'), ['filed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_case_filed_by_org_id'), ['filed_by_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_case_state'), ['state'], unique=False)

    op.create_table('case_handler',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('removal_reason', sa.String(length=300), nullable=False),
    sa.CheckConstraint("role IN ('presiding', 'member')", name=op.f('ck_case_handler_role_valid')),
    sa.ForeignKeyConstraint(['case_id'], ['legal_case.id'], name=op.f('fk_case_handler_case_id_legal_case')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_case_handler_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_handler'))
    )
    with op.batch_alter_table('case_handler', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_handler_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_handler_user_id'), ['user_id'], unique=False)

    op.create_table('case_party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('legal_representative', sa.String(length=60), nullable=False),
    sa.Column('contact', sa.String(length=100), nullable=False),
    sa.Column('agent', sa.String(length=200), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('requester', 'respondent')", name=op.f('ck_case_party_role_valid')),
    sa.ForeignKeyConstraint(['case_id'], ['legal_case.id'], name=op.f('fk_case_party_case_id_legal_case')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_case_party_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_party'))
    )
    with op.batch_alter_table('case_party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_party_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_party_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('patent_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patent_number', sa.String(length=20), nullable=False),
    sa.Column('patent_kind', sa.String(length=20), nullable=False),
    sa.Column('patent_title', sa.String(length=200), nullable=False),
    sa.Column('claim', sa.Text(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('possible_duplicate_of', sa.Integer(), nullable=True),
    sa.Column('acceptance_checklist', sa.Text(), nullable=False),
    sa.Column('refusal_reason', sa.Text(), nullable=False),
    sa.Column('hearing_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hearing_place', sa.String(length=200), nullable=False),
    sa.Column('suspension_reason', sa.Text(), nullable=False),
    sa.Column('invalidation_ref', sa.String(length=60), nullable=False),
    sa.Column('extension_reason', sa.Text(), nullable=False),
    sa.Column('extension_requested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('extension_approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mediation_terms', sa.Text(), nullable=False),
    sa.Column('mediation_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('infringement', sa.Boolean(), nullable=True),
    sa.Column('stop_acts', sa.String(length=200), nullable=False),
    sa.Column('stop_object', sa.String(length=300), nullable=False),
    sa.Column('stop_scope', sa.String(length=300), nullable=False),
    sa.Column('decision_number', sa.String(length=60), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_served_on', sa.Date(), nullable=True),
    sa.Column('closing_note', sa.Text(), nullable=False),
    sa.CheckConstraint("patent_kind IN ('invention', 'utility_model', 'design')", name=op.f('ck_patent_case_patent_kind_valid')),
    sa.ForeignKeyConstraint(['id'], ['legal_case.id'], name=op.f('fk_patent_case_id_legal_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patent_case')),
    sa.UniqueConstraint('decision_number', name=op.f('uq_patent_case_decision_number'))
    )
    with op.batch_alter_table('patent_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patent_case_patent_number'), ['patent_number'], unique=False)

    op.create_table('case_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('template', sa.String(length=40), nullable=True),
    sa.Column('number', sa.String(length=60), nullable=True),
    sa.Column('issued_document_id', sa.Integer(), nullable=True),
    sa.Column('render_status', sa.String(length=20), nullable=True),
    sa.Column('render_data', sa.Text(), nullable=True),
    sa.CheckConstraint("audience IN ('centre', 'filer', 'parties')", name=op.f('ck_case_document_audience_valid')),
    sa.ForeignKeyConstraint(['case_id'], ['legal_case.id'], name=op.f('fk_case_document_case_id_legal_case')),
    sa.ForeignKeyConstraint(['party_id'], ['case_party.id'], name=op.f('fk_case_document_party_id_case_party')),
    sa.ForeignKeyConstraint(['sha256'], ['stored_file.sha256'], name=op.f('fk_case_document_sha256_stored_file')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_case_document_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_document'))
    )
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_document_case_id'), ['case_id'], unique=False)

    op.create_table('recusal_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('handler_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('granted', sa.Boolean(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['legal_case.id'], name=op.f('fk_recusal_request_case_id_legal_case')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_recusal_request_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['handler_id'], ['case_handler.id'], name=op.f('fk_recusal_request_handler_id_case_handler')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_recusal_request_requested_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recusal_request'))
    )
    with op.batch_alter_table('recusal_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recusal_request_case_id'), ['case_id'], unique=False)



def downgrade():
    with op.batch_alter_table('recusal_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recusal_request_case_id'))

    op.drop_table('recusal_request')
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_document_case_id'))

    op.drop_table('case_document')
    with op.batch_alter_table('patent_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patent_case_patent_number'))

    op.drop_table('patent_case')
    with op.batch_alter_table('case_party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_party_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_case_party_case_id'))

    op.drop_table('case_party')
    with op.batch_alter_table('case_handler', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_handler_user_id'))
        batch_op.drop_index(batch_op.f('ix_case_handler_case_id'))

    op.drop_table('case_handler')
    with op.batch_alter_table('legal_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_case_state'))
        batch_op.drop_index(batch_op.f('ix_legal_case_filed_by_org_id'))
        batch_op.drop_index(batch_op.f('ix_legal_case_filed_by_id'))

    op.drop_table('legal_case')
