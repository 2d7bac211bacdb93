"""A file's name cannot lie about its type: the download is named with the extension of the
type read from its bytes; names lose their bidirectional controls (files and parties)."""

import io
import re
import uuid
from urllib.parse import unquote

import pytest

from ipcenter.cases.models import CaseDocument, DocAudience
from ipcenter.cases.patent import services
from ipcenter.cases.patent.workflow import S
from ipcenter.matters import PartyData
from tests.cases.conftest import PDF, at, filing, walk
from tests.conftest import csrf_from, login

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.fixture(autouse=True)
def pinned_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-05T10:00:00+08:00")


def download_name(response) -> str:
    """The name a browser saves the download under (RFC 6266: ``filename*`` first)."""
    header = response.headers["Content-Disposition"]
    assert header.startswith("attachment")
    extended = re.search(r"filename\*=UTF-8''([^;]+)", header)
    if extended:
        return unquote(extended.group(1))
    return re.search(r'filename="?([^";]+)', header).group(1)


@pytest.mark.parametrize("uploaded, saved_as", [("发票\u202efdp.exe", "发票fdp.pdf"),
                                                ("x.pdf\x00.exe", "x.pdf"),
                                                ("发票.exe", "发票.pdf")])
def test_a_pdf_uploaded_under_a_lying_name_downloads_as_pdf(client, db, cast, uploaded,
                                                            saved_as):
    case = walk(db, cast, S.SERVED)
    login(client, "huahui")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    response = client.post(f"/cases/{case.id}/act/upload", data={
        "csrf_token": csrf_from(html), "kind": "evidence",
        "file": (io.BytesIO(PDF + b"%lie"), uploaded)}, content_type="multipart/form-data")
    assert response.status_code == 302
    doc = case.documents[-1]
    assert doc.filename == saved_as
    response = client.get(f"/cases/{case.id}/documents/{doc.id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    header = response.headers["Content-Disposition"]
    response.close()
    assert download_name(response) == saved_as
    assert "exe" not in header and not set(BIDI) & set(unquote(header))


def test_an_older_row_with_a_lying_name_downloads_as_pdf(client, db, cast):
    case = walk(db, cast, S.SERVED)
    proof = case.documents[0]
    doc = CaseDocument(case=case, kind="evidence", title="侵权证据", filename="发票.exe",
                       sha256=proof.sha256, content_type=proof.content_type, size=proof.size,
                       audience=DocAudience.PARTIES, party=proof.party,
                       uploaded_by_id=cast.requester.id, created_at=at(3))
    db.session.add(doc)
    db.session.flush()
    login(client, "huahui")
    response = client.get(f"/cases/{case.id}/documents/{doc.id}")
    response.close()
    assert response.status_code == 200 and download_name(response) == "发票.pdf"


def test_party_names_lose_bidi_controls(db, cast):
    data = filing(cast)
    data.respondents = [PartyData(name="中山市古镇星河\u202e厂饰灯\u202c", address="古镇",
                                  legal_representative="\u2067张三\u2069")]
    case = services.file_complaint(data, cast.requester, at(0), uuid.uuid4().hex)
    respondent = case.respondents[0]
    assert respondent.name == "中山市古镇星河厂饰灯"
    assert respondent.legal_representative == "张三"
    assert not set(BIDI) & set(case.title)
