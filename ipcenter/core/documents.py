"""Issued official documents: each PDF rendered, stored by its SHA-256 and given a verification
code printed in its footer, so that anyone can check a paper or a file against the record
(``/verify/<code>``).

The record names what was issued (template, title, 文号), for which subject
(``subject_type``, ``subject_id``: the kernel never imports a domain's models) and when; the
document's content stays in the file store. ``title`` is the document's kind
(``专利侵权纠纷处理决定书``), never the parties' names: the public verification page shows it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from ipcenter.core import audit, clock, pdf, storage
from ipcenter.core.db import UTCDateTime, db
from ipcenter.core.errors import Conflict, InvalidInput

# 32 symbols without 0/O and 1/I, which are misread on paper: 12 of them are 60 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 12
_CODE_RE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.·]+")


class IssuedDocument(db.Model):
    """One official document as issued: the stored PDF, its hash and its verification code."""

    __tablename__ = "issued_document"
    __table_args__ = (sa.Index("ix_issued_document_subject", "subject_type", "subject_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    verify_code: Mapped[str] = mapped_column(sa.String(CODE_LENGTH), unique=True)
    template: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(200))
    number: Mapped[str | None] = mapped_column(sa.String(60))
    office: Mapped[str] = mapped_column(sa.String(200))
    subject_type: Mapped[str] = mapped_column(sa.String(40))
    subject_id: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64), sa.ForeignKey("stored_file.sha256"),
                                        index=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int | None]
    # What it was issued for (``case_document:17``): one document per notice, however often
    # the render is delivered.
    source: Mapped[str | None] = mapped_column(sa.String(80), unique=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def filename(self) -> str:
        return storage.sanitize_filename(f"{self.title}{self.number or ''}.pdf", "document.pdf")


def normalize_code(text: str | None) -> str | None:
    """The code as stored, from what a person typed (any case, spaces or dashes between
    groups); ``None`` when it cannot be a code."""
    if not text:
        return None
    code = _SEPARATORS.sub("", str(text)).upper()
    return code if _CODE_RE.fullmatch(code) else None


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _unused_code() -> str:
    for _ in range(10):
        code = new_code()
        exists = db.session.execute(
            sa.select(IssuedDocument.id).where(IssuedDocument.verify_code == code)).first()
        if exists is None:
            return code
    raise RuntimeError("could not find an unused verification code")  # 2**60 codes: never


def site_url() -> str:
    """The address printed on documents: ``IPCENTER_SITE_URL``, without a trailing slash."""
    return (current_app.config.get("IPCENTER_SITE_URL") or "http://127.0.0.1:5000").rstrip("/")


def issue(template: str, data: dict, *, title: str, number: str | None, subject_type: str,
          subject_id: int, now: datetime, actor=None,
          source: str | None = None) -> IssuedDocument:
    """Render ``template`` with ``data``, store the PDF and record it with a new verification
    code; write the audit row and flush.

    ``data`` follows the contract in ``ipcenter.core.pdf``; ``title``, ``number`` and the
    code are set here, ``office``, ``site_url`` and ``issued_on`` default to the configuration
    and ``now``. Raises what ``pdf.render_pdf`` raises (``TypeError`` for data that is not
    plain, ``PdfError``), and ``TooLarge`` from the store. ``source`` names what the document
    is issued for; a second document for the same source fails on its unique constraint.
    """
    code = _unused_code()
    payload = {**data, "title": title, "number": number, "verify_code": code}
    # Empty values count as missing: a document never prints "/verify/…" without a site.
    payload["office"] = data.get("office") or current_app.config.get("IPCENTER_OFFICE_NAME", "")
    payload["site_url"] = (data.get("site_url") or site_url()).rstrip("/")
    payload["issued_on"] = data.get("issued_on") or clock.local_date(now)
    content = pdf.render_pdf(template, payload)
    saved = storage.save_bytes(content, f"{title}.pdf", allowed=frozenset({storage.PDF}))
    document = IssuedDocument(
        verify_code=code, template=template, title=title, number=number,
        office=payload["office"], subject_type=subject_type, subject_id=subject_id,
        sha256=saved.sha256, size=saved.size, issued_at=now,
        issued_by_id=getattr(actor, "id", None), source=source)
    db.session.add(document)
    db.session.flush()
    audit.record("document.issue", actor=actor, obj_type=subject_type, obj_id=subject_id,
                 now=now, detail={"document_id": document.id, "template": template,
                                  "title": title, "number": number, "sha256": saved.sha256,
                                  "verify_code": code})
    return document


def revoke(document: IssuedDocument, *, now: datetime, actor=None, reason: str = "") -> None:
    """Mark a document as revoked (撤销): verification then says so. Raises ``Conflict`` when
    it already is."""
    if document.revoked_at is not None:
        raise Conflict(_l("This document has already been revoked."))
    document.revoked_at = now
    db.session.flush()
    audit.record("document.revoke", actor=actor, obj_type=document.subject_type,
                 obj_id=document.subject_id, now=now,
                 detail={"document_id": document.id, "reason": reason})


def find_by_code(code: str | None) -> IssuedDocument | None:
    """The document with this verification code (as typed), or ``None``."""
    normalized = normalize_code(code)
    if normalized is None:
        return None
    return db.session.execute(
        sa.select(IssuedDocument).where(IssuedDocument.verify_code == normalized)
    ).scalar_one_or_none()


def documents_for(subject_type: str, subject_id: int) -> list[IssuedDocument]:
    """A subject's documents, oldest first."""
    return list(db.session.execute(
        sa.select(IssuedDocument).where(IssuedDocument.subject_type == subject_type,
                                        IssuedDocument.subject_id == subject_id)
        .order_by(IssuedDocument.issued_at, IssuedDocument.id)).scalars())


GENUINE, ALTERED, UNKNOWN_CODE, NOT_FOUND = "genuine", "altered", "unknown_code", "not_found"


@dataclass(frozen=True)
class UploadCheck:
    """The answer to "is this file the document we issued?".

    ``status``: ``genuine`` (byte-identical to the record), ``altered`` (a record exists for the
    code, the bytes differ), ``unknown_code`` (no record for the code), ``not_found`` (no code
    given and no record with these bytes).
    """

    status: str
    sha256: str
    document: IssuedDocument | None = None

    @property
    def genuine(self) -> bool:
        return self.status == GENUINE


def check_upload(code: str | None, content: bytes) -> UploadCheck:
    """Compare an uploaded file with the record: by its code when one is given, else by the
    file's SHA-256 alone.

    Raises ``InvalidInput`` for an empty file, a file that is not a PDF (by its content) or a
    code that cannot be one.
    """
    if not content:
        raise InvalidInput(_l("The file is empty."))
    if not content.startswith(b"%PDF-"):
        raise InvalidInput(_l("This file is not a PDF."))
    digest = hashlib.sha256(content).hexdigest()
    if code and code.strip():
        normalized = normalize_code(code)
        if normalized is None:
            raise InvalidInput(_l("This is not a verification code: it has 12 letters and "
                                  "digits, as printed at the foot of each page."))
        document = find_by_code(normalized)
        if document is None:
            return UploadCheck(UNKNOWN_CODE, digest)
        return UploadCheck(GENUINE if document.sha256 == digest else ALTERED, digest, document)
    document = db.session.execute(
        sa.select(IssuedDocument).where(IssuedDocument.sha256 == digest)
        .order_by(IssuedDocument.id)).scalars().first()
    if document is None:
        return UploadCheck(NOT_FOUND, digest)
    return UploadCheck(GENUINE, digest, document)
