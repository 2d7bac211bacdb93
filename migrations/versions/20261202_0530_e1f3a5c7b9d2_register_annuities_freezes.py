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

event = sa.table('ip_right_event', sa.column('kind', sa.String))


def upgrade():
    with op.batch_alter_table('ip_right', schema=None) as batch_op:
        batch_op.add_column(sa.Column('annuity_paid_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('frozen', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('ip_right_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ip_right_event_kind_valid'), type_='check')
    op.execute(event.update().where(event.c.kind == 'released').values(kind='pledge_released'))
    with op.batch_alter_table('ip_right_event', schema=None) as batch_op:
        batch_op.create_check_constraint('kind_valid', NEW_KINDS)


def downgrade():
    with op.batch_alter_table('ip_right_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ip_right_event_kind_valid'), type_='check')
    # A freeze has no place in the older register: its events go with the kinds.
    op.execute(event.delete().where(event.c.kind.in_(['frozen', 'unfrozen'])))
    op.execute(event.update().where(event.c.kind == 'pledge_released').values(kind='released'))
    with op.batch_alter_table('ip_right_event', schema=None) as batch_op:
        batch_op.create_check_constraint('kind_valid', OLD_KINDS)
    with op.batch_alter_table('ip_right', schema=None) as batch_op:
        batch_op.drop_column('frozen')
        batch_op.drop_column('annuity_paid_until')
