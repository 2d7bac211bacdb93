"""indexes for the director's statistics (issue 16)

Revision ID: c4d6e8f0a2b4
Revises: e6a8c0d2f4b5
Create Date: 2026-12-03 06:00:00

PLANS
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4d6e8f0a2b4'
down_revision = 'e6a8c0d2f4b5'
branch_labels = None
depends_on = None

# As the models write them (ipcenter.cases.models, ipcenter.core.models).
OPEN_CASE = "closed_at IS NULL AND submitted_at IS NOT NULL"
PRESIDING = "role = 'presiding' AND removed_at IS NULL"
FOREIGN_COMPLAINT = "foreign_holder IS true AND source = 'complaint'"
OPEN_CLOCK = "closed_at IS NULL"


def _partial(where: str) -> dict:
    return {"postgresql_where": sa.text(where), "sqlite_where": sa.text(where)}


def upgrade():
    with op.batch_alter_table('legal_case', schema=None) as batch_op:
        batch_op.create_index('ix_legal_case_accepted', ['accepted_at', 'kind'], unique=False)
        batch_op.create_index('ix_legal_case_closed', ['closed_at', 'kind', 'accepted_at'],
                              unique=False)
        batch_op.create_index('ix_legal_case_submitted', ['submitted_at', 'id'], unique=False)
        batch_op.create_index('ix_legal_case_open', ['id', 'kind', 'state'], unique=False,
                              **_partial(OPEN_CASE))
    with op.batch_alter_table('case_handler', schema=None) as batch_op:
        batch_op.create_index('ix_case_handler_presiding', ['case_id', 'user_id'], unique=False,
                              **_partial(PRESIDING))
    with op.batch_alter_table('trademark_case', schema=None) as batch_op:
        batch_op.create_index('ix_trademark_case_decided_on', ['decided_on'], unique=False)
        batch_op.create_index('ix_trademark_case_foreign', ['id'], unique=False,
                              **_partial(FOREIGN_COMPLAINT))
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.create_index('ix_case_document_template', ['template', 'created_at', 'case_id'],
                              unique=False)
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.create_index('ix_deadline_open_subject', ['subject_type', 'due_on', 'paused_on'],
                              unique=False, **_partial(OPEN_CLOCK))
        batch_op.create_index('ix_deadline_closed_steps',
                              ['closed_at', 'subject_type', 'kind', 'outcome', 'title'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_closed_steps')
        batch_op.drop_index('ix_deadline_open_subject')
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.drop_index('ix_case_document_template')
    with op.batch_alter_table('trademark_case', schema=None) as batch_op:
        batch_op.drop_index('ix_trademark_case_foreign')
        batch_op.drop_index('ix_trademark_case_decided_on')
    with op.batch_alter_table('case_handler', schema=None) as batch_op:
        batch_op.drop_index('ix_case_handler_presiding')
    with op.batch_alter_table('legal_case', schema=None) as batch_op:
        batch_op.drop_index('ix_legal_case_open')
        batch_op.drop_index('ix_legal_case_submitted')
        batch_op.drop_index('ix_legal_case_closed')
        batch_op.drop_index('ix_legal_case_accepted')
