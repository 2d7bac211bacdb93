"""Asking for an export, its progress, its owner's download and nothing for anyone else, the
refusals of a register, a format or a filter the lists do not offer, and the audit rows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from ipcenter.cases.patent.workflow import S
from ipcenter.core.models import AuditEvent
from ipcenter.exports import registers, services
from ipcenter.exports.models import Export
from tests.cases.conftest import cast, walk  # noqa: F401  (the fixture)
from tests.conftest import NOW, csrf_from, login
from tests.exports.helpers import ask, latest, read


@pytest.fixture
def cases(db, cast):  # noqa: F811
    found = [walk(db, cast, S.SUBMITTED), walk(db, cast, S.ACCEPTED), walk(db, cast, S.SERVED)]
    db.session.flush()
    return found


def _count(db) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Export)).scalar_one()


def test_the_progress_reaches_the_total_chunk_by_chunk(client, db, cast, cases,  # noqa: F811
                                                       monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 1)
    seen = []
    chunks = registers.chunks

    def spying(plan, size):
        for chunk in chunks(plan, size):
            row = db.session.execute(db.select(Export.rows_done, Export.rows_total)
                                     .order_by(Export.id.desc())).first()
            seen.append(tuple(row))
            yield chunk

    monkeypatch.setattr(registers, "chunks", spying)
    login(client, cast.director.username)
    assert ask(client, "cases", {}).status_code == 302
    export = latest(db, cast.director)
    assert export.state == "done" and export.rows_done == export.rows_total == 3
    # Each chunk's progress was committed before the next was read.
    assert seen == [(0, 3), (1, 3), (2, 3)]
    status = client.get(f"/exports/{export.id}/status").get_json()
    assert status["percent"] == 100 and status["ready"] and status["done"] == 3
    assert status["download"] == f"/exports/{export.id}/download"
    assert status["label"] == "已完成"


def test_the_exports_page_shows_progress_and_the_download(client, db, cast, cases):  # noqa
    login(client, cast.director.username)
    ask(client, "cases", {"kind": "patent"}, "csv")
    export = latest(db, cast.director)
    html = client.get("/exports/").get_data(as_text=True)
    assert f'data-testid="export-{export.id}"' in html
    assert f'href="/exports/{export.id}/download"' in html
    assert 'max="100" value="100"' in html and "3 / 3" in html
    assert 'href="/cases/?kind=patent"' in html
    # The app's own script polls; no inline script, no CDN (the CSP allows 'self' alone).
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attrs for attrs in scripts)
    assert '/static/exports.js' in html and "cdn" not in html.lower()
    js = client.get("/static/exports.js")
    assert js.status_code == 200 and b"fetch(" in js.data
    js.close()
    assert "script-src 'self'" in client.get("/exports/").headers["Content-Security-Policy"]


def test_a_queued_export_is_polled(client, db, cast, cases):  # noqa: F811
    login(client, cast.director.username)
    export = services.request_export(cast.director, "cases", {}, "xlsx", NOW)
    db.session.flush()
    html = client.get("/exports/").get_data(as_text=True)
    assert f'data-export-status="/exports/{export.id}/status"' in html
    status = client.get(f"/exports/{export.id}/status").get_json()
    assert status == {**status, "state": "queued", "percent": 0, "ready": False,
                      "download": None, "label": "排队中"}
    assert client.get(f"/exports/{export.id}/download").status_code == 404


def test_the_lists_post_their_filters(client, db, cast, cases):  # noqa: F811
    login(client, cast.director.username)
    html = client.get(f"/cases/?kind=patent&sort=oldest&party={cast.respondent.organisation_id}"
                      ).get_data(as_text=True)
    form = html.split('data-testid="export-form"', 1)[1].split("</form>", 1)[0]
    assert 'name="register" value="cases"' in form
    assert 'name="filter.kind" value="patent"' in form
    assert 'name="filter.sort" value="oldest"' in form
    assert f'name="filter.party" value="{cast.respondent.organisation_id}"' in form
    assert "导出" in form


def test_only_the_owner_downloads(client, db, cast, cases):  # noqa: F811
    login(client, cast.director.username)
    ask(client, "cases", {})
    export = latest(db, cast.director)
    own = client.get(f"/exports/{export.id}/download")
    assert own.status_code == 200
    assert own.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in own.headers["Content-Disposition"]
    assert len(read(own.data, "xlsx")) == 4
    own.close()
    html = client.get("/exports/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_from(html)})
    other = cast.judges[0]
    login(client, other.username)
    for path in (f"/exports/{export.id}/download", f"/exports/{export.id}/status",
                 "/exports/999999/download", "/exports/999999/status"):
        assert client.get(path).status_code == 404, path
    assert f"export-{export.id}" not in client.get("/exports/").get_data(as_text=True)


def test_anonymous_users_are_sent_to_log_in(client, db, cast, cases):  # noqa: F811
    export = services.request_export(cast.director, "cases", {}, "csv", NOW)
    db.session.flush()
    for path in ("/exports/", f"/exports/{export.id}/download", f"/exports/{export.id}/status"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_expired_file_is_not_served(client, db, cast, cases):  # noqa: F811
    login(client, cast.director.username)
    ask(client, "cases", {})
    export = latest(db, cast.director)
    export.expires_at = NOW - timedelta(days=1)
    db.session.flush()
    assert client.get(f"/exports/{export.id}/download").status_code == 410
    assert "已过期" in client.get("/exports/").get_data(as_text=True)


@pytest.mark.parametrize(("register", "filters", "fmt"), [
    ("nonsense", {}, "xlsx"),
    ("", {}, "xlsx"),
    ("cases", {}, "pdf"),
    ("cases", {"unknown": "1"}, "xlsx"),
    ("cases", {"state": "nonsense"}, "xlsx"),
    ("cases", {"kind": "trademark", "state": "submitted"}, "xlsx"),
    ("cases", {"from": "2026-02-30"}, "xlsx"),
    ("cases", {"from": "2026-03-05", "to": "2026-03-01"}, "xlsx"),
    ("cases", {"sort": "id; DROP TABLE legal_case"}, "csv"),
    ("cases", {"handler": "-1"}, "csv"),
    ("pledge", {"state": "nonsense"}, "xlsx"),
    ("prexam", {"view": "everything"}, "xlsx"),
])
def test_forged_input_is_refused(client, db, cast, cases, register, filters, fmt):  # noqa
    login(client, cast.director.username)
    before = _count(db)
    response = ask(client, register, filters, fmt)
    assert response.status_code == 400
    assert "无法导出" in response.get_data(as_text=True)
    assert _count(db) == before


def test_filters_the_list_does_not_offer_the_user_are_refused(client, db, cast,  # noqa: F811
                                                              cases):
    login(client, cast.requester.username)
    before = _count(db)
    response = ask(client, "cases", {"party": cast.respondent.organisation_id})
    assert response.status_code == 400
    assert _count(db) == before


def test_a_list_the_user_may_not_open_is_refused(client, db, cast, cases):  # noqa: F811
    login(client, cast.bank.username)  # the loans' list, not the cases'
    before = _count(db)
    assert ask(client, "cases", {}).status_code == 403
    assert ask(client, "prexam", {}).status_code == 403
    assert _count(db) == before


def test_a_post_without_its_token_is_refused(client, db, cast, cases):  # noqa: F811
    login(client, cast.director.username)
    response = client.post("/exports/", data={"register": "cases", "format": "xlsx"})
    assert response.status_code == 400
    assert _count(db) == 0


def test_each_export_and_download_is_audited(client, db, cast, cases):  # noqa: F811
    login(client, cast.director.username)
    ask(client, "cases", {"kind": "patent"})
    export = latest(db, cast.director)
    client.get(f"/exports/{export.id}/download").close()
    rows = db.session.execute(db.select(AuditEvent).where(
        AuditEvent.object_type == "export", AuditEvent.object_id == str(export.id))
        .order_by(AuditEvent.seq)).scalars().all()
    assert [r.action for r in rows] == ["export.request", "export.build", "export.download"]
    assert rows[0].actor_id == cast.director.id and '"kind": "patent"' in rows[0].detail
    assert rows[2].actor_id == cast.director.id


def test_a_right_lost_before_the_build_fails_the_export(db, cast, cases):  # noqa: F811
    export = services.request_export(cast.judges[0], "cases", {}, "xlsx", NOW)
    db.session.flush()
    cast.judges[0].set_roles(["bank"])
    db.session.flush()
    built = services.build_export(export.id, NOW)
    assert built.state == "failed" and built.file_sha256 is None
    assert built.error


def test_a_done_export_is_left_as_it_is(db, cast, cases):  # noqa: F811
    export = services.request_export(cast.director, "cases", {}, "csv", NOW)
    db.session.flush()
    first = services.build_export(export.id, NOW)
    sha = first.file_sha256
    assert first.state == "done" and sha
    again = services.build_export(export.id, NOW + timedelta(hours=1))
    assert again.file_sha256 == sha and again.finished_at == NOW


def test_the_button_and_the_page_show_no_raw_codes(client, db, cast, cases):  # noqa: F811
    from tests.cases.test_no_raw_codes import raw_codes, visible_text

    login(client, cast.director.username)
    ask(client, "cases", {})
    for path in ("/cases/", "/exports/"):
        html = client.get(path).get_data(as_text=True)
        if path == "/cases/":
            html = html.split('data-testid="export-form"', 1)[1].split("</form>", 1)[0]
        assert not raw_codes(visible_text(html)), path


def test_a_title_that_looks_like_a_formula_stays_text(tmp_path):
    from openpyxl import load_workbook

    from ipcenter.exports.writers import CsvWriter, XlsxWriter

    columns = (registers.Column("标题"),)
    title = '=HYPERLINK("http://evil.example","点击")'
    for writer_class in (XlsxWriter, CsvWriter):
        path = tmp_path / ("x.xlsx" if writer_class is XlsxWriter else "x.csv")
        writer = writer_class(path, "案件", columns)
        writer.write([[title]])
        writer.close()
        if writer_class is XlsxWriter:
            cell = load_workbook(path).worksheets[0].cell(2, 1)
            assert cell.data_type == "s" and cell.value == title
        else:
            assert read(path.read_bytes(), "csv")[1] == ["'" + title]
