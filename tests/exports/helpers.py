"""Asking for an export through the list's button and reading its file back."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from ipcenter.exports.models import Export
from tests.conftest import csrf_from


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 2 rows, so a few rows take several keyset steps."""
    from ipcenter.exports import services

    monkeypatch.setattr(services, "CHUNK", 2)


def ask(client, register: str, filters: dict, fmt: str = "xlsx", page: str = "/exports/"):
    """POST the export form (its token read from ``page``); the response."""
    token = csrf_from(client.get(page).get_data(as_text=True))
    data = {"csrf_token": token, "register": register, "format": fmt,
            **{f"filter.{k}": v for k, v in filters.items()}}
    return client.post("/exports/", data=data)


def latest(db, user) -> Export:
    db.session.expire_all()
    return db.session.execute(db.select(Export).where(Export.owner_id == user.id)
                              .order_by(Export.id.desc())).scalars().first()


def export_rows(client, db, user, register: str, filters: dict, fmt: str = "xlsx"):
    """The rows (headings first) of the file the export of ``register`` with ``filters``
    gives ``user`` (logged in on ``client``)."""
    response = ask(client, register, filters, fmt)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    export = latest(db, user)
    assert export.state == "done", (export.state, export.error)
    download = client.get(f"/exports/{export.id}/download")
    assert download.status_code == 200
    data = download.data
    download.close()
    return read(data, fmt)


def read(data: bytes, fmt: str) -> list[list]:
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf"), "a CSV for Excel starts with the BOM"
        return [row for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))]
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def ids_on(html: str, pattern: str) -> list[int]:
    return [int(i) for i in re.findall(pattern, html)]
