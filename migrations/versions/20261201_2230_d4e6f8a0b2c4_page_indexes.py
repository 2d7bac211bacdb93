"""indexes for the queries the pages make (issue 12)

Revision ID: d4e6f8a0b2c4
Revises: f2a9c4e6b8d1
Create Date: 2026-12-01 22:30:00

EXPLAIN_PLACEHOLDER
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e6f8a0b2c4'
down_revision = 'f2a9c4e6b8d1'
branch_labels = None
depends_on = None

ROLE_QUEUE = "closed_at IS NULL AND assignee_user_id IS NULL AND assignee_org_id IS NULL"
ORG_OPEN = "closed_at IS NULL AND assignee_user_id IS NULL"


def _partial(where: str) -> dict:
    return {"postgresql_where": sa.text(where), "sqlite_where": sa.text(where)}


def upgrade():
    op.create_index('ix_audit_event_object', 'audit_event',
                    ['object_type', 'object_id', 'seq'])
    op.create_index('ix_legal_case_created', 'legal_case', ['created_at', 'id'])
    op.create_index('ix_legal_case_state_created', 'legal_case', ['state', 'created_at', 'id'])
    op.create_index('ix_deadline_open_user', 'deadline', ['assignee_user_id', 'due_on', 'id'],
                    **_partial("closed_at IS NULL"))
    op.create_index('ix_deadline_open_org', 'deadline', ['assignee_org_id', 'due_on', 'id'],
                    **_partial(ORG_OPEN))
    op.create_index('ix_deadline_open_role', 'deadline', ['assignee_role', 'due_on', 'id'],
                    **_partial(ROLE_QUEUE))


def downgrade():
    op.drop_index('ix_deadline_open_role', table_name='deadline')
    op.drop_index('ix_deadline_open_org', table_name='deadline')
    op.drop_index('ix_deadline_open_user', table_name='deadline')
    op.drop_index('ix_legal_case_state_created', table_name='legal_case')
    op.drop_index('ix_legal_case_created', table_name='legal_case')
    op.drop_index('ix_audit_event_object', table_name='audit_event')
