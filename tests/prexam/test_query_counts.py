"""Query counts that do not grow, for the pre-examination pages: each page issues as many SQL
statements with 30 requests as with 3 (the harness of ``tests.web.test_query_counts``).

One real request is taken through the services (submitted with its files, taken up, an
opinion issued and answered) and its page is the request page measured. Around it ``grow``
adds plain rows in the shape the services make: requests in every state of the examiner's
queue and beyond, each with its applicant, an examiner in charge for those taken up, a running
clock and audit rows; the real request gets more files and audit rows as the world grows. The
statistics page is measured over requests decided in the period besides (``grow_decided``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest

from ipcenter.core import audit, outbox
from ipcenter.core.db import db as _db
from ipcenter.core.models import Deadline
from ipcenter.prexam import services
from ipcenter.prexam.models import (
    PrexamApplicant,
    PrexamDocument,
    PrexamHandler,
    PrexamRequest,
)
from ipcenter.prexam.workflow import S
from tests.prexam.conftest import NOW, approved_filing, submit, uploads
from tests.web.test_query_counts import Page, _measure

FIXED_NOW = "2026-04-03T10:00:00+08:00"
STATES = [S.SUBMITTED, S.CLASSIFICATION_CHECK, S.UNDER_EXAMINATION, S.AMENDED,
          S.OPINION_ISSUED, S.PASSED, S.FAILED]
TAKEN = {S.CLASSIFICATION_CHECK, S.UNDER_EXAMINATION, S.AMENDED, S.OPINION_ISSUED, S.PASSED,
         S.FAILED}


@dataclass
class World:
    crew: object
    request: PrexamRequest
    filing_id: int
    made: int = 0

    def __getattr__(self, name):   # the crew's people open the pages
        return getattr(self.__dict__["crew"], name)


PAGES = [
    Page("front page", "firm", "/prexam/"),
    Page("front page: queue", "examiner", "/prexam/"),
    Page("front page: mine", "examiner", "/prexam/?view=mine"),
    Page("front page: all", "examiner", "/prexam/?view=all"),
    Page("front page", "director", "/prexam/"),
    Page("request page", "firm", lambda w: f"/prexam/{w.request.id}"),
    Page("request page", "examiner", lambda w: f"/prexam/{w.request.id}"),
    Page("request page", "director", lambda w: f"/prexam/{w.request.id}"),
    Page("registration page", "examiner", lambda w: f"/prexam/filing/{w.filing_id}"),
    Page("dashboard: queue", "examiner", "/dashboard"),
]


def grow(world: World, total: int) -> None:
    """Add plain requests until ``total`` exist besides the real one."""
    crew = world.crew
    for i in range(world.made, total):
        state = STATES[i % len(STATES)]
        created = NOW + timedelta(hours=i)
        request = PrexamRequest(
            kind="prexam", state=state, number=f"中知预审字〔2026〕{1000 + i}号",
            filed_by_id=crew.firm.id, org_id=crew.firm_org.id, filing_id=world.filing_id,
            client_token=uuid.uuid4().hex, patent_kind="utility_model",
            title=f"一种LED筒灯{i}", classification="F21V 23/00", subclass="F21V",
            declared_no_dual_filing=True, created_at=created, submitted_at=created)
        request.applicants.append(PrexamApplicant(organisation_id=crew.firm_org.id,
                                                  name=crew.firm_org.name))
        if state in TAKEN:
            request.handlers.append(PrexamHandler(
                user_id=(crew.examiner if i % 2 else crew.examiner2).id, role="presiding",
                assigned_at=created))
        _db.session.add(request)
        _db.session.flush()
        _db.session.add(Deadline(subject_type="prexam", subject_id=request.id,
                                 subject_label=request.label, kind="classification",
                                 title="分类审核", basis="", starts_on=created.date(),
                                 period="1wd", due_on=created.date() + timedelta(days=1 + i % 3),
                                 created_at=created, assignee_role="examiner"))
        audit.record("prexam.submit", actor=crew.firm, obj_type="prexam", obj_id=request.id,
                     now=created, detail={"to": state})
    request = world.request
    for n in range(world.made, total):
        _db.session.add(PrexamDocument(
            request_id=request.id, kind="other", title="其他材料", filename=f"附件{n}.pdf",
            content_type="application/pdf", size=1000, audience="filer",
            uploaded_by_id=crew.firm.id, created_at=NOW, text_status="done", text=""))
        audit.record("prexam.note", actor=crew.examiner, obj_type="prexam", obj_id=request.id,
                     now=NOW, detail={"n": n})
    _db.session.flush()
    world.made = total


@pytest.fixture
def world(app, db, crew, monkeypatch):
    from ipcenter.prexam.views import register_worklist

    register_worklist(app)
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", FIXED_NOW)
    filing = approved_filing(db, crew)
    request = submit(db, crew)
    services.take_up(request, crew.examiner, NOW)
    services.confirm_classification(request, crew.examiner, NOW)
    services.issue_opinion(request, crew.examiner, NOW, {},
                           [{"basis": "pl_26_4", "text": "权利要求1不清楚。"}])
    services.amend(request, crew.firm, NOW + timedelta(days=1), "已修改。",
                   uploads(["amendment"]))
    outbox.take_queued(db.session)  # the notices stay unrendered: the page lists them anyway
    db.session.flush()
    return World(crew, request, filing.id)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.name}-{p.user}")
def test_prexam_page_query_count_does_not_grow(client, world, page):
    from tests.conftest import login

    grow(world, 3)
    login(client, getattr(world, page.user).username)
    client.get(page.url(world))  # warm the per-process caches
    small, small_sql = _measure(client, world, page)
    grow(world, 30)
    large, large_sql = _measure(client, world, page)
    assert large == small, (
        f"{page.name} as {page.user}: {small} statements with 3 requests, {large} with 30",
        [s for s in large_sql if large_sql.count(s) > small_sql.count(s)][:3])


# ---------------------------------------------------------------------------------------------
# The statistics page: aggregates, whatever the number of requests decided in the period

DECIDED = [S.PASSED, S.FAILED, S.GRANTED, S.FILED_AT_CNIPA, S.REJECTED, S.RETURNED, S.WITHDRAWN]
AT_CNIPA = {S.GRANTED, S.FILED_AT_CNIPA, S.REJECTED}


def grow_decided(world: World, total: int, made: list) -> None:
    """Add requests decided in the period (passed, failed, at CNIPA, granted, rejected, returned,
    withdrawn), each with its examiner in charge, until ``total`` exist; passed ones from the
    first three on, so the working-day count runs at every size."""
    crew = world.crew
    for i in range(len(made), total):
        state = DECIDED[i % len(DECIDED)]
        created = NOW + timedelta(hours=i)
        day = created.date()
        passed = state == S.PASSED or state in AT_CNIPA
        request = PrexamRequest(
            kind="prexam", state=state, number=f"中知预审字〔2026〕{5000 + i}号",
            filed_by_id=crew.firm.id, org_id=crew.firm_org.id, filing_id=world.filing_id,
            client_token=uuid.uuid4().hex, patent_kind=("utility_model", "design")[i % 2],
            title=f"一种LED面板灯{i}", classification="F21V 23/00" if i % 2 == 0 else "26-05",
            subclass="F21V" if i % 2 == 0 else "26-05", declared_no_dual_filing=True,
            created_at=created, submitted_at=created, rounds=i % 3,
            passed_on=day + timedelta(days=3 + i % 5) if passed else None,
            failed_on=day + timedelta(days=4) if state == S.FAILED else None,
            application_number=f"CN2026{i:08d}" if state in AT_CNIPA else None,
            cnipa_filed_on=day + timedelta(days=9) if state in AT_CNIPA else None,
            granted_on=day + timedelta(days=20 + i % 7) if state == S.GRANTED else None,
            rejected_on=day + timedelta(days=30) if state == S.REJECTED else None,
            closed_at=(created + timedelta(days=2)
                       if state in {S.RETURNED, S.WITHDRAWN, S.FAILED, S.GRANTED, S.REJECTED}
                       else None))
        request.applicants.append(PrexamApplicant(organisation_id=crew.firm_org.id,
                                                  name=crew.firm_org.name))
        request.handlers.append(PrexamHandler(
            user_id=(crew.examiner if i % 2 else crew.examiner2).id, role="presiding",
            assigned_at=created))
        _db.session.add(request)
        made.append(request)
    _db.session.flush()


STATISTICS_PAGES = [
    Page("statistics page", "examiner", "/prexam/stats"),
    Page("statistics page", "director", "/prexam/stats"),
    Page("statistics page, three years", "director",
         "/prexam/stats?start=2025-01-01&end=2027-12-31"),
]


@pytest.mark.parametrize("page", STATISTICS_PAGES, ids=lambda p: f"{p.name}-{p.user}")
def test_statistics_query_count_does_not_grow(client, world, page):
    from tests.conftest import login

    made: list = []
    grow(world, 3)
    grow_decided(world, 3, made)
    login(client, getattr(world, page.user).username)
    client.get(page.url(world))  # warm the per-process caches
    small, small_sql = _measure(client, world, page)
    grow(world, 30)
    grow_decided(world, 30, made)
    large, large_sql = _measure(client, world, page)
    assert large == small, (
        f"{page.name} as {page.user}: {small} statements with 3 requests, {large} with 30",
        [s for s in large_sql if large_sql.count(s) > small_sql.count(s)][:3])


def test_the_queue_index_holds_the_queue_states():
    """The partial index's predicate copies ``EXAMINER_QUEUE`` as text (a migration cannot
    import it): a state added to the queue must be added to the index too."""
    import re

    from ipcenter.prexam import models
    from ipcenter.prexam.workflow import EXAMINER_QUEUE

    assert set(re.findall(r"'([a-z_]+)'", models._QUEUE)) == {str(s) for s in EXAMINER_QUEUE}
