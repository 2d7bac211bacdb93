"""pre-examination: indexes for the lists' orders and the statistics' period

Revision ID: a9c1e3f5b7d9
Revises: b2d4f6a8c0e1
Create Date: 2026-12-02 20:30:00

The plans were taken on PostgreSQL 15 with 100,000 requests loaded by
``benchmarks/prexam_bench.py`` (300 firms, 8 examiners, VACUUM ANALYZE), EXPLAIN ANALYZE of the
statements the pages issue:

- ix_prexam_request_created (created_at, id): the list of all requests, newest first (the
  director's front page, the examiner's ``view=all``).
    before: Parallel Seq Scan on prexam_request -> top-N heapsort of 100,000 rows  [243 ms]
    after:  Limit -> Index Only Scan Backward using ix_prexam_request_created
            (page 40: 800 entries walked)  [0.2 ms]
- ix_prexam_request_org_created (org_id, created_at, id): the firm's own list, newest first.
    before: Bitmap Index Scan on ix_prexam_request_org_state -> top-N heapsort of the firm's
            333 requests  [3.1 ms; it grows with the firm]
    after:  Limit -> Index Scan Backward using ix_prexam_request_org_created  [0.08 ms]
- ix_prexam_request_submitted (submitted_at, patent_kind, subclass): the statistics' requests
  received in the period, by subclass and by month (index only), and the examiner's
  ``view=mine`` in submission order (the examiner in charge checked on each, newest few).
    before: Parallel Seq Scan on prexam_request (a year: 31,297 of 100,000)  [70-117 ms]
    after:  Index Only Scan using ix_prexam_request_submitted, Heap Fetches: 0  [25 ms]
    mine before: Hash Join of the examiner's 12,300 requests -> top-N heapsort  [153 ms]
    mine after:  Nested Loop Semi Join: Index Scan using ix_prexam_request_submitted,
                 Index Scan using ix_prexam_handler_request_id (168 probed)  [0.3 ms]

- ix_prexam_request_queue (submitted_at, id) WHERE state IN the examiner's queue
  (``workflow.EXAMINER_QUEUE``: submitted, at the classification check, under examination,
  amended): the queue on the front page and on 我的工作, oldest first, and its total. Without
  it the planner walks ix_prexam_request_submitted from the oldest submission, through the
  96,800 requests long closed, to reach the open ones at the end.
    before: Index Scan using ix_prexam_request_submitted -> Incremental Sort  [49 ms];
            (without the submitted index: Bitmap Index Scan on
            ix_prexam_request_state_submitted -> top-N heapsort of the 3,200 open, 10 ms)
    after:  Limit -> Index Scan using ix_prexam_request_queue  [0.05 ms];
            total: Index Only Scan using ix_prexam_request_queue, Heap Fetches: 0  [0.9 ms]
  The list of states is the queue's as of this migration: a state added to the queue later
  needs the index rebuilt with it (the queue still works without, by the indexes above).

The outcomes of a period (passed, failed, granted … on their
days) are aggregates over the period's decided requests: a scan of the period's rows whatever
the index (indexes on each day column gave 68 -> 57 ms, not worth their upkeep).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a9c1e3f5b7d9'
down_revision = 'b2d4f6a8c0e1'
branch_labels = None
depends_on = None

QUEUE = ("state IN ('px_submitted', 'px_classification_check', 'px_under_examination', "
         "'px_amended')")


def upgrade():
    with op.batch_alter_table('prexam_request', schema=None) as batch_op:
        batch_op.create_index('ix_prexam_request_created', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_prexam_request_org_created', ['org_id', 'created_at', 'id'],
                              unique=False)
        batch_op.create_index('ix_prexam_request_submitted',
                              ['submitted_at', 'patent_kind', 'subclass'], unique=False)
        batch_op.create_index('ix_prexam_request_queue', ['submitted_at', 'id'], unique=False,
                              postgresql_where=sa.text(QUEUE), sqlite_where=sa.text(QUEUE))


def downgrade():
    with op.batch_alter_table('prexam_request', schema=None) as batch_op:
        batch_op.drop_index('ix_prexam_request_queue')
        batch_op.drop_index('ix_prexam_request_submitted')
        batch_op.drop_index('ix_prexam_request_org_created')
        batch_op.drop_index('ix_prexam_request_created')
