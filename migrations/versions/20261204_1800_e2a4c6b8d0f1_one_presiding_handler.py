"""case handlers: at most one active presiding handler per case, held by the database

Revision ID: e2a4c6b8d0f1
Revises: d7f9b1c3e5a6
Create Date: 2026-12-04 18:00:00

The statistics count each open case once under its presiding handler (``reports.figures``);
``matters.set_handlers`` keeps one, and this unique partial index makes a second one a
database error rather than a double count.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e2a4c6b8d0f1'
down_revision = 'd7f9b1c3e5a6'
branch_labels = None
depends_on = None

PRESIDING = "role = 'presiding' AND removed_at IS NULL"


def upgrade():
    op.create_index('uq_case_handler_one_presiding', 'case_handler', ['case_id'], unique=True,
                    postgresql_where=sa.text(PRESIDING), sqlite_where=sa.text(PRESIDING))


def downgrade():
    op.drop_index('uq_case_handler_one_presiding', table_name='case_handler',
                  postgresql_where=sa.text(PRESIDING), sqlite_where=sa.text(PRESIDING))
