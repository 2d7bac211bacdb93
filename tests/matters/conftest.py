"""The contract suite's fixtures: every registered kind of matter, its contract, and a cast.

A kind joins the suite by registering with ``ipcenter.matters.kinds`` and adding one line to
``CONTRACTS`` (the module that builds its ``contract.Contract``); a registered kind without
one fails ``test_every_registered_kind_has_a_contract``.
"""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

import ipcenter
from ipcenter.matters import kinds
from tests.cases.conftest import cast, officers  # noqa: F401  (fixtures used below)

CONTRACTS = {
    "patent": "tests.matters.patent_contract",
    "trademark": "tests.matters.trademark_contract",
    "pledge": "tests.matters.pledge_contract",
    "prexam": "tests.matters.prexam_contract",
    "prexam_filing": "tests.matters.prexam_contract:FILING_CONTRACT",
}


def registered_kinds() -> list[str]:
    """The kinds the domains register (each domain's ``kinds`` or ``kind`` module registers
    its own)."""
    for domain in ipcenter.DOMAINS:
        for module in ("kinds", "kind"):
            try:
                import_module(f"{domain}.{module}")
            except ModuleNotFoundError as error:
                if error.name != f"{domain}.{module}":
                    raise
    return sorted(kinds.registered())


def contract_of(kind: str):
    """The kind's contract: ``CONTRACT`` of its module, or the name after ``:`` (a module
    holding the contracts of two kinds)."""
    if kind not in CONTRACTS:
        pytest.fail(f"the kind {kind!r} has no contract: add its line to CONTRACTS in "
                    "tests/matters/conftest.py")
    module, _, name = CONTRACTS[kind].partition(":")
    return getattr(import_module(module), name or "CONTRACT")


@pytest.fixture
def people(cast, officers, make_user, make_org):  # noqa: F811
    """Everyone the suite asks: the parties, an outsider firm, the panel (judges 1–3) and
    a fourth adjudicator, three officers (the third never assigned), the director, the admin,
    a bank and a second bank, a further enforcer, the fund manager, a valuer, an insurer, two
    examiners, and an anonymous visitor."""
    crowd = SimpleNamespace(**vars(cast), officers=officers)
    crowd.agent = make_user("agent", username="agent")
    crowd.fund = make_user("fund_manager", username="fund")
    crowd.valuer = make_user("valuer", org=make_org("valuer", name="中山市云创知识产权服务有限公司"),
                             username="valuer")
    crowd.insurer = make_user("insurer", username="insurer",
                              org=make_org("insurer", name="中国人民财产保险股份有限公司中山市分公司"))
    crowd.other_bank = make_user("bank", username="bank2")
    crowd.examiner = make_user("examiner", username="examiner")
    crowd.examiner2 = make_user("examiner", username="examiner2")
    crowd.users = {
        "requester": cast.requester, "respondent": cast.respondent, "outsider": cast.outsider,
        **{f"judge{i}": judge for i, judge in enumerate(cast.judges, 1)},
        **{f"officer{i}": officer for i, officer in enumerate(officers, 1)},
        "director": cast.director, "admin": cast.admin, "bank": cast.bank,
        "enforcer": cast.enforcer, "agent": crowd.agent, "fund": crowd.fund,
        "valuer": crowd.valuer, "insurer": crowd.insurer, "bank2": crowd.other_bank,
        "examiner": crowd.examiner, "examiner2": crowd.examiner2,
        "anonymous": AnonymousUserMixin(),
    }
    return crowd
