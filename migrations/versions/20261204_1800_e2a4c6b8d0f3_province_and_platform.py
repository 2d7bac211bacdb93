"""the provincial office and e-commerce platforms: ``province`` and ``platform`` as kinds of
organisation, ``provincial`` (the provincial office's reader of the statistics) as a role

The organisation kind and role CHECK lists gain them; going down deletes the provincial
readers' roles and grants first (a platform's users hold the agent role, which stays), and
refuses while an organisation of a new kind remains.

Revision ID: e2a4c6b8d0f3
Revises: f3b5d7e9a1c4
Create Date: 2026-12-04 18:00:00
"""
import sqlalchemy as sa
from alembic import op

_KINDS = "'centre', 'firm', 'bank', 'agency', 'valuer', 'insurer'"
ORG_KINDS = (_KINDS, f"{_KINDS}, 'province', 'platform'")
_ROLES = ("'firm', 'agent', 'adjudicator', 'enforcer', 'examiner', 'fund_manager', 'bank', "
          "'valuer', 'insurer', 'director', 'admin'")
ROLES = (_ROLES, f"{_ROLES}, 'provincial'")
# (table, constraint as create_check_constraint names it, column, (old values, new values))
CHECKS = (("organisation", "kind_valid", "kind", ORG_KINDS),
          ("user_role", "role_valid", "role", ROLES),
          ("role_grant", "role_valid", "role", ROLES))


def _checks(new: bool) -> None:
    for table, name, column, values in CHECKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
            batch_op.create_check_constraint(name, f"{column} IN ({values[new]})")


# revision identifiers, used by Alembic.
revision = 'e2a4c6b8d0f3'
down_revision = 'f3b5d7e9a1c4'
branch_labels = None
depends_on = None


def upgrade():
    _checks(new=True)


def downgrade():
    left = op.get_bind().execute(sa.text(
        "SELECT count(*) FROM organisation WHERE kind IN ('province', 'platform')")).scalar()
    if left:
        raise RuntimeError(f"{left} organisations of kind province or platform remain: "
                           "change or remove them before going down")
    op.execute("DELETE FROM user_role WHERE role = 'provincial'")
    op.execute("DELETE FROM role_grant WHERE role = 'provincial'")
    _checks(new=False)
