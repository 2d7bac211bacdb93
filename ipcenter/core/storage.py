"""The content-addressed file store: files are kept once, under their SHA-256.

The type is decided by the bytes, never by the name or the browser's claim; the size is
limited; the original name is sanitised and kept by the caller for display only.

A file is written to the store before its ``stored_file`` row is committed. When the unit of
work that stored it rolls back (a later file refused, a guard refusing the submission), the
file is removed again unless a committed row names the same bytes (``discard_new_files``,
called by ``core.db.unit_of_work``): a refused request leaves no orphan behind.

Two requests may store the same bytes at once. The one that finds them on disk with no row yet
keeps its own copy until it commits, then puts it in place (``kept_new_files``); the removal and
that putting back take one lock on the store, so a rollback never removes bytes that a commit
has just come to name.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import logging
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from ipcenter.core import clock
from ipcenter.core.db import db
from ipcenter.core.errors import InvalidInput, TooLarge
from ipcenter.core.models import StoredFile
from ipcenter.core.text import clean_name

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"
DEFAULT_TYPES = frozenset({PDF, JPEG, PNG, DOCX})
# The extensions of each type; the first is the one a name is given when its own is another.
EXTENSIONS = {PDF: ("pdf",), JPEG: ("jpg", "jpeg"), PNG: ("png",), DOCX: ("docx",),
              XLSX: ("xlsx",), TEXT: ("txt",)}
CHUNK = 1024 * 1024
# The session's record of the files its current transaction put in the store, and of the
# copies it keeps of bytes it found there with no row yet (another upload still in flight).
NEW_FILES = "ipcenter_new_files"
PENDING_COPIES = "ipcenter_pending_copies"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Saved:
    sha256: str
    size: int
    content_type: str
    filename: str
    created: bool


def sniff(head: bytes, path: Path) -> str | None:
    """The content type of a file by its first bytes (and, for DOCX, its zip directory)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
        if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
            return XLSX
        return None
    import codecs

    # The head may end inside a character: decode incrementally, not as a whole.
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return TEXT
        except UnicodeDecodeError:
            continue
    return None


_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.\-（）()【】 ]+")


def sanitize_filename(name: str, default: str = "file") -> str:
    """A display name without directories, invisible (control, format, bidirectional)
    characters or shell-special characters."""
    name = clean_name((name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = _UNSAFE.sub("_", name).strip(" ._")
    if not name:
        return default
    stem, dot, ext = name.rpartition(".")
    if dot and len(ext) <= 10:
        return stem[: 120] + "." + ext
    return name[:130]


_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")


def name_for_type(name: str, content_type: str, default: str = "file") -> str:
    """``name`` sanitised, ending in an extension of ``content_type`` (the type read from the
    bytes): a PDF named ``发票.exe`` is ``发票.pdf``, ``x.pdf\\x00.exe`` is ``x.pdf``; a name
    with no extension gets one. A type without known extensions keeps the name as it is."""
    name = sanitize_filename(name, default)
    extensions = EXTENSIONS.get(content_type)
    if not extensions:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and stem and _EXTENSION.fullmatch(ext):
        if ext.lower() in extensions:
            return name
        name = stem  # another type's extension: drop it (x.pdf.exe → x.pdf)
        if "." in name and name.rpartition(".")[2].lower() in extensions:
            return name
    return f"{name[:120]}.{extensions[0]}"


def root() -> Path:
    return Path(current_app.config["IPCENTER_FILES_DIR"])


def path_for(sha256: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError("not a SHA-256 digest")
    return root() / sha256[:2] / sha256[2:4] / sha256


def save(stream: BinaryIO, filename: str, *, allowed: frozenset[str] = DEFAULT_TYPES,
         max_bytes: int | None = None) -> Saved:
    """Store the bytes of ``stream`` once; return their digest, size, type and a safe name.

    Raises ``TooLarge`` past the limit and ``InvalidInput`` for an empty file or a type not
    in ``allowed``. Nothing is written to the store or the database when it raises.
    """
    limit = max_bytes or current_app.config["MAX_CONTENT_LENGTH"]
    base = root()
    (base / "tmp").mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=base / "tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(_l("The file is larger than %(mb)s MB.",
                                      mb=limit // (1024 * 1024)))
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise InvalidInput(_l("The file is empty."))
        with tmp.open("rb") as fh:
            content_type = sniff(fh.read(8192), tmp)
        if content_type not in allowed:
            raise InvalidInput(_l("This kind of file is not accepted. Accepted: %(kinds)s.",
                                  kinds=describe(allowed)))
        if content_type == PDF:
            _check_pdf(tmp)
        sha = digest.hexdigest()
        target = path_for(sha)
        created = False
        row = db.session.get(StoredFile, sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
            created = True
            db.session.info.setdefault(NEW_FILES, set()).add(sha)
        elif row is None:
            # On disk, named by no row: another transaction's upload, which may yet roll back
            # and remove it. Our copy waits for our commit (``kept_new_files``).
            pending = db.session.info.setdefault(PENDING_COPIES, {})
            if sha not in pending:
                pending[sha] = tmp
                tmp = None
        if row is None:
            db.session.add(StoredFile(sha256=sha, size=size, content_type=content_type,
                                      created_at=clock.now()))
            db.session.flush()
        return Saved(sha, size, content_type, name_for_type(filename, content_type), created)
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _store_lock():
    """One lock on the store, across processes, for removing and putting back files."""
    (root() / "tmp").mkdir(parents=True, exist_ok=True)
    with open(root() / "tmp" / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def kept_new_files(session) -> None:
    """After a commit: the files the transaction stored are named by committed rows; the
    copies it kept of bytes found with no row are put in place, in case the transaction that
    wrote those bytes rolled back and removed them."""
    session.info.pop(NEW_FILES, None)
    pending = session.info.pop(PENDING_COPIES, None)
    if not pending:
        return
    try:
        with _store_lock():
            for sha, copy in pending.items():
                os.replace(copy, path_for(sha))
    except Exception:
        log.exception("kept copies could not be put in the store: %s", ", ".join(pending))


def _drop_pending(session) -> None:
    for copy in (session.info.pop(PENDING_COPIES, None) or {}).values():
        copy.unlink(missing_ok=True)


def discard_new_files(session) -> None:
    """After a rollback: remove from the store the files the rolled-back transaction put
    there, unless a committed ``stored_file`` row names the same bytes (another request that
    stored them and committed). Never raises: the rollback's own error is what the caller
    reports; a file it cannot remove is logged and stays."""
    _drop_pending(session)
    new = session.info.pop(NEW_FILES, None)
    if not new:
        return
    try:
        remove_unnamed(new)
    except Exception:
        log.exception("files stored by a rolled-back transaction could not be removed: %s",
                      ", ".join(sorted(new)))


def remove_unnamed(shas) -> None:
    """Remove from the store the bytes of ``shas`` that no committed ``stored_file`` row names
    (a rolled-back upload's, an export's purged file), under the store's lock: a commit that
    has come to name them puts its copy back after us (``kept_new_files``). Ends the session's
    transaction."""
    if not shas:
        return
    with _store_lock():
        named = set(db.session.execute(sa.select(StoredFile.sha256).where(
            StoredFile.sha256.in_(sorted(shas)))).scalars())
        db.session.rollback()  # end the read (SQLite's BEGIN IMMEDIATE holds the write lock)
        for sha in sorted(set(shas) - named):
            path_for(sha).unlink(missing_ok=True)


def _check_pdf(path: Path) -> None:
    """Refuse a file that starts like a PDF but cannot be read as one (an encrypted PDF is
    accepted: it is a valid document, its text just cannot be extracted)."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with path.open("rb") as fh:
            reader = PdfReader(fh, strict=False)
            if not reader.is_encrypted and len(reader.pages) < 1:
                raise ValueError("no pages")
    except Exception:
        raise InvalidInput(_l("The PDF is damaged and cannot be read. Save it again and "
                              "upload the new file.")) from None


def save_bytes(data: bytes, filename: str, **kwargs) -> Saved:
    return save(io.BytesIO(data), filename, **kwargs)


def open_file(sha256: str) -> BinaryIO:
    return path_for(sha256).open("rb")


def read_bytes(sha256: str) -> bytes:
    return path_for(sha256).read_bytes()


def describe(types) -> str:
    names = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", DOCX: "DOCX", XLSX: "XLSX", TEXT: "TXT"}
    return "、".join(names.get(t, t) for t in sorted(types, key=lambda t: names.get(t, t)))
