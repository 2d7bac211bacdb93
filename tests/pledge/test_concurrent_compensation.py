"""Two compensations approved by two directors at the same moment, through the services, on a
committed database (PostgreSQL: the pool's row lock; SQLite: its one writer): the first pays
its share, the second sees the balance the first left and pays what remains (the pool's part
capped at its balance), and the pool never goes below zero."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ipcenter.auth.models import Organisation, User
from ipcenter.core.db import db as sql
from ipcenter.core.db import unit_of_work
from ipcenter.ip.uscc import check_character
from ipcenter.pledge import ledger
from ipcenter.pledge import services as pl
from ipcenter.pledge.models import PledgeApplication
from ipcenter.pledge.workflow import S
from tests.integration.conftest import dispose, fresh_database, migrated_app
from tests.pledge import journeys as j
from tests.pledge.conftest import NOW, held_right

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=[
    pytest.param("postgresql", marks=pytest.mark.postgres), "sqlite"])
def committed_app(request, tmp_path_factory):
    with fresh_database(request.param, tmp_path_factory.mktemp("compensation")) as url:
        app = migrated_app(tmp_path_factory, url)
        try:
            yield app
        finally:
            dispose(app)


def _crew() -> SimpleNamespace:
    n = {"i": 0}

    def org(kind, name):
        n["i"] += 1
        base = f"91442000MA{n['i']:07d}"
        row = Organisation(name=name, kind=kind, uscc=base + check_character(base),
                           created_at=NOW)
        sql.session.add(row)
        return row

    def user(role, organisation):
        n["i"] += 1
        row = User(username=f"c{n['i']}", display_name=f"用户{n['i']}", password_hash="x",
                   organisation=organisation, active=True, created_at=NOW)
        row.set_roles([role])
        sql.session.add(row)
        return row

    centre = org("centre", "中山市知识产权保护中心")
    crew = SimpleNamespace(firm_org=org("firm", "中山市古镇华辉灯饰有限公司"),
                           bank_org=org("bank", "中山农村商业银行股份有限公司"),
                           valuer_org=org("valuer", "中山市云创知识产权服务有限公司"),
                           insurer_org=org("insurer", "人保财险中山分公司"))
    crew.firm, crew.bank = user("firm", crew.firm_org), user("bank", crew.bank_org)
    crew.valuer, crew.insurer = user("valuer", crew.valuer_org), user("insurer",
                                                                     crew.insurer_org)
    crew.fund, crew.director = user("fund_manager", centre), user("director", centre)
    crew.director2 = user("director", centre)
    sql.session.flush()
    return crew


def test_two_approvals_at_once_never_take_the_pool_below_zero(committed_app):
    with committed_app.app_context(), unit_of_work():
        crew = _crew()
        ledger.contribute("central", "40000000.00", crew.fund, NOW)
        claims = []
        for n in (1, 2):
            right = held_right(sql, crew.firm_org, j.patent_number(n))
            application = pl.file_application(j.filing(crew, [right.id], amount="1000000.03"),
                                              crew.firm, NOW, uuid.uuid4().hex)
            steps = [*j.lent(crew), *[s for s in j.defaulted(crew)
                                      if s[0] in ("scan_overdue", "declare_default",
                                                  "file_claim")]]
            for name, step in steps:
                step(application)
            claims.append(application.id)
        # Leave 600,000.00 in the pool: one share (540,000.02) and part of the other.
        ledger.post_compensation(None, ledger.balance() - Decimal("600000.00"), crew.fund, NOW)
        directors = [crew.director.id, crew.director2.id]
    barrier = threading.Barrier(2, timeout=60)
    errors = []

    def approve(application_id, director_id):
        try:
            barrier.wait()
            with committed_app.app_context(), unit_of_work():
                application = sql.session.get(PledgeApplication, application_id)
                pl.approve_compensation(application, sql.session.get(User, director_id),
                                        j.at(145))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=approve, args=pair)
               for pair in zip(claims, directors, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with committed_app.app_context():
        paid = sorted(ledger.compensated(i) for i in claims)
        assert paid == [Decimal("59999.98"), Decimal("540000.02")]
        assert ledger.balance() == Decimal("0.00")
        assert sum(ledger.balances().values()) == 0
        for i in claims:
            application = sql.session.get(PledgeApplication, i)
            assert application.state == S.COMPENSATION_APPROVED
            assert Decimal(application.loss_split["pool"]) == ledger.compensated(i)
