"""published rulings: when a decision was published (masked) for public search

Revision ID: a4e291aae3e7
Revises: c3e44d7b9e84
Create Date: 2026-11-28 03:38:05.327235

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a4e291aae3e7'
down_revision = 'c3e44d7b9e84'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('legal_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('legal_case', schema=None) as batch_op:
        batch_op.drop_column('published_at')

