"""rights register: annuities paid up to and freezes (ip_right.annuity_paid_until, .frozen; the
``frozen`` and ``unfrozen`` events); a pledge's release is ``pledge_released``

What a lender asks of a right besides its legal status: whether its annuity is paid and whether
a court or CNIPA has frozen it. Both are events of the register (``annuity_paid`` with its year
or the day paid up to; ``frozen`` with the order's kind, authority, document number and term;
``unfrozen`` naming the freeze lifted), and, like ``status``, two columns of ``ip_right`` hold
them as of the last event. The pledge release event was ``released``, which a freeze's lifting
would have been read as too: it is ``pledge_released`` now (rows renamed both ways).

Revision ID: e1f3a5c7b9d2
Revises: c7e9a1b3d5f7
Create Date: 2026-12-02 05:30:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e1f3a5c7b9d2'
down_revision = 'c7e9a1b3d5f7'
branch_labels = None
depends_on = None

OLD_KINDS = ("kind IN ('granted', 'annuity_paid', 'renewed', 'lapsed', 'invalidation_requested', "
             "'invalidation_decided', 'asserted_in_case', 'pledged', 'released', 'transferred')")
NEW_KINDS = ("kind IN ('granted', 'annuity_paid', 'renewed', 'lapsed', 'invalidation_requested', "
             "'invalidation_decided', 'asserted_in_case', 'pledged', 'pledge_released', "
             "'transferred', 'frozen', 'unfrozen')")

event = sa.table('ip_right_event', sa.column('id', sa.Integer), sa.column('kind', sa.String))


def _kinds(old, new):
    """The CHECK list of ``ip_right_event.kind`` from ``old`` to ``new``.

    SQLite would rebuild the table for it (copy, drop, rename), and the drop breaks the
    foreign keys of the alerts that refer to its rows: its own way for a CHECK change, which
    leaves the rows as they are, is to rewrite the table's definition in its schema
    (https://www.sqlite.org/lang_altertable.html, "other kinds of table schema changes")."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        with op.batch_alter_table('ip_right_event', schema=None) as batch_op:
            batch_op.drop_constraint(op.f('ck_ip_right_event_kind_valid'), type_='check')
            batch_op.create_check_constraint('kind_valid', new)
        return
    found = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'ip_right_event'"
    sql = bind.exec_driver_sql(found).scalar_one()
    if old not in sql:
        raise RuntimeError("ip_right_event's CHECK on kind is not the one this migration knows")
    version = bind.exec_driver_sql('PRAGMA schema_version').scalar_one()
    bind.exec_driver_sql('PRAGMA writable_schema = ON')
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                         "AND name = 'ip_right_event'", (sql.replace(old, new),))
    bind.exec_driver_sql(f'PRAGMA schema_version = {version + 1}')
    bind.exec_driver_sql('PRAGMA writable_schema = OFF')


def upgrade():
    # Two columns added in place (no rebuild of a table the events, alerts and pledges name).
    with op.batch_alter_table('ip_right', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('annuity_paid_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('frozen', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    _kinds(OLD_KINDS, NEW_KINDS.replace("'pledge_released', ", "'pledge_released', 'released', "))
    op.execute(event.update().where(event.c.kind == 'released').values(kind='pledge_released'))
    _kinds(NEW_KINDS.replace("'pledge_released', ", "'pledge_released', 'released', "),
           NEW_KINDS)


def downgrade():
    # A freeze has no place in the older register: its events (and alerts) go with the kinds.
    frozen = sa.select(event.c.id).where(event.c.kind.in_(['frozen', 'unfrozen']))
    alert = sa.table('pledge_alert', sa.column('event_id', sa.Integer))
    op.execute(alert.delete().where(alert.c.event_id.in_(frozen)))
    op.execute(event.delete().where(event.c.kind.in_(['frozen', 'unfrozen'])))
    _kinds(NEW_KINDS, OLD_KINDS.replace("'released', ", "'released', 'pledge_released', "))
    op.execute(event.update().where(event.c.kind == 'pledge_released').values(kind='released'))
    _kinds(OLD_KINDS.replace("'released', ", "'released', 'pledge_released', "), OLD_KINDS)
    with op.batch_alter_table('ip_right', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('frozen')
        batch_op.drop_column('annuity_paid_until')
