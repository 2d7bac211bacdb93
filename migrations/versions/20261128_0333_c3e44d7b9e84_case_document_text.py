"""case_document text: extraction status, reason and the extracted text (for search)

Revision ID: c3e44d7b9e84
Revises: 0fc76d18f122
Create Date: 2026-11-28 03:33:14.887312

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c3e44d7b9e84'
down_revision = '0fc76d18f122'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_status', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('text_error', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.drop_column('text')
        batch_op.drop_column('text_error')
        batch_op.drop_column('text_status')

