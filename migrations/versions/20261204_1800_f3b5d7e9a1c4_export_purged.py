"""exports: the state ``purged`` (an export past its expiry whose file was removed)

Revision ID: f3b5d7e9a1c4
Revises: e2a4c6b8d0f1
Create Date: 2026-12-04 18:00:00
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f3b5d7e9a1c4'
down_revision = 'e2a4c6b8d0f1'
branch_labels = None
depends_on = None

BEFORE = "state IN ('queued', 'running', 'done', 'failed')"
AFTER = "state IN ('queued', 'running', 'done', 'failed', 'purged')"


def upgrade():
    with op.batch_alter_table('export', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_export_state_valid'), type_='check')
        batch_op.create_check_constraint('state_valid', AFTER)


def downgrade():
    # A purged export has no file left to offer: it reads as failed before this revision.
    op.execute("UPDATE export SET state = 'failed' WHERE state = 'purged'")
    with op.batch_alter_table('export', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_export_state_valid'), type_='check')
        batch_op.create_check_constraint('state_valid', BEFORE)
