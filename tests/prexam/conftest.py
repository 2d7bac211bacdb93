"""Pre-examination fixtures: the people (a Zhongshan firm, another firm, two examiners, two
directors, an admin, a fund manager), a registration approved, and requests of each kind with
every required document (real PDFs and a real PNG)."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from tests.conftest import minimal_pdf

NOW = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)  # Wednesday 2026-04-01, 10:00 in Zhongshan

UM_DOCUMENTS = ("request", "description", "claims", "drawings", "abstract")
DESIGN_DOCUMENTS = ("request", "views", "brief_description")


def png() -> bytes:
    """A real 1×1 PNG."""
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def pdf(tag: str = "") -> bytes:
    """A real one-page PDF, distinct per ``tag``."""
    return minimal_pdf() + f"\n% {tag}\n".encode()


def uploads(kinds, content=None):
    from ipcenter.prexam.services import Upload

    return [Upload(kind, io.BytesIO(content or pdf(kind)), f"{kind}.pdf") for kind in kinds]


@pytest.fixture
def crew(db, make_org, make_user):
    firm = make_org("firm", name="中山市古镇华辉灯饰有限公司")
    other = make_org("firm", name="中山市横栏明亮照明电器厂")
    return SimpleNamespace(
        firm_org=firm, other_org=other,
        firm=make_user("firm", org=firm), firm2=make_user("firm", org=firm),
        other=make_user("firm", org=other),
        examiner=make_user("examiner"), examiner2=make_user("examiner"),
        director=make_user("director"), director2=make_user("director"),
        admin=make_user("admin"), fund=make_user("fund_manager"),
        adjudicator=make_user("adjudicator"))


def filing_data(org, **overrides):
    from ipcenter.prexam.services import FilingData

    values = dict(uscc=org.uscc, contact_name="李明", contact_phone="0760-22345678",
                  contact_email="liming@example.com", rd_staff=12,
                  fields="LED灯具、智能照明控制", undertaking=True)
    values.update(overrides)
    return FilingData(**values)


def approved_filing(db, crew, user=None, now=NOW):
    from ipcenter.prexam import services

    user = user or crew.firm
    filing = services.apply_for_filing(filing_data(user.organisation), user, now,
                                       uuid.uuid4().hex)
    services.approve_filing(filing, crew.examiner, now)
    db.session.flush()
    return filing


def request_data(kind="utility_model", **overrides):
    from ipcenter.prexam.services import RequestData

    values = dict(patent_kind=kind,
                  title="一种可调光LED吸顶灯" if kind == "utility_model" else "吊灯（水晶）",
                  classification="F21V 23/00" if kind == "utility_model" else "26-05",
                  abstract="本实用新型公开了一种可调光LED吸顶灯，包括灯座、散热板和驱动电源。",
                  claims_text="1. 一种可调光LED吸顶灯，其特征在于，包括灯座、散热板……",
                  declared_no_dual_filing=True)
    values.update(overrides)
    return RequestData(**values)


def submit(db, crew, kind="utility_model", user=None, now=NOW, files=None, **overrides):
    from ipcenter.prexam import services

    user = user or crew.firm
    files = files if files is not None else uploads(
        UM_DOCUMENTS if kind == "utility_model" else DESIGN_DOCUMENTS)
    request = services.submit_request(request_data(kind, **overrides), files, user, now,
                                      uuid.uuid4().hex)
    db.session.flush()
    return request
