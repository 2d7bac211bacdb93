"""Pledge applications and their files in the real search index (on disk): found by title,
borrower, the pledged rights' numbers and state, by exactly those ``pledge.view`` /
``pledge.document`` let in — the borrower, the fund manager, the director, the bank once the
application was sent to it, the named valuer and insurer, never another bank — and re-indexed
as the application moves (``matters.fire`` queues it)."""

from __future__ import annotations

import pytest

from ipcenter import matters, search
from ipcenter.auth.policy import can, principals
from ipcenter.core import storage
from ipcenter.core.db import unit_of_work
from ipcenter.pledge.models import PledgeDocument
from ipcenter.pledge.search import FILE_KIND
from tests.conftest import minimal_pdf
from tests.pledge import journeys as j
from tests.search.helpers import all_keys


def _found(user, query="*"):
    return all_keys(search.current_index(), query, principals(user))


def _commit(db):
    with unit_of_work():   # the outbox's index messages run after the commit (eagerly here)
        pass


def test_an_application_is_found_by_those_who_may_see_it_as_it_moves(db, crew, make_org,
                                                                    make_user):
    other_firm = make_user("firm", org=make_org("firm"))
    application = j.file(crew, db)
    _commit(db)
    key = f"pledge:{application.id}"
    assert key in _found(crew.firm) and key in _found(crew.fund) and key in _found(crew.director)
    assert key in _found(crew.valuer) and key in _found(crew.insurer)
    assert key not in _found(crew.bank)            # not sent to the bank yet
    assert key not in _found(crew.other_bank) and key not in _found(other_firm)
    assert key not in _found(make_user("admin")) and key not in _found(make_user("examiner"))
    steps = dict(j.to_review(crew))
    steps["begin_check"](application)
    steps["enrol"](application)                    # sent to the bank
    _commit(db)
    assert key in _found(crew.bank) and key not in _found(crew.other_bank)
    assert can(crew.bank, "pledge.view", application)


def test_found_by_its_rights_number_its_borrower_and_its_state(db, crew):
    application = j.file(crew, db, 5)
    _commit(db)
    key = f"pledge:{application.id}"
    number = application.rights[0].right.number
    assert key in _found(crew.fund, number)
    assert key in _found(crew.fund, number.removeprefix("ZL"))
    assert key in _found(crew.fund, crew.firm_org.name)
    assert key not in _found(crew.fund, j.patent_number(6))
    hits = search.current_index().search("*", principals(crew.fund), filters={
        "state": ["pl_applied"]})
    assert key in {h.key for h in hits.hits}


def test_files_are_found_by_those_who_may_open_them(db, crew):
    application = j.file(crew, db)
    saved = storage.save_bytes(minimal_pdf() + b"%pledge", "statements.pdf")
    shared = PledgeDocument(kind="statements", title="2025年度财务报表", sha256=saved.sha256,
                            audience="filer", created_at=j.NOW, text="资产负债表 灯饰")
    internal = PledgeDocument(kind="note", title="入池审核底稿", sha256=saved.sha256,
                              audience="centre", created_at=j.NOW, text="审核意见 灯饰")
    application.documents.extend([shared, internal])
    db.session.flush()
    matters.index(application)     # what a state change queues: the application and its files
    _commit(db)
    keys = {f"{FILE_KIND}:{shared.id}", f"{FILE_KIND}:{internal.id}"}
    for user, expected in ((crew.firm, {shared}), (crew.fund, {shared, internal}),
                           (crew.director, {shared, internal}), (crew.bank, set()),
                           (crew.other_bank, set()), (crew.valuer, {shared})):
        found = _found(user, "灯饰") & keys
        assert found == {f"{FILE_KIND}:{d.id}" for d in expected}, user.username
        for doc in (shared, internal):
            assert can(user, "pledge.document", doc) == (doc in expected)


@pytest.mark.parametrize("kind", ["pledge", FILE_KIND])
def test_the_builders_are_registered(app, kind):
    assert kind in search.registered()
