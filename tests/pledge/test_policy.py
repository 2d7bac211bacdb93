"""Who sees a pledge application is one answer: for applications driven through the real
services, in every state each reaches, and for every role (the borrower firm, another firm,
the bank it chose and another bank, the valuer and insurer named on it and another valuer, the
fund manager, the director, the admin, the examiner, an anonymous visitor), ``can(pledge.view)``
== the list's SQL filter == the principals the index stores == the rule written out here:

- the borrower firm: always; the fund manager and the director: always;
- its bank: once the fund manager has enrolled the application (sent it to the bank);
- the valuer and the insurer: when named on it;
- anyone else (another firm, another bank, another valuer, the admin, the examiner, the
  anonymous visitor): never.

And ``pledge.act``: every permission refuses the one who does not stand for the application."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from ipcenter.auth.policy import can, principals
from ipcenter.pledge import policy
from ipcenter.pledge import search as pledge_search
from ipcenter.pledge.models import PledgeApplication
from ipcenter.pledge.workflow import BEFORE_APPROVAL, PLEDGE_FLOW, E, S
from tests.pledge import journeys as j

pytestmark = pytest.mark.slow  # several journeys, every role in every state


@pytest.fixture
def everyone(crew, make_org, make_user):
    return {
        "firm": crew.firm, "other firm": make_user("firm", org=make_org("firm")),
        "bank A": crew.bank, "bank B": crew.other_bank, "valuer": crew.valuer,
        "other valuer": make_user("valuer", org=make_org("valuer")),
        "insurer": crew.insurer, "fund manager": crew.fund, "director": crew.director,
        "admin": make_user("admin"), "examiner": make_user("examiner"),
        "anonymous": AnonymousUserMixin(),
    }


def written_out(who: str, application) -> bool:
    """The rule, written out independently of the grants."""
    if who in ("firm", "fund manager", "director"):
        return True
    if who == "bank A":
        return application.enrolled_at is not None
    if who == "valuer":
        return application.valuer_org_id is not None
    if who == "insurer":
        return application.insurer_org_id is not None
    return False


def _by_sql(application, user) -> bool:
    query = policy.visible_applications(
        sa.select(PledgeApplication.id).where(PledgeApplication.id == application.id), user)
    from ipcenter.core.db import db

    return db.session.execute(query).first() is not None


def _check(application, everyone, where):
    indexed = pledge_search.build_application(application.id).principals
    for who, user in everyone.items():
        expected = written_out(who, application)
        by_rule = can(user, "pledge.view", application)
        by_names = bool(principals(user) & indexed)
        by_sql = _by_sql(application, user)
        assert by_rule == by_sql == by_names == expected, \
            f"{where}: {who} rule={by_rule} sql={by_sql} index={by_names} expected={expected}"


JOURNEYS = {"repaid": (j.repaid, S.PLEDGE_RELEASED),
            "defaulted": (j.defaulted, S.RECOVERED_IN_PART),
            "declined": (j.declined_at_eligibility, S.DECLINED),
            "withdrawn": (j.withdrawn_in_review, S.WITHDRAWN)}


@pytest.mark.parametrize("journey", sorted(JOURNEYS))
def test_who_sees_an_application_is_one_answer_in_every_state(db, crew, everyone, journey):
    j.fund_the_pool(crew)
    application = j.file(crew, db)
    steps, end = JOURNEYS[journey]
    reached = []
    for step, app in j.walk(application, steps(crew), db):
        reached.append(app.state)
        _check(app, everyone, f"{journey} after {step} ({app.state})")
    assert reached[-1] == end and len(set(reached)) >= 3


def test_an_application_naming_no_valuer_nor_insurer_is_not_theirs(db, crew, everyone):
    application = j.file(crew, db, valuer_org_id=None, insurer_org_id=None)
    _check(application, everyone, "filed without valuer or insurer")
    assert not can(crew.valuer, "pledge.view", application)
    application.valuer_org_id = crew.valuer_org.id  # named later: seen from then on
    db.session.flush()
    _check(application, everyone, "valuer named")
    assert can(crew.valuer, "pledge.view", application)


def test_another_bank_never_sees_nor_acts(db, crew):
    j.fund_the_pool(crew)
    application = j.file(crew, db)
    for _, app in j.walk(application, j.lent(crew), db):
        assert not can(crew.other_bank, "pledge.view", app)
    assert can(crew.bank, "pledge.view", application)
    for transition in PLEDGE_FLOW.transitions:
        application.state = transition.source
        assert not can(crew.other_bank, "pledge.act", (application, transition.event))


def test_files_follow_the_application_and_the_centres_stay_in_the_centre(db, crew, everyone):
    from ipcenter.pledge.models import PledgeDocument

    application = j.file(crew, db)
    shared = PledgeDocument(kind="statements", title="财务报表", audience="filer",
                            created_at=j.NOW)
    internal = PledgeDocument(kind="note", title="入池审核底稿", audience="centre",
                              created_at=j.NOW)
    application.documents.extend([shared, internal])
    db.session.flush()
    for who, user in everyone.items():
        assert can(user, "pledge.document", shared) == written_out(who, application), who
        assert can(user, "pledge.document", internal) == (who in ("fund manager",
                                                                  "director")), who


def test_the_claim_papers_go_to_the_centre_and_the_lending_bank_only(db, crew, everyone):
    """The compensation claim, its approval and the recovery record (audience ``centre``):
    the bank that claims sees them once the application was sent to it; the borrower, the
    valuer, the insurer and any other bank never."""
    from ipcenter.pledge.models import PledgeDocument

    j.fund_the_pool(crew)
    application = j.file(crew, db)
    claim = PledgeDocument(kind="claim_evidence", title="代偿申请材料", audience="centre",
                           created_at=j.NOW)
    application.documents.append(claim)
    db.session.flush()
    assert not can(crew.bank, "pledge.document", claim)      # not sent to the bank yet
    for _, app in j.walk(application, j.to_review(crew), db):
        pass
    for who, user in everyone.items():
        assert can(user, "pledge.document", claim) == (
            who in ("fund manager", "director", "bank A")), who


def test_the_firm_may_withdraw_only_its_own_and_only_before_approval(db, crew, everyone):
    application = j.file(crew, db)
    for state in S:
        application.state = state
        assert can(crew.firm, "pledge.act", (application, E.WITHDRAW)) == (
            state in BEFORE_APPROVAL)
        assert not can(everyone["other firm"], "pledge.act", (application, E.WITHDRAW))
