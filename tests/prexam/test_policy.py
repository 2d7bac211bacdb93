"""Who may do what in pre-examination, as one table written out from issue 14 and DOMAIN.md §3
and checked against the policy for every kind of user: the firm that filed (two of its users),
another firm, the examiner in charge and another examiner, the director, the admin, the fund
manager, an adjudicator, a bank and the anonymous visitor.

- a request, a registration and their files: the firm that filed and the centre's examiners
  and director, nobody else; the centre's working papers: the examiners and the director only;
- uploading to a request: the firm that filed and the examiner in charge;
- submitting and applying for 备案: any firm user (the services check the registration);
- the queue and the statistics: the examiners and the director; reassigning: the director;
  the settings: the admin;
- firing an event: the role of the transition table, the firm that filed, the examiner in
  charge once one has taken the request up.

For the views, ``can`` == the list's SQL filter == the principals the index stores."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from ipcenter.auth.policy import can
from ipcenter.core.db import db as _db
from ipcenter.prexam import policy, services
from ipcenter.prexam.models import PrexamFiling, PrexamRequest
from ipcenter.prexam.workflow import FE, E, S
from tests.prexam.conftest import NOW, approved_filing, pdf, submit

WHO = ("firm", "firm2", "other firm", "examiner", "examiner2", "director", "admin",
       "fund manager", "adjudicator", "bank", "anonymous")
FIRM = {"firm", "firm2"}
CENTRE = {"examiner", "examiner2", "director"}
ANY_FIRM = FIRM | {"other firm"}

# What each may do, written out (the request taken up by "examiner", an opinion issued).
EXPECTED = {
    "view request": FIRM | CENTRE,
    "view registration": FIRM | CENTRE,
    "open an application document": FIRM | CENTRE,
    "open a notice": FIRM | CENTRE,
    "open a working paper": CENTRE,
    "open a registration document": FIRM | CENTRE,
    "upload": FIRM | {"examiner"},
    "submit": ANY_FIRM,
    "apply for registration": ANY_FIRM,
    "see the queue": CENTRE,
    "see the statistics": CENTRE,
    "reassign": {"director"},
    "change the settings": {"admin"},
    "see the menu entry": ANY_FIRM | CENTRE | {"admin"},
    # Events of the request, from OPINION_ISSUED.
    "amend": FIRM,
    "withdraw": FIRM,
    "fail": {"examiner"},
    "pass (not possible now)": set(),
    # Events of the registration, from APPROVED (no examiner in charge of a registration).
    "propose a suspension": {"examiner", "examiner2"},
}


@pytest.fixture
def world(db, crew, make_org, make_user):
    filing = approved_filing(db, crew)
    request = submit(db, crew)
    services.take_up(request, crew.examiner, NOW)
    services.confirm_classification(request, crew.examiner, NOW)
    working = services.upload(request, "working_paper", io.BytesIO(pdf("wp")), "检索记录.pdf",
                              crew.examiner, NOW)
    services.issue_opinion(request, crew.examiner, NOW, {},
                           [{"basis": "pl_26_4", "text": "权利要求1不清楚。"}])
    db.session.flush()
    assert request.state == S.OPINION_ISSUED and working.audience == "centre"
    docs = {d.kind: d for d in request.documents}
    notice = next(d for d in request.documents if d.template == "opinion_notice")
    users = {
        "firm": crew.firm, "firm2": crew.firm2, "other firm": crew.other,
        "examiner": crew.examiner, "examiner2": crew.examiner2, "director": crew.director,
        "admin": crew.admin, "fund manager": crew.fund, "adjudicator": crew.adjudicator,
        "bank": make_user("bank", org=make_org("bank")), "anonymous": AnonymousUserMixin(),
    }
    checks = {
        "view request": ("prexam.view", request),
        "view registration": ("prexam.filing.view", filing),
        "open an application document": ("prexam.document", docs["claims"]),
        "open a notice": ("prexam.document", notice),
        "open a working paper": ("prexam.document", working),
        "open a registration document": ("prexam.filing.document", filing.documents[0]),
        "upload": ("prexam.upload", request),
        "submit": ("prexam.submit", None),
        "apply for registration": ("prexam.filing.apply", None),
        "see the queue": ("prexam.queue", None),
        "see the statistics": ("prexam.stats", None),
        "reassign": ("prexam.assign", request),
        "change the settings": ("prexam.settings", None),
        "see the menu entry": ("prexam.pages", None),
        "amend": ("prexam.act", (request, E.AMEND)),
        "withdraw": ("prexam.act", (request, E.WITHDRAW)),
        "fail": ("prexam.act", (request, E.FAIL)),
        "pass (not possible now)": ("prexam.act", (request, E.PASS)),
        "propose a suspension": ("prexam.filing.act", (filing, FE.PROPOSE_SUSPENSION)),
    }
    return users, checks, request, filing


def test_the_table_covers_every_check(world):
    _users, checks, _request, _filing = world
    assert set(checks) == set(EXPECTED)


@pytest.mark.parametrize("what", list(EXPECTED))
def test_who_may(world, what):
    users, checks, _request, _filing = world
    action, obj = checks[what]
    allowed = {who for who in WHO if can(users[who], action, obj)}
    assert allowed == EXPECTED[what], what


def _seen_by_sql(model, visible, matter, user) -> bool:
    query = visible(sa.select(model.id).where(model.id == matter.id), user)
    return _db.session.execute(query).first() is not None


@pytest.mark.parametrize("who", WHO)
def test_the_views_rule_the_lists_filter_and_the_index_agree(world, who):
    from ipcenter.auth.policy import principals

    users, _checks, request, filing = world
    user = users[who]
    for model, visible, matter, action, of in (
            (PrexamRequest, policy.visible_requests, request, "prexam.view",
             policy.request_principals),
            (PrexamFiling, policy.visible_filings, filing, "prexam.filing.view",
             policy.filing_principals)):
        by_rule = can(user, action, matter)
        assert by_rule == (who in FIRM | CENTRE)
        assert _seen_by_sql(model, visible, matter, user) == by_rule, (who, action)
        assert bool(principals(user) & of(matter)) == by_rule, (who, action)


def test_before_anyone_takes_it_up_every_examiner_may(db, crew):
    approved_filing(db, crew)
    request = submit(db, crew)
    for examiner in (crew.examiner, crew.examiner2):
        assert can(examiner, "prexam.act", (request, E.TAKE_UP))
        assert can(examiner, "prexam.upload", request)
    assert not can(crew.director, "prexam.act", (request, E.TAKE_UP))
    assert not can(crew.firm, "prexam.act", (request, E.TAKE_UP))
    services.take_up(request, crew.examiner, NOW)
    assert not can(crew.examiner2, "prexam.upload", request)


def test_the_director_decides_the_examiners_proposal(db, crew, make_user):
    filing = approved_filing(db, crew)
    both = make_user("examiner", "director")
    services.propose(filing, crew.examiner, NOW, "suspend", "credit_breach", "严重失信。")
    event = (filing, FE.SUSPEND)
    assert {u for u, user in (("director", crew.director), ("director2", crew.director2),
                              ("both", both), ("examiner", crew.examiner),
                              ("firm", crew.firm), ("admin", crew.admin))
            if can(user, "prexam.filing.act", event)} == {"director", "director2", "both"}
    # The policy lets a director act; the table's guard refuses the proposer (test_services).


def test_the_firm_withdraws_its_own_pending_registration_only(db, crew):
    import uuid

    from tests.prexam.conftest import filing_data

    filing = services.apply_for_filing(filing_data(crew.firm_org), crew.firm, NOW,
                                       uuid.uuid4().hex)
    assert can(crew.firm, "prexam.filing.act", (filing, FE.WITHDRAW))
    assert can(crew.firm2, "prexam.filing.act", (filing, FE.WITHDRAW))
    assert not can(crew.other, "prexam.filing.act", (filing, FE.WITHDRAW))
    assert can(crew.examiner, "prexam.filing.act", (filing, FE.APPROVE))
    assert not can(crew.director, "prexam.filing.act", (filing, FE.APPROVE))
    assert not can(crew.firm, "prexam.filing.act", (filing, FE.APPROVE))


def test_an_event_of_another_kind_of_matter_is_refused(db, crew):
    filing = approved_filing(db, crew)
    request = submit(db, crew)
    assert not can(crew.examiner, "prexam.act", (filing, FE.PROPOSE_SUSPENSION))
    assert not can(crew.examiner, "prexam.filing.act", (request, E.TAKE_UP))
