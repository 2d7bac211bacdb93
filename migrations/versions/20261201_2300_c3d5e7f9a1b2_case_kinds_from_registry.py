"""legal_case.kind and .state are checked against the registry of kinds, not a CHECK list

The two CHECK constraints listed every kind and every state of every kind, so a new kind of
case needed an edit of ``cases/models.py`` and a migration rewriting both lists. The rule now
lives with the kinds: every flush checks that a case's kind is registered and that its state is
one of that kind's workflow's (``cases.models._check_kind_and_state``), which is also stricter
than the lists were (a trademark state on a patent case passed them).

Revision ID: c3d5e7f9a1b2
Revises: f2a9c4e6b8d1
Create Date: 2026-12-01 23:00:00
"""
from alembic import op

revision = "c3d5e7f9a1b2"
down_revision = "f2a9c4e6b8d1"
branch_labels = None
depends_on = None

KINDS = "kind IN ('patent', 'trademark')"
STATES = ("state IN ('draft', 'submitted', 'rejected', 'accepted', 'served', 'examination', "
          "'hearing_scheduled', 'decision_drafted', 'decided', 'decision_served', 'litigation', "
          "'final', 'closed', 'suspended', 'mediating', 'mediated', 'withdrawn', 'revoked', "
          "'tm_draft', 'tm_clue', 'tm_verifying', 'tm_not_filed', 'tm_investigating', "
          "'tm_legal_review', 'tm_prior_notice', 'tm_hearing_requested', 'tm_hearing_scheduled', "
          "'tm_ready', 'tm_penalty_decided', 'tm_awaiting_payment', 'tm_paid', "
          "'tm_court_enforcement', 'tm_no_penalty', 'tm_referral_pending', 'tm_referred', "
          "'tm_suspended', 'tm_closed')")


def upgrade():
    with op.batch_alter_table("legal_case", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_legal_case_kind_valid"), type_="check")
        batch_op.drop_constraint(op.f("ck_legal_case_state_valid"), type_="check")


def downgrade():
    with op.batch_alter_table("legal_case", schema=None) as batch_op:
        batch_op.create_check_constraint("kind_valid", KINDS)
        batch_op.create_check_constraint("state_valid", STATES)
