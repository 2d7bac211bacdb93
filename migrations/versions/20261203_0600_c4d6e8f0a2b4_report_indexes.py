"""indexes for the director's statistics (issue 16)

Revision ID: c4d6e8f0a2b4
Revises: f1a3c5e7b9d0
Create Date: 2026-12-03 06:00:00

The plans were taken on PostgreSQL 15 with 100,000 cases loaded by
``benchmarks/reports_bench.py`` (70% patent, 30% trademark, 78,671 of them open; 129,489
clocks, 300,241 case documents; VACUUM ANALYZE), EXPLAIN ANALYZE of the statements the
director's page issues for a year (``reports.figures``), on two cores shared with other work
(load average 2.5-7: the busier, the slower). Each aggregate now reads the
period's rows from an index, or the open rows from a partial one, instead of the whole table:

- ix_legal_case_accepted (accepted_at, kind), ix_legal_case_closed (closed_at, kind,
  accepted_at): the cases filed and closed in the period (one UNION ALL of two grouped
  counts, each a range of its index; was one pass over every case with SUM(CASE …)).
    before: Parallel Seq Scan on legal_case (100,000 rows)  [53 ms]
    after:  Index Only Scan using ix_legal_case_accepted (27,681) and ix_legal_case_closed
            (7,162), Heap Fetches: 0  [10 ms]
- ix_trademark_case_decided_on: the decisions of the period and their money, read from
  trademark_case alone (the subclass's select had joined legal_case for nothing).
    before: Parallel Hash Join of legal_case and trademark_case, all rows  [76 ms]
    after:  Bitmap Index Scan on ix_trademark_case_decided_on (2,779 rows)  [1.5 ms]
- ix_trademark_case_foreign (id) WHERE a foreign holder's complaint, and
  ix_legal_case_submitted (submitted_at, id): the foreign holders' complaints received.
    before: Seq Scan on trademark_case, 1,533 lookups in pk_legal_case  [20-55 ms]
    after:  Hash Join: Index Only Scan using ix_legal_case_submitted (the period),
            Index Only Scan using ix_trademark_case_foreign  [7-12 ms]
- ix_case_document_template (template, created_at, case_id): the referral letters.
    before: Parallel Seq Scan on case_document (300,241 rows)  [33 ms]
    after:  Index Only Scan using ix_case_document_template  [0.4 ms]
- ix_legal_case_open (id, kind, state) WHERE open, ix_case_handler_presiding (case_id,
  user_id) WHERE an active presiding handler: the open cases by state and by handler.
    before: Parallel Seq Scan on legal_case [42 ms]; Hash Join of the seq-scanned
            legal_case and case_handler (242,148 rows), Sort of 67,904 rows on disk by user
            and name for count(DISTINCT)  [116 ms]
    after:  Index Only Scan using ix_legal_case_open (78,671)  [36-42 ms]; Merge Join of
            Index Only Scans on ix_case_handler_presiding and ix_legal_case_open (or, under
            load, their parallel hash join), count(*) per user, then named  [56-90 ms]
  These two stay proportional to the open cases (the load keeps 79% open); every other
  statement is bounded by the period.
- ix_deadline_open_subject (subject_type, due_on, paused_on) WHERE closed_at IS NULL: the
  open clocks, overdue and due soon (count(*): no column outside the index).
    before: Parallel Seq Scan on deadline  [46-76 ms]
    after:  Parallel Index Only Scan using ix_deadline_open_subject  [22-24 ms]
- ix_deadline_closed_steps (closed_at, subject_type, kind, outcome, title): the steps closed
  in the period within their limit or late.
    before: Bitmap Heap Scan on deadline via ix_deadline_open_due (11,417 rows)  [24-59 ms]
    after:  Index Only Scan using ix_deadline_closed_steps  [3.4 ms]

The page's 23 statements together, run alone: 405 ms before, 145 ms after (load 4.1 and 2.5).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4d6e8f0a2b4'
down_revision = 'f1a3c5e7b9d0'
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
