"""Public verification: /verify/<code> without signing in, and the upload check."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from ipcenter.cases import pdf_catalogue as catalogue
from ipcenter.core import documents, pdf, storage
from tests.conftest import login, post_form

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def verify_blueprint(app):
    """The blueprint, registered here until ``create_app`` registers it (a no-op then)."""
    if "verify" not in app.blueprints:
        from ipcenter.web.verify import bp

        # Flask refuses late registration once the shared test app served a request.
        served = app._got_first_request
        app._got_first_request = False
        try:
            app.register_blueprint(bp)
        finally:
            app._got_first_request = served


@pytest.fixture
def issued(db):
    data = catalogue.sample_data("decision")
    for key in ("title", "number", "verify_code"):
        data.pop(key)
    return documents.issue("decision", data, title="专利侵权纠纷处理决定书",
                           number="中市监知裁字〔2026〕12号", subject_type="case", subject_id=1,
                           now=NOW)


def _upload(client, content: bytes, code: str = "", filename: str = "决定书.pdf"):
    return post_form(client, "/verify", {"code": code, "file": (io.BytesIO(content), filename)},
                     content_type="multipart/form-data")


def _altered(content: bytes) -> bytes:
    changed = bytearray(content)
    changed[len(changed) // 2] ^= 0x01
    return bytes(changed)


def test_genuine_code_shown_without_signing_in(client, issued):
    response = client.get(f"/verify/{issued.verify_code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="verify-found"' in html
    assert "专利侵权纠纷处理决定书" in html
    assert "中市监知裁字〔2026〕12号" in html
    assert "中山市市场监督管理局" in html
    assert "2026年3月5日" in html
    assert issued.sha256 in html


def test_code_page_shows_no_content_or_personal_data(client, issued):
    html = client.get(f"/verify/{issued.verify_code}").get_data(as_text=True)
    for private in ("中山市明辉照明科技有限公司", "中山市古镇星耀灯饰厂", "陈明辉", "黄志强",
                    "91442000MA4UABCD1X", "东兴中路", "XY-368", "梁文涛"):
        assert private not in html
    assert f"/files/{issued.sha256}" not in html and "download" not in html.lower()


def test_unknown_code_not_found(client, db):
    response = client.get("/verify/2345-6789-ABCD".replace("-", ""))
    assert response.status_code == 404
    assert 'data-testid="verify-not-found"' in response.get_data(as_text=True)


@pytest.mark.parametrize("code", ["O0I1O0I1O0I1", "short", "ABCDEFGHJKLMN", "%3Cscript%3E"])
def test_malformed_code_is_a_message_not_an_error(client, db, code):
    response = client.get(f"/verify/{code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'data-testid="verify-malformed"' in html and "<script>" not in html


def test_code_as_typed_redirects_to_the_canonical_address(client, issued):
    typed = pdf.code_groups(issued.verify_code).lower()
    response = client.get(f"/verify/{typed}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{issued.verify_code}")
    response = client.get("/verify", query_string={"code": typed})
    assert response.headers["Location"].endswith(f"/verify/{issued.verify_code}")
    response = client.get("/verify", query_string={"code": "nonsense"})
    assert response.status_code == 404
    assert 'data-testid="error-lookup"' in response.get_data(as_text=True)


def test_revoked_document_says_so(client, issued):
    documents.revoke(issued, now=NOW)
    html = client.get(f"/verify/{issued.verify_code}").get_data(as_text=True)
    assert 'data-testid="verify-revoked"' in html


def test_upload_page_open_to_anyone(client, db):
    response = client.get("/verify")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html and 'name="csrf_token"' in html


def test_upload_genuine_with_and_without_code(client, issued):
    content = storage.read_bytes(issued.sha256)
    for code in (issued.verify_code, pdf.code_groups(issued.verify_code), ""):
        response = _upload(client, content, code)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, html[:2000]
        assert 'data-testid="check-genuine"' in html
        assert "中市监知裁字〔2026〕12号" in html


def test_upload_one_byte_altered(client, issued):
    altered = _altered(storage.read_bytes(issued.sha256))
    html = _upload(client, altered, issued.verify_code).get_data(as_text=True)
    assert 'data-testid="check-altered"' in html and 'data-testid="check-genuine"' not in html
    html = _upload(client, altered).get_data(as_text=True)
    assert 'data-testid="check-not-found"' in html


def test_upload_with_unknown_code(client, issued):
    html = _upload(client, storage.read_bytes(issued.sha256), "2222-3333-4444").get_data(
        as_text=True)
    assert 'data-testid="check-unknown-code"' in html


@pytest.mark.parametrize("content, filename", [
    (b"MZ\x90\x00 an executable renamed", "decision.pdf"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "scan.pdf"),
    (b"", "empty.pdf"),
])
def test_upload_refuses_what_is_not_a_pdf(client, db, content, filename):
    response = _upload(client, content, filename=filename)
    assert response.status_code == 400
    assert 'data-testid="error-file"' in response.get_data(as_text=True)


def test_upload_without_a_file(client, db):
    response = post_form(client, "/verify", {"code": ""}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'data-testid="error-file"' in response.get_data(as_text=True)


def test_upload_with_malformed_code(client, issued):
    response = _upload(client, storage.read_bytes(issued.sha256), "not a code")
    assert response.status_code == 400
    assert 'data-testid="error-code"' in response.get_data(as_text=True)


def test_upload_needs_the_csrf_token(client, issued):
    response = client.post("/verify", data={"file": (io.BytesIO(b"%PDF-1.7"), "a.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'data-testid="check-' not in response.get_data(as_text=True)


def test_signed_in_users_see_the_same(client, issued, make_user):
    make_user("firm", username="firm1")
    login(client, "firm1")
    response = client.get(f"/verify/{issued.verify_code}")
    assert response.status_code == 200 and issued.sha256 in response.get_data(as_text=True)
