"""The loan register and the pre-examination register: for every role and view, the export
holds the applications or requests the list shows, in its order; amounts are numbers of two
decimals, days are dates, states are the list's labels."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from ipcenter.pledge.models import PledgeApplication
from ipcenter.prexam.models import PrexamRequest
from tests.conftest import login
from tests.exports.helpers import export_rows, small_chunks  # noqa: F401
from tests.pledge import journeys
from tests.pledge.conftest import crew as pledge_crew  # noqa: F401  (the fixture)
from tests.prexam.conftest import NOW as PREXAM_NOW
from tests.prexam.conftest import approved_filing, submit
from tests.prexam.conftest import crew as prexam_crew  # noqa: F401  (the fixture)

RAW = re.compile(r"[a-z_]+")


@pytest.fixture
def loans(db, pledge_crew):  # noqa: F811
    journeys.fund_the_pool(pledge_crew)
    first = journeys.file(pledge_crew, db, 1)
    second = journeys.file(pledge_crew, db, 2, amount="2500000.50")
    for _name, step in journeys.to_review(pledge_crew):
        step(second)
    third = journeys.file(pledge_crew, db, 3, bank_org_id=pledge_crew.other_bank_org.id)
    db.session.flush()
    return [first, second, third]


def _listed(client, path: str, filters: dict, testid: str) -> list[int]:
    html = client.get(path + "?" + urlencode(filters)).get_data(as_text=True)
    return [int(i) for i in re.findall(rf'data-testid="{testid}-(\d+)"', html)]


@pytest.mark.parametrize("role", ["firm", "fund", "bank", "other_bank", "valuer", "insurer",
                                  "director"])
def test_the_loan_register_holds_what_the_list_shows(client, db, pledge_crew, loans,  # noqa
                                                     role, small_chunks):  # noqa: F811
    user = getattr(pledge_crew, role)
    login(client, user.username)
    states = sorted({a.state for a in loans})
    for filters in [{}, *({"state": s} for s in states)]:
        listed = _listed(client, "/pledge/", filters, "application")
        rows = export_rows(client, db, user, "pledge", filters)
        assert rows[0] == ["申请编号", "借款人", "银行", "金额", "状态", "提交日期"]
        expected = [db.session.get(PledgeApplication, i) for i in listed]
        assert [r[0] for r in rows[1:]] == [a.number or a.title for a in expected], \
            (role, filters)


def test_amounts_days_and_labels_in_the_loan_files(client, db, pledge_crew, loans):  # noqa
    login(client, pledge_crew.director.username)
    rows = export_rows(client, db, pledge_crew.director, "pledge", {})
    # Newest first, as the list: the third application, the second, the first.
    assert len(rows) == 4
    row = rows[2]
    assert Decimal(str(row[3])).quantize(Decimal("0.01")) == Decimal("2500000.50")
    assert Decimal(str(rows[3][3])).quantize(Decimal("0.01")) == Decimal("1000000.03")
    assert isinstance(row[5], datetime)
    assert row[1] == "中山市古镇华辉灯饰有限公司" and row[2] == "中山农村商业银行股份有限公司"
    assert rows[1][2] == "中国工商银行股份有限公司中山分行"
    assert all(not RAW.fullmatch(r[4]) for r in rows[1:]), "a raw state code"
    text = export_rows(client, db, pledge_crew.director, "pledge", {}, "csv")
    assert text[0] == rows[0]
    assert [r[3] for r in text[1:]] == ["1000000.03", "2500000.50", "1000000.03"]
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", text[2][5])
    assert [r[4] for r in text[1:]] == [r[4] for r in rows[1:]]


def test_the_money_cells_show_two_decimals(client, db, pledge_crew, loans):  # noqa: F811
    import io

    from openpyxl import load_workbook

    from tests.exports.helpers import ask, latest

    login(client, pledge_crew.director.username)
    ask(client, "pledge", {})
    export = latest(db, pledge_crew.director)
    response = client.get(f"/exports/{export.id}/download")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    response.close()
    assert sheet.cell(2, 4).number_format == "#,##0.00"
    assert "年" in sheet.cell(2, 6).number_format


@pytest.fixture
def requests(db, prexam_crew):  # noqa: F811
    from ipcenter.prexam import services

    approved_filing(db, prexam_crew)
    approved_filing(db, prexam_crew, user=prexam_crew.other)
    ours = [submit(db, prexam_crew), submit(db, prexam_crew, kind="design"),
            submit(db, prexam_crew, title="一种LED筒灯")]
    theirs = submit(db, prexam_crew, user=prexam_crew.other, title="一种调光驱动电源")
    services.take_up(ours[0], prexam_crew.examiner, PREXAM_NOW)
    db.session.flush()
    return [*ours, theirs]


@pytest.mark.parametrize("role", ["firm", "firm2", "other", "examiner", "examiner2",
                                  "director"])
def test_the_prexam_register_holds_what_the_list_shows(client, db, prexam_crew,  # noqa: F811
                                                       requests, role, small_chunks):  # noqa
    user = getattr(prexam_crew, role)
    login(client, user.username)
    for filters in [{}, {"view": "queue"}, {"view": "mine"}, {"view": "all"}]:
        listed = _listed(client, "/prexam/", filters, "request")
        rows = export_rows(client, db, user, "prexam", filters)
        assert rows[0][:3] == ["预审编号", "类型", "发明创造名称"]
        expected = [db.session.get(PrexamRequest, i) for i in listed]
        assert [r[0] for r in rows[1:]] == [r.number or r.title for r in expected], \
            (role, filters)
        assert all(not RAW.fullmatch(str(r[1])) for r in rows[1:]), "a raw kind code"
    if role == "examiner":
        mine = export_rows(client, db, user, "prexam", {"view": "mine"})
        assert len(mine) == 2 and mine[1][4]  # the request it took up, with its examiner


def test_a_page_without_a_request_list_exports_nothing(client, db, prexam_crew):  # noqa: F811
    from tests.exports.helpers import ask

    login(client, prexam_crew.admin.username)
    response = ask(client, "prexam", {})
    assert response.status_code == 400
