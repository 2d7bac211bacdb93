"""The provincial office's reader: it opens the statistics — the page, the PDF and the workbook
— without the tables that name the centre's staff (open cases by handler, each examiner's
decisions), which the director sees; everywhere else (cases, loans, requests, search, exports,
the worklist, the administration) it is refused in Chinese, and its menu offers the statistics
and nothing it cannot open."""

from __future__ import annotations

import io
import json
import re

import pytest
import sqlalchemy as sa

from ipcenter.auth.roles import OrgKind, Role
from tests.conftest import login, post_form

# The centre's staff of the world, renamed so that a name is never part of another.
STAFF = {"a": "欧阳承办", "b": "司马执法", "c": "上官执法"}
EXAMINERS = {"examiner": "诸葛预审", "examiner2": "东方预审"}


@pytest.fixture
def named(world, crew):
    """The world with its staff named by ``STAFF`` and ``EXAMINERS``."""
    for key, name in STAFF.items():
        getattr(world, key).display_name = name
    for key, name in EXAMINERS.items():
        getattr(crew, key).display_name = name
    return world


@pytest.fixture
def reader(make_user):
    user = make_user("provincial")
    assert user.organisation.kind == OrgKind.PROVINCE
    return user


def _names() -> list[str]:
    return [*STAFF.values(), *EXAMINERS.values()]


def _charts(html: str) -> list[dict]:
    return json.loads(re.search(
        r'<script type="application/json" id="report-charts">(.*?)</script>', html, re.DOTALL)[1])


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def _workbook_cells(data: bytes) -> set:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return {cell for sheet in book for row in sheet.iter_rows(values_only=True)
            for cell in row if cell is not None}


# ---------------------------------------------------------------------------------------------
# The statistics


def test_the_reader_sees_the_page_without_the_staff_tables(client, named, reader):
    login(client, reader.username)
    response = client.get("/reports/?year=2026")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in ("专利行政案件立案", "3宗", "21.23万元", "风险补偿资金池", "在办案件"):
        assert text in html, text
    assert 'data-testid="open-by-handler"' not in html
    assert 'data-testid="examiners"' not in html and 'data-testid="chart-examiners"' not in html
    assert {c["id"] for c in _charts(html)} == {"cases", "open", "clocks", "prexam_months"}
    for name in _names():
        assert name not in html, name


def test_the_director_sees_the_page_with_the_staff_tables(client, named, crew):
    login(client, crew.director.username)
    html = client.get("/reports/?year=2026").get_data(as_text=True)
    assert 'data-testid="open-by-handler"' in html and 'data-testid="examiners"' in html
    assert "examiners" in {c["id"] for c in _charts(html)}
    assert STAFF["a"] in html and EXAMINERS["examiner"] in html and EXAMINERS["examiner2"] in html


def test_the_pdf_leaves_the_staff_tables_to_the_director(client, named, crew, reader):
    login(client, reader.username)
    response = client.get("/reports/report.pdf?year=2026")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    for expected in ("2026年知识产权保护工作统计报告", "专利行政案件立案", "3宗", "风险补偿资金池"):
        assert expected in text, expected
    assert "承办人" not in text and "预审员" not in text
    assert not any(name in text for name in _names())

    post_form(client, "/logout", {}, page="/reports/")
    login(client, crew.director.username)
    text = _pdf_text(client.get("/reports/report.pdf?year=2026").data)
    assert "承办人" in text and "预审员" in text
    assert STAFF["a"] in text and EXAMINERS["examiner"] in text


def test_the_workbook_leaves_the_staff_tables_to_the_director(client, named, crew, reader):
    login(client, reader.username)
    response = client.get("/reports/report.xlsx?year=2026")
    assert response.status_code == 200
    cells = _workbook_cells(response.data)
    assert "专利行政案件立案" in cells and "风险补偿资金池" in cells
    assert "承办人" not in cells and "预审员" not in cells
    assert not cells & set(_names())

    post_form(client, "/logout", {}, page="/reports/")
    login(client, crew.director.username)
    cells = _workbook_cells(client.get("/reports/report.xlsx?year=2026").data)
    assert {"承办人", "预审员", STAFF["a"], EXAMINERS["examiner"]} <= cells


def test_the_reader_lands_on_the_statistics_and_its_menu_offers_nothing_else(client, reader):
    login(client, reader.username)
    home = client.get("/dashboard")
    assert home.status_code == 302 and home.headers["Location"].endswith("/reports/")
    assert client.get("/", follow_redirects=True).request.path == "/reports/"
    html = client.get("/reports/").get_data(as_text=True)
    menu = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', html, re.DOTALL)[1]
    assert re.findall(r'href="([^"]+)"', menu) == ["/reports/"]
    assert "统计" in menu


# ---------------------------------------------------------------------------------------------
# Everything else is refused


def _ids(db) -> dict[str, int]:
    from ipcenter.cases.models import Case
    from ipcenter.core.models import Deadline
    from ipcenter.pledge.models import PledgeApplication
    from ipcenter.prexam.models import PrexamFiling, PrexamRequest

    def first(column):
        return db.session.execute(sa.select(sa.func.min(column))).scalar_one()

    return {"case": first(Case.id), "loan": first(PledgeApplication.id),
            "request": first(PrexamRequest.id), "filing": first(PrexamFiling.id),
            "deadline": first(Deadline.id)}


REFUSED_GETS = [
    "/cases/", "/cases/{case}", "/cases/{case}/decision-preview", "/cases/new",
    "/cases/new/trademark", "/cases/clue", "/cases/counter/patent", "/cases/counter/trademark",
    "/search", "/search?q=灯饰", "/exports/", "/pledge/", "/pledge/{loan}", "/pledge/new",
    "/pledge/bank", "/pledge/pool", "/prexam/", "/prexam/{request}", "/prexam/new",
    "/prexam/filing/{filing}", "/prexam/filing/new", "/prexam/stats", "/prexam/settings",
    "/rights", "/admin/rights", "/admin/users", "/admin/organisations", "/admin/audit",
    "/admin/calendar", "/admin/grants", "/notices/deliveries",
]
REFUSED_POSTS = [
    "/dashboard/claim/{deadline}", "/exports/", "/cases/{case}/act/accept",
    "/pledge/{loan}/act/begin_check", "/prexam/{request}/take_up",
]


@pytest.mark.parametrize("url", REFUSED_GETS)
def test_the_reader_is_refused_every_other_page(client, world, reader, db, url):
    login(client, reader.username)
    response = client.get(url.format(**_ids(db)))
    assert response.status_code == 403, (url, response.status_code)
    assert "您无权" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", REFUSED_POSTS)
def test_the_reader_is_refused_every_action(client, world, reader, db, url):
    login(client, reader.username)
    response = post_form(client, url.format(**_ids(db)), {}, page="/reports/")
    assert response.status_code == 403, (url, response.status_code)
    assert "您无权" in response.get_data(as_text=True)


def test_the_reader_holds_no_principal_that_opens_a_matter(reader):
    from ipcenter.auth import policy

    assert policy.principals(reader) == {"public", f"user:{reader.id}", "role:provincial"}
    assert policy.statistics_only(reader)
    for action in ("dashboard.view", "search.use", "case.list", "case.file", "pledge.pages",
                   "prexam.pages", "prexam.queue", "exports.use", "calendar.view",
                   "reports.staff_figures"):
        assert not policy.can(reader, action), action
    assert policy.can(reader, "reports.view")


def test_a_province_grants_the_reader_role_alone(db, make_org, make_user):
    from ipcenter.admin import services as admin_services
    from ipcenter.core.errors import DomainError

    admin = make_user("admin")
    user = make_user("provincial")
    with pytest.raises(DomainError):
        admin_services.update_user(user, display_name=user.display_name,
                                   roles=[Role.PROVINCIAL, Role.ENFORCER], actor=admin,
                                   now=user.created_at)
    assert user.roles == {"provincial"}
