"""The content-addressed store: type by content, size limit, one copy per content."""

import hashlib
import io
import zipfile

import pytest
import sqlalchemy as sa

from ipcenter.core import storage
from ipcenter.core.errors import InvalidInput, TooLarge
from ipcenter.core.models import StoredFile
from tests.conftest import minimal_pdf

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = minimal_pdf()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_same_bytes_stored_once(db):
    first = storage.save_bytes(PDF, "决定书.pdf")
    second = storage.save_bytes(PDF, "copy.pdf")
    assert first.sha256 == second.sha256 and first.created and not second.created
    assert db.session.execute(sa.select(sa.func.count()).select_from(StoredFile)).scalar_one() == 1
    assert storage.read_bytes(first.sha256) == PDF


@pytest.mark.parametrize("data, kind", [(PDF, storage.PDF), (PNG, storage.PNG),
                                        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, storage.JPEG)])
def test_type_by_content(db, data, kind):
    assert storage.save_bytes(data, "whatever.bin").content_type == kind


def test_docx_recognised_by_its_parts(db):
    assert storage.save_bytes(_docx(), "答辩书.docx").content_type == storage.DOCX


def test_renamed_file_refused(db):
    with pytest.raises(InvalidInput):
        storage.save_bytes(b"MZ\x90\x00 not a pdf at all \x00\xff", "evidence.pdf")


def test_zip_that_is_not_docx_refused(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(InvalidInput):
        storage.save_bytes(buffer.getvalue(), "a.docx")


def test_too_large_refused_and_nothing_kept(db, app):
    with pytest.raises(TooLarge):
        storage.save_bytes(PDF + b"0" * 2048, "big.pdf", max_bytes=1024)
    assert db.session.execute(sa.select(sa.func.count()).select_from(StoredFile)).scalar_one() == 0
    assert list((storage.root() / "tmp").iterdir()) == []


def test_empty_refused(db):
    with pytest.raises(InvalidInput):
        storage.save_bytes(b"", "empty.pdf")


@pytest.mark.parametrize("raw, clean", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\x\\证据 1.pdf", "证据 1.pdf"),
    ("a<script>.pdf", "a_script_.pdf"),
    ("\x00\x1f", "file"),
    ("请求书（副本）.docx", "请求书（副本）.docx"),
])
def test_names_sanitised(raw, clean):
    assert storage.sanitize_filename(raw) == clean


def test_damaged_pdf_refused_with_message(db):
    with pytest.raises(InvalidInput) as info:
        storage.save_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "坏文件.pdf")
    assert "PDF" in str(info.value.message)
    truncated = PDF[: len(PDF) // 2]
    with pytest.raises(InvalidInput):
        storage.save_bytes(truncated, "truncated.pdf")


def test_utf8_text_cut_inside_a_character_at_the_sniff_boundary(db):
    text = ("a" + "中" * 5000).encode("utf-8")
    assert storage.save_bytes(text, "说明.txt", allowed=frozenset({storage.TEXT})).content_type \
        == storage.TEXT


# Bidirectional controls a name may carry to read as another (U+202E turns "fdp.exe" round).
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize("raw, kind, named", [
    ("发票\u202efdp.exe", storage.PDF, "发票fdp.pdf"),
    ("x.pdf\x00.exe", storage.PDF, "x.pdf"),
    ("发票.exe", storage.PDF, "发票.pdf"),
    ("合同", storage.PDF, "合同.pdf"),
    ("照片.JPEG", storage.JPEG, "照片.JPEG"),
    ("照片.jpg", storage.PNG, "照片.png"),
    ("答辩书.pdf", storage.DOCX, "答辩书.docx"),
    (f"证{BIDI}据.pdf", storage.PDF, "证据.pdf"),
    ("张三.李四", storage.PDF, "张三.李四.pdf"),
])
def test_name_ends_in_the_extension_of_the_type_read_from_the_bytes(raw, kind, named):
    assert storage.name_for_type(raw, kind) == named


@pytest.mark.parametrize("raw, named", [("发票\u202efdp.exe", "发票fdp.pdf"),
                                        ("x.pdf\x00.exe", "x.pdf"), ("发票.exe", "发票.pdf")])
def test_a_pdf_with_a_lying_name_is_stored_as_a_pdf(db, raw, named):
    saved = storage.save_bytes(PDF, raw)
    assert saved.content_type == storage.PDF and saved.filename == named
    assert not set(BIDI) & set(saved.filename)


def _files_in_store() -> set[str]:
    return {p.name for p in storage.root().rglob("*") if p.is_file() and p.parent.name != "tmp"}


def test_a_rolled_back_unit_of_work_leaves_no_file_behind(db):
    from ipcenter.core.db import unit_of_work

    with unit_of_work():
        kept = storage.save_bytes(minimal_pdf() + b"%kept\n", "kept.pdf")
    before = _files_in_store()
    assert kept.sha256 in before
    with pytest.raises(InvalidInput), unit_of_work():
        first = storage.save_bytes(minimal_pdf() + b"%first\n", "first.pdf")
        again = storage.save_bytes(minimal_pdf() + b"%kept\n", "kept-again.pdf")
        assert first.created and not again.created
        assert first.sha256 in _files_in_store()
        storage.save_bytes(b"not a pdf", "second.pdf")
    # The first file of the refused unit is gone; the same bytes a committed row names stay.
    assert _files_in_store() == before
    assert storage.read_bytes(kept.sha256).endswith(b"%kept\n")
    assert db.session.get(StoredFile, first.sha256) is None


def test_bytes_a_committed_row_names_stay_after_a_rollback(db):
    from ipcenter.core.db import unit_of_work

    with unit_of_work():
        shared = storage.save_bytes(minimal_pdf() + b"%shared\n", "b.pdf")
    # A unit that believes it stored them first (a concurrent request's race), then fails.
    with pytest.raises(RuntimeError), unit_of_work():
        db.session.info.setdefault(storage.NEW_FILES, set()).add(shared.sha256)
        raise RuntimeError("refused later")
    assert storage.read_bytes(shared.sha256).endswith(b"%shared\n")


def _copies_waiting() -> list[str]:
    return [p.name for p in (storage.root() / "tmp").iterdir() if p.name != ".lock"]


def test_bytes_another_upload_removes_before_our_commit_are_put_back(db):
    from ipcenter.core.db import unit_of_work

    data = minimal_pdf() + b"%in flight\n"
    sha = hashlib.sha256(data).hexdigest()
    # Another request has written these bytes and not committed its row yet.
    storage.path_for(sha).parent.mkdir(parents=True, exist_ok=True)
    storage.path_for(sha).write_bytes(data)
    with unit_of_work():
        ours = storage.save_bytes(data, "same.pdf")
        assert not ours.created
        # The other request rolls back and removes them: no committed row named them.
        storage.path_for(sha).unlink()
    assert storage.read_bytes(sha) == data
    assert db.session.get(StoredFile, sha) is not None
    assert _copies_waiting() == []


def test_a_rollback_drops_its_waiting_copy_and_leaves_the_other_upload(db):
    from ipcenter.core.db import unit_of_work

    data = minimal_pdf() + b"%theirs\n"
    sha = hashlib.sha256(data).hexdigest()
    storage.path_for(sha).parent.mkdir(parents=True, exist_ok=True)
    storage.path_for(sha).write_bytes(data)
    with pytest.raises(RuntimeError), unit_of_work():
        storage.save_bytes(data, "same.pdf")
        raise RuntimeError("refused later")
    assert storage.path_for(sha).read_bytes() == data   # not ours to remove
    assert _copies_waiting() == []
