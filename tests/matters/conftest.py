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
}


def registered_kinds() -> list[str]:
    """The kinds the domains register (each domain's ``kinds`` module registers its own)."""
    for domain in ipcenter.DOMAINS:
        try:
            import_module(f"{domain}.kinds")
        except ModuleNotFoundError as error:
            if error.name != f"{domain}.kinds":
                raise
    return sorted(kinds.registered())


def contract_of(kind: str):
    if kind not in CONTRACTS:
        pytest.fail(f"the kind {kind!r} has no contract: add its line to CONTRACTS in "
                    "tests/matters/conftest.py")
    return import_module(CONTRACTS[kind]).CONTRACT


@pytest.fixture
def people(cast, officers, make_user):  # noqa: F811
    """Everyone the suite asks: the parties, an outsider firm, the panel (judges 1–3) and
    a fourth adjudicator, three officers (the third never assigned), the director, the admin,
    a bank, a further enforcer, and an anonymous visitor."""
    crowd = SimpleNamespace(**vars(cast), officers=officers)
    crowd.agent = make_user("agent", username="agent")
    crowd.users = {
        "requester": cast.requester, "respondent": cast.respondent, "outsider": cast.outsider,
        **{f"judge{i}": judge for i, judge in enumerate(cast.judges, 1)},
        **{f"officer{i}": officer for i, officer in enumerate(officers, 1)},
        "director": cast.director, "admin": cast.admin, "bank": cast.bank,
        "enforcer": cast.enforcer, "agent": crowd.agent, "anonymous": AnonymousUserMixin(),
    }
    return crowd
