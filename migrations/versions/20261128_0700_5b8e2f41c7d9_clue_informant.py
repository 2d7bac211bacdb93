"""clue informant: who reported a trademark clue (confidential)

Revision ID: 5b8e2f41c7d9
Revises: a4e291aae3e7
Create Date: 2026-11-28 07:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5b8e2f41c7d9'
down_revision = 'a4e291aae3e7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('trademark_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('informant', sa.String(length=300), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('trademark_case', schema=None) as batch_op:
        batch_op.drop_column('informant')
