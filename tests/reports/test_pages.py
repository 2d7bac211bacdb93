"""The director's statistics page, its PDF and its workbook: who may open them, what they show
(read back: the PDF with pypdf, the workbook with openpyxl), bad periods refused with a reason,
no request leaving the application, and a number of statements that does not grow with the
rows."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest

from ipcenter.auth.roles import Role
from ipcenter.reports import figures
from ipcenter.reports.periods import choose
from tests.conftest import login
from tests.reports.conftest import _deadline, _loan, _patent, _trademark, at
from tests.web.test_query_counts import counting

URLS = ("/reports/?year=2026", "/reports/report.pdf?year=2026", "/reports/report.xlsx?year=2026")


READERS = {Role.DIRECTOR, Role.PROVINCIAL}   # the provincial reader's own: test_provincial


@pytest.mark.parametrize("role", [r for r in Role if r not in READERS])
def test_every_other_role_is_refused(client, make_user, role):
    user = make_user(str(role))
    login(client, user.username)
    for url in URLS:
        assert client.get(url).status_code == 403, (role, url)


def test_a_visitor_is_sent_to_sign_in(client):
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_shows_the_figures_with_charts_and_tables(client, world):
    login(client, world.director.username)
    response = client.get("/reports/?year=2026")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in ("专利行政案件立案", "3宗", "15.80万元", "21.23万元", "0.16亿元", "1000.00万元",
                 "涉外商标案件投诉受理", "75.0%", "在办案件"):
        assert text in html, text
    data = json.loads(re.search(
        r'<script type="application/json" id="report-charts">(.*?)</script>', html, re.DOTALL)[1])
    ids = {c["id"] for c in data}
    assert ids == {"cases", "open", "clocks", "prexam_months", "examiners"}
    for chart_id in ids:  # every chart has its table beside it
        section = re.search(rf'data-testid="chart-{chart_id}">(.*?)</section>', html, re.DOTALL)[1]
        assert f'data-chart="{chart_id}"' in section and "<table" in section
    cases = next(c for c in data if c["id"] == "cases")
    assert cases["series"][0]["data"] == [3, 3]


def test_no_request_leaves_the_application(client, world):
    login(client, world.director.username)
    response = client.get("/reports/?year=2026")
    html = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    ours = ["/static/vendor/echarts/echarts.min.js", "/static/reports/charts.js"]
    assert [src for src in sources if src in ours] == ours
    assert all(src.startswith("/") and not src.startswith("//") for src in sources)
    # No executable inline script: the only inline block is JSON data.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="report-charts"']
    assert not re.search(r'(src|href)="(https?:)?//', html)
    for path in (*ours, "/static/vendor/echarts/LICENSE", "/static/vendor/echarts/NOTICE"):
        served = client.get(path)
        assert served.status_code == 200
        served.close()


@pytest.mark.parametrize("query", ["year=1999", "year=20x6", "quarter=5", "month=13",
                                   "quarter=1&month=2", "month=-1"])
def test_a_bad_period_is_refused_with_a_reason(client, world, query):
    login(client, world.director.username)
    response = client.get(f"/reports/?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert any(text in html for text in ("四位数年份", "季度只能是", "月份应为", "不能同时选择"))


def test_a_quarter_and_a_month_on_the_page(client, world):
    login(client, world.director.username)
    assert client.get("/reports/?year=2026&quarter=2").status_code == 200
    assert client.get("/reports/?year=2026&month=3").status_code == 200


def test_the_pdf_reads_back(client, world):
    from pypdf import PdfReader

    login(client, world.director.username)
    response = client.get("/reports/report.pdf?year=2026")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "ipcenter-report-2026.pdf" in response.headers["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    text = re.sub(r"\s+", "", text)
    for expected in ("2026年知识产权保护工作统计报告", "专利行政案件立案", "3宗", "案值", "15.80万元",
                     "罚没", "21.23万元", "移送涉嫌犯罪案件", "知识产权质押贷款", "0.16亿元",
                     "单笔最高贷款", "1000.00万元", "通过率", "75.0%", "风险补偿资金池"):
        assert expected in text, expected
    assert "核验码" not in text   # a report, not an official document


def test_the_workbook_reads_back(client, world):
    from openpyxl import load_workbook

    login(client, world.director.username)
    response = client.get("/reports/report.xlsx?year=2026&quarter=2")
    assert response.status_code == 200
    assert "ipcenter-report-2026-Q2.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["年度统计", "运行情况"]
    rows = {r[0]: r[1:] for r in book["年度统计"].iter_rows(values_only=True) if r[0]}
    assert rows["专利行政案件立案"][:3] == ("1宗", 1, "宗")
    assert rows["案值"][0] == "15.80万元" and Decimal(str(rows["案值"][1])) == Decimal("15.80")
    assert rows["罚没"][0] == "21.23万元"
    assert rows["知识产权质押贷款"][0] == "0.00亿元"   # no loan disbursed in the second quarter
    ops = [r for r in book["运行情况"].iter_rows(values_only=True)]
    assert sum(r[2] for r in ops if r[0] == "专利侵权纠纷" and isinstance(r[2], int)) == 2


def test_the_statements_do_not_grow_with_the_rows(world, db):
    period, today = choose("2026", today=date(2026, 6, 15)).period, date(2026, 6, 15)

    def measure() -> int:
        db.session.expire_all()
        with counting() as statements:
            figures.annual(period)
            figures.operations(period, today)
        return len(statements)

    small = measure()
    for i in range(20):
        _patent(db, world, "examination", at(date(2026, 2, 1 + i)))
        _trademark(db, world, "tm_closed", accepted=at(date(2026, 3, 1 + i)),
                   closed=at(date(2026, 5, 1 + i)), decision_kind="penalty",
                   decided_on=date(2026, 4, 1 + i), turnover=Decimal("100.00"),
                   fine=Decimal("50.00"))
        _deadline(db, "case", "decision", date(2026, 6, 1 + i))
        _loan(db, world, "pl_disbursed", approved="100000.00", disbursed=date(2026, 2, 1 + i))
    db.session.flush()
    assert measure() == small
    assert figures.annual(period).cases.patent_filed == 23
