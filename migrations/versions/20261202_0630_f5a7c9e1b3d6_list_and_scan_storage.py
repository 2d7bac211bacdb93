"""the case list's grants by index, and room on the deadline table's pages for the scan

Revision ID: f5a7c9e1b3d6
Revises: e1f3a5c7b9d2
Create Date: 2026-12-02 06:30:00

Taken on PostgreSQL 15 with the 100,000-case bench database (``benchmarks/web_bench.py``:
2,000 firms, 100k open and 100k closed clocks, 637,000 audit rows), VACUUM ANALYZE.

- ix_case_handler_active (user_id, case_id) WHERE removed_at IS NULL, and ix_case_party_org
  (organisation_id, role, case_id): the case list's visibility branches
  (``auth.policy.grants_branches``: the cases a user handles, the cases its firm is a party
  to), each an Index Only Scan where the single-column indexes needed the heap for
  ``removed_at`` and ``role``. Adjudicator, page 1: 30–37 ms → 18–19 ms; firm: 40–55 ms →
  27–28 ms (in-process, p50 of 15, load ~7, the same minutes).
- deadline fillfactor 75 (PostgreSQL only): the deadline scan (``timelimits.mark_due``)
  stamps ``notified_at`` on up to 100k rows; on full pages most of those updates cannot stay
  on their page (HOT) and write a new entry into each of the table's nine indexes. With a
  quarter of each page free: all due, 93,961 clocks, 4.21 s → 1.72 s, HOT updates 39% → 95%;
  today's due only 2.16 s → 1.32 s (load 8.2, the same minutes). CLUSTER rewrites the
  existing rows into pages with that room (an ACCESS EXCLUSIVE lock for the rewrite).
SQLite has no fillfactor; both indexes are created there (SEARCH case_handler USING COVERING
INDEX ix_case_handler_active (user_id=?)).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f5a7c9e1b3d6'
down_revision = 'e1f3a5c7b9d2'
branch_labels = None
depends_on = None

ACTIVE = "removed_at IS NULL"


def upgrade():
    op.create_index('ix_case_handler_active', 'case_handler', ['user_id', 'case_id'],
                    postgresql_where=sa.text(ACTIVE), sqlite_where=sa.text(ACTIVE))
    op.create_index('ix_case_party_org', 'case_party', ['organisation_id', 'role', 'case_id'])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE deadline SET (fillfactor = 75)")
        # Rewrite the existing rows with that room, in primary-key order (the key's index by
        # its name in the catalogue: the naming convention names it).
        op.execute("""DO $$ BEGIN EXECUTE format('CLUSTER deadline USING %I',
            (SELECT conname FROM pg_constraint
             WHERE conrelid = 'deadline'::regclass AND contype = 'p')); END $$""")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE deadline RESET (fillfactor)")
        op.execute("ALTER TABLE deadline SET WITHOUT CLUSTER")
    op.drop_index('ix_case_party_org', table_name='case_party')
    op.drop_index('ix_case_handler_active', table_name='case_handler')
