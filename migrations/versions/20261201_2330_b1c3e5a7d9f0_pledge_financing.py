"""pledge financing: applications, their parties, handlers, documents, pledged rights,
instalments, the risk-compensation pool and its double-entry ledger; valuers and insurers as
kinds of organisation and roles

The organisation kind and role CHECK lists gain ``valuer`` and ``insurer``. The pool's row is
created here (it holds no balance: the balance is the sum of its ledger's cash account).

Revision ID: b1c3e5a7d9f0
Revises: c3d5e7f9a1b2
Create Date: 2026-12-01 22:52:39
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

ORG_KINDS = ("'centre', 'firm', 'bank', 'agency'", ("'centre', 'firm', 'bank', 'agency', "
             "'valuer', 'insurer'"))
_ROLES = "'firm', 'agent', 'adjudicator', 'enforcer', 'examiner', 'fund_manager', 'bank'"
ROLES = (f"{_ROLES}, 'director', 'admin'", f"{_ROLES}, 'valuer', 'insurer', 'director', 'admin'")
# (table, constraint as create_check_constraint names it, column)
CHECKS = (("organisation", "kind_valid", "kind", ORG_KINDS),
          ("user_role", "role_valid", "role", ROLES),
          ("role_grant", "role_valid", "role", ROLES))


def _checks(new: bool) -> None:
    for table, name, column, values in CHECKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
            batch_op.create_check_constraint(name, f"{column} IN ({values[new]})")


# revision identifiers, used by Alembic.
revision = 'b1c3e5a7d9f0'
down_revision = 'c3d5e7f9a1b2'
branch_labels = None
depends_on = None


def upgrade():
    _checks(new=True)
    op.create_table('pledge_pool',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_pool'))
    )
    op.create_table('pledge_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('return_state', sa.String(length=30), nullable=True),
    sa.Column('number', sa.String(length=60), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('filed_by_id', sa.Integer(), nullable=False),
    sa.Column('borrower_org_id', sa.Integer(), nullable=False),
    sa.Column('bank_org_id', sa.Integer(), nullable=False),
    sa.Column('valuer_org_id', sa.Integer(), nullable=True),
    sa.Column('insurer_org_id', sa.Integer(), nullable=True),
    sa.Column('client_token', sa.String(length=64), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('term_months', sa.Integer(), nullable=False),
    sa.Column('rate', sa.Numeric(precision=7, scale=6), nullable=True),
    sa.Column('repayment_method', sa.String(length=20), nullable=False),
    sa.Column('use_of_funds', sa.Text(), nullable=False),
    sa.Column('from_university', sa.Boolean(), nullable=False),
    sa.Column('eligibility', sa.JSON(), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valuation_report_no', sa.String(length=60), nullable=False),
    sa.Column('cover_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('approved_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('approved_rate', sa.Numeric(precision=7, scale=6), nullable=True),
    sa.Column('approved_term_months', sa.Integer(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('contract_numbers', sa.String(length=200), nullable=False),
    sa.Column('contracts_signed_on', sa.Date(), nullable=True),
    sa.Column('registration_filed_on', sa.Date(), nullable=True),
    sa.Column('registration_number', sa.String(length=60), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('disbursed_on', sa.Date(), nullable=True),
    sa.Column('maturity_on', sa.Date(), nullable=True),
    sa.Column('repaid_on', sa.Date(), nullable=True),
    sa.Column('released_on', sa.Date(), nullable=True),
    sa.Column('overdue_since', sa.Date(), nullable=True),
    sa.Column('default_on', sa.Date(), nullable=True),
    sa.Column('claim_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('claim_prepared_by_id', sa.Integer(), nullable=True),
    sa.Column('claim_prepared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('compensation_approved_by_id', sa.Integer(), nullable=True),
    sa.Column('compensation_approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('loss_split', sa.JSON(), nullable=False),
    sa.Column('subsidy_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("repayment_method IN ('equal', 'bullet')", name=op.f('ck_pledge_application_repayment_method_valid')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_pledge_application_amount_positive')),
    sa.CheckConstraint('term_months > 0', name=op.f('ck_pledge_application_term_positive')),
    sa.ForeignKeyConstraint(['bank_org_id'], ['organisation.id'], name=op.f('fk_pledge_application_bank_org_id_organisation')),
    sa.ForeignKeyConstraint(['borrower_org_id'], ['organisation.id'], name=op.f('fk_pledge_application_borrower_org_id_organisation')),
    sa.ForeignKeyConstraint(['claim_prepared_by_id'], ['user_account.id'], name=op.f('fk_pledge_application_claim_prepared_by_id_user_account')),
    sa.ForeignKeyConstraint(['compensation_approved_by_id'], ['user_account.id'], name=op.f('fk_pledge_application_compensation_approved_by_id_user_account')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_pledge_application_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['filed_by_id'], ['user_account.id'], name=op.f('fk_pledge_application_filed_by_id_user_account')),
    sa.ForeignKeyConstraint(['insurer_org_id'], ['organisation.id'], name=op.f('fk_pledge_application_insurer_org_id_organisation')),
    sa.ForeignKeyConstraint(['valuer_org_id'], ['organisation.id'], name=op.f('fk_pledge_application_valuer_org_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_application')),
    sa.UniqueConstraint('client_token', name=op.f('uq_pledge_application_client_token')),
    sa.UniqueConstraint('number', name=op.f('uq_pledge_application_number'))
    )
    with op.batch_alter_table('pledge_application', schema=None) as batch_op:
        batch_op.create_index('ix_pledge_application_bank_state', ['bank_org_id', 'state', 'created_at'], unique=False)
        batch_op.create_index('ix_pledge_application_borrower_state', ['borrower_org_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_application_filed_by_id'), ['filed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_application_insurer_org_id'), ['insurer_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_application_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_application_valuer_org_id'), ['valuer_org_id'], unique=False)

    op.create_table('pledge_handler',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('removal_reason', sa.String(length=300), nullable=False),
    sa.CheckConstraint("role IN ('presiding', 'member')", name=op.f('ck_pledge_handler_role_valid')),
    sa.ForeignKeyConstraint(['application_id'], ['pledge_application.id'], name=op.f('fk_pledge_handler_application_id_pledge_application')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_pledge_handler_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_handler'))
    )
    with op.batch_alter_table('pledge_handler', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_handler_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_handler_user_id'), ['user_id'], unique=False)

    op.create_table('pledge_instalment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('principal', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('interest', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid_principal', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid_interest', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.CheckConstraint('principal >= 0 AND interest >= 0', name=op.f('ck_pledge_instalment_amounts_not_negative')),
    sa.ForeignKeyConstraint(['application_id'], ['pledge_application.id'], name=op.f('fk_pledge_instalment_application_id_pledge_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_instalment')),
    sa.UniqueConstraint('application_id', 'seq', name='one_seq')
    )
    with op.batch_alter_table('pledge_instalment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_instalment_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_pledge_instalment_due_unpaid', ['due_on', 'paid_on'], unique=False)

    op.create_table('pledge_party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('legal_representative', sa.String(length=60), nullable=False),
    sa.Column('contact', sa.String(length=100), nullable=False),
    sa.CheckConstraint("role IN ('borrower', 'guarantor')", name=op.f('ck_pledge_party_role_valid')),
    sa.ForeignKeyConstraint(['application_id'], ['pledge_application.id'], name=op.f('fk_pledge_party_application_id_pledge_application')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_pledge_party_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_party'))
    )
    with op.batch_alter_table('pledge_party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_party_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_party_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('pledge_pool_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pool_id', sa.Integer(), nullable=False),
    sa.Column('posting', sa.String(length=32), nullable=False),
    sa.Column('posting_kind', sa.String(length=20), nullable=False),
    sa.Column('account', sa.String(length=30), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('posted_on', sa.Date(), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('posted_by_id', sa.Integer(), nullable=True),
    sa.Column('memo', sa.String(length=300), nullable=False),
    sa.CheckConstraint("account IN ('cash', 'central_contribution', 'city_contribution', 'compensation_paid', 'recoveries', 'interest_earned')", name=op.f('ck_pledge_pool_entry_account_valid')),
    sa.CheckConstraint("posting_kind IN ('contribution', 'compensation', 'recovery', 'interest')", name=op.f('ck_pledge_pool_entry_posting_kind_valid')),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_pledge_pool_entry_amount_not_zero')),
    sa.ForeignKeyConstraint(['application_id'], ['pledge_application.id'], name=op.f('fk_pledge_pool_entry_application_id_pledge_application')),
    sa.ForeignKeyConstraint(['pool_id'], ['pledge_pool.id'], name=op.f('fk_pledge_pool_entry_pool_id_pledge_pool')),
    sa.ForeignKeyConstraint(['posted_by_id'], ['user_account.id'], name=op.f('fk_pledge_pool_entry_posted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_pool_entry'))
    )
    with op.batch_alter_table('pledge_pool_entry', schema=None) as batch_op:
        batch_op.create_index('ix_pledge_pool_entry_account_day', ['pool_id', 'account', 'posted_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_pool_entry_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_pool_entry_posting'), ['posting'], unique=False)

    op.create_table('pledged_right',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('right_id', sa.Integer(), nullable=False),
    sa.Column('valuation', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('valued_on', sa.Date(), nullable=True),
    sa.Column('co_owners_consented', sa.Boolean(), nullable=False),
    sa.Column('released_on', sa.Date(), nullable=True),
    sa.CheckConstraint('valuation IS NULL OR valuation >= 0', name=op.f('ck_pledged_right_valuation_not_negative')),
    sa.ForeignKeyConstraint(['application_id'], ['pledge_application.id'], name=op.f('fk_pledged_right_application_id_pledge_application')),
    sa.ForeignKeyConstraint(['right_id'], ['ip_right.id'], name=op.f('fk_pledged_right_right_id_ip_right')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledged_right')),
    sa.UniqueConstraint('application_id', 'right_id', name='one_right_once')
    )
    with op.batch_alter_table('pledged_right', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledged_right_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledged_right_right_id'), ['right_id'], unique=False)

    op.create_table('pledge_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
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
    sa.Column('text_status', sa.String(length=20), nullable=True),
    sa.Column('text_error', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.CheckConstraint("audience IN ('centre', 'filer', 'parties')", name=op.f('ck_pledge_document_audience_valid')),
    sa.ForeignKeyConstraint(['application_id'], ['pledge_application.id'], name=op.f('fk_pledge_document_application_id_pledge_application')),
    sa.ForeignKeyConstraint(['party_id'], ['pledge_party.id'], name=op.f('fk_pledge_document_party_id_pledge_party')),
    sa.ForeignKeyConstraint(['sha256'], ['stored_file.sha256'], name=op.f('fk_pledge_document_sha256_stored_file')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_pledge_document_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge_document'))
    )
    with op.batch_alter_table('pledge_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_document_application_id'), ['application_id'], unique=False)

    pool = sa.table("pledge_pool", sa.column("id", sa.Integer), sa.column("name", sa.String),
                    sa.column("created_at", sa.DateTime(timezone=True)))
    op.bulk_insert(pool, [{"id": 1, "name": "中山市知识产权质押融资风险补偿资金池",
                           "created_at": datetime(2021, 9, 10, tzinfo=UTC)}])


def downgrade():
    with op.batch_alter_table('pledge_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_document_application_id'))

    op.drop_table('pledge_document')
    with op.batch_alter_table('pledged_right', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledged_right_right_id'))
        batch_op.drop_index(batch_op.f('ix_pledged_right_application_id'))

    op.drop_table('pledged_right')
    with op.batch_alter_table('pledge_pool_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_pool_entry_posting'))
        batch_op.drop_index(batch_op.f('ix_pledge_pool_entry_application_id'))
        batch_op.drop_index('ix_pledge_pool_entry_account_day')

    op.drop_table('pledge_pool_entry')
    with op.batch_alter_table('pledge_party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_party_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_party_application_id'))

    op.drop_table('pledge_party')
    with op.batch_alter_table('pledge_instalment', schema=None) as batch_op:
        batch_op.drop_index('ix_pledge_instalment_due_unpaid')
        batch_op.drop_index(batch_op.f('ix_pledge_instalment_application_id'))

    op.drop_table('pledge_instalment')
    with op.batch_alter_table('pledge_handler', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_handler_user_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_handler_application_id'))

    op.drop_table('pledge_handler')
    with op.batch_alter_table('pledge_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_application_valuer_org_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_application_state'))
        batch_op.drop_index(batch_op.f('ix_pledge_application_insurer_org_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_application_filed_by_id'))
        batch_op.drop_index('ix_pledge_application_borrower_state')
        batch_op.drop_index('ix_pledge_application_bank_state')

    op.drop_table('pledge_application')
    op.drop_table('pledge_pool')
    op.execute("DELETE FROM user_role WHERE role IN ('valuer', 'insurer')")
    op.execute("DELETE FROM role_grant WHERE role IN ('valuer', 'insurer')")
    _checks(new=False)
