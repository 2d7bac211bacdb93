"""indexes for the queries the pages make (issue 12)

Revision ID: d4e6f8a0b2c4
Revises: b1c3e5a7d9f0
Create Date: 2026-12-01 22:30:00

Each index serves one query a page makes; the plans below were taken on PostgreSQL 15 with
100,000 cases loaded by generate_series (2,000 firms, 100k open and 100k closed clocks — 40% a
handler's, 30% a firm's, 30% a role's queue —, 637,000 audit rows), VACUUM ANALYZE, and the
pages opened in-process as each user (EXPLAIN ANALYZE of the statements they issued), then on
SQLite with 20,000 cases (EXPLAIN QUERY PLAN).

- ix_audit_event_object (object_type, object_id, seq): the case page's timeline
  (``audit.events_for``), before a scan of the whole audit table.
    PG:     Index Scan using ix_audit_event_object on audit_event  [0.04 ms]
    SQLite: SEARCH audit_event USING INDEX ix_audit_event_object (object_type=? AND object_id=?)
- ix_legal_case_created (created_at, id): the case list, newest first.
    PG director:    Limit -> Index Scan Backward using ix_legal_case_created  [0.16 ms]
    PG adjudicator: Limit -> Index Scan Backward using ix_legal_case_created,
                    Filter: (hashed SubPlan …) — the grants checked on the newest  [4.4 ms]
    SQLite: SCAN legal_case USING INDEX ix_legal_case_created
- ix_legal_case_state_created (state, created_at, id): the list filtered by state, and its total.
    PG:     Index Only Scan using ix_legal_case_state_created (count, 8,333 rows)  [0.7 ms]
            Index Scan Backward using ix_legal_case_state_created (the page)  [0.15 ms]
    SQLite: SEARCH legal_case USING COVERING INDEX ix_legal_case_state_created (state=?)
  (A firm's list: the union of its grants by id — ix_legal_case_filed_by_org_id,
  ix_case_party_organisation_id — count 1.2 ms and page 1.9 ms, where the OR of them walked
  the created index through 83,891 rows, 56 ms + 70 ms.)
- ix_deadline_open_user (assignee_user_id, due_on, id) WHERE closed_at IS NULL,
  ix_deadline_open_org (assignee_org_id, due_on, id) WHERE closed_at IS NULL AND
  assignee_user_id IS NULL, ix_deadline_open_role (assignee_role, due_on, id) WHERE closed_at
  IS NULL AND assignee_user_id IS NULL AND assignee_org_id IS NULL: 我的工作's totals and pages
  (``core.worklist``), one branch per index, never OR-ed.
    PG totals, adjudicator with 10,000 own clocks and a 10,000-clock queue:
        Index Only Scan using ix_deadline_open_user (assignee_user_id = 2001)
        Index Only Scan using ix_deadline_open_org (assignee_org_id = 1)
        Index Only Scan using ix_deadline_open_role (assignee_role = 'adjudicator')  [3.4 ms]
    PG page 40 of "later": Index Only Scan using ix_deadline_open_user
        Index Cond: ((assignee_user_id = 2001) AND (due_on > '2026-03-25'))  [7.7 ms]
    (before: one OR over the assignees, Index Scan using ix_deadline_due_on, 48-59 ms a
    section, and a HashAggregate over a bitmap heap scan for the totals, 20-28 ms)
    SQLite: SEARCH deadline USING INDEX ix_deadline_open_user (assignee_user_id=? AND due_on>?)
            SEARCH deadline USING INDEX ix_deadline_open_org (assignee_org_id=? AND due_on>?)
            SEARCH deadline USING INDEX ix_deadline_open_role (assignee_role=?)
    On SQLite after ANALYZE, sqlite_stat1 rates ix_deadline_open_due (closed_at, due_on) at
    2 rows per closed_at value (the closed rows' timestamps are all distinct; the open rows'
    NULL is one value) and the planner prefers it; the application never runs ANALYZE.
The audit log page reads its actions by a loose index scan on ix_audit_event_action
(WITH RECURSIVE, one probe per action: 0.6 ms, before a DISTINCT over 637,000 rows, 90-140
ms) and the chain's total from max(seq) (Index Only Scan Backward using uq_audit_event_seq,
0.03 ms, before a count of every row, 64-88 ms).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd4e6f8a0b2c4'
down_revision = 'b1c3e5a7d9f0'
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
