"""background work: outbox messages finished by their task, one issued document per notice

Revision ID: e8b40c7f3a15
Revises: b7d2e9a41c60
Create Date: 2026-11-28 11:00:00

``outbox_message.done_at`` is set by the task when it finished (a message sent but never done
is sent again by the sweeper), ``resent`` counts those re-sends. ``issued_document.source``
names what a document was issued for (``case_document:<id>``), unique: a notice delivered twice
can never be issued twice. Existing rows get the source their case document points at.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e8b40c7f3a15'
down_revision = 'b7d2e9a41c60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resent', sa.Integer(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=80), nullable=True))
    # Messages sent before this revision count as done: their work has run or is forgotten.
    op.execute("UPDATE outbox_message SET done_at = sent_at WHERE sent_at IS NOT NULL")
    op.execute("UPDATE issued_document SET source = 'case_document:' || "
               "(SELECT CAST(MIN(case_document.id) AS VARCHAR(20)) FROM case_document "
               "WHERE case_document.issued_document_id = issued_document.id) "
               "WHERE EXISTS (SELECT 1 FROM case_document "
               "WHERE case_document.issued_document_id = issued_document.id)")
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_issued_document_source', ['source'])


def downgrade():
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_constraint('uq_issued_document_source', type_='unique')
        batch_op.drop_column('source')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('resent')
        batch_op.drop_column('done_at')
