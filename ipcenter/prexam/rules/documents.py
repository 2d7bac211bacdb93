"""The documents a pre-examination request carries, per kind of right.

A utility model needs what CNIPA needs to file it: 请求书, 说明书 with its 附图 (a utility model's
description must have drawings, 实施细则第二十条第五款), 权利要求书 and 说明书摘要 (专利法第二十六条
第一款; 实施细则第四十三条). The abstract drawing is designated in the request (实施细则第二十六条
第二款), so it is not a separate upload here. A design needs 请求书, the pictures or photographs
(the views: 主视图, 后视图, 左视图, 右视图, 俯视图, 仰视图, 立体图 as needed) and 简要说明 (专利法第二十七条
第一款; 实施细则第三十条、第三十一条).

The conditional documents are required by the eligibility checker when their case arises (a
joint application, a university applicant) or arise later (an amendment, a reply).

Files are PDFs or images; the content type given here is the one the upload was *sniffed* as
(the storage layer reads the bytes), not the one the browser claimed.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput
from ipcenter.core.reasons import Reason

REQUIRED = {
    "utility_model": ("request", "description", "claims", "drawings", "abstract"),
    "design": ("request", "views", "brief_description"),
}
# May be uploaded, not always required.
CONDITIONAL = ("co_development_contract", "university_proof", "amendment", "reply", "other")
DOCUMENT_KINDS = tuple(dict.fromkeys(
    [k for kinds in REQUIRED.values() for k in kinds] + list(CONDITIONAL)))

LABELS = {
    "request": _l("Request (请求书)"),
    "description": _l("Description (说明书)"),
    "claims": _l("Claims (权利要求书)"),
    "drawings": _l("Drawings of the description (说明书附图)"),
    "abstract": _l("Abstract (说明书摘要)"),
    "views": _l("Pictures or photographs of the design (views)"),
    "brief_description": _l("Brief description (简要说明)"),
    "co_development_contract": _l("Co-development contract (合作开发合同)"),
    "university_proof": _l("Proof of industry–academia cooperation (产学研合作证明)"),
    "amendment": _l("Amended documents (replacement pages)"),
    "reply": _l("Observations in reply (意见陈述书)"),
    "other": _l("Other document"),
}

BASIS = {
    "utility_model": "专利法第二十六条第一款；专利法实施细则第二十条第五款、第四十三条",
    "design": "专利法第二十七条第一款；专利法实施细则第三十条、第三十一条、第四十三条",
}

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
ALLOWED_TYPES = frozenset({PDF, PNG, JPEG})
# Every kind takes PDFs and images: a scanned request or a photographed view is common, and
# the examiner reads both. Narrow a kind here if the centre's platform requires it.
TYPES = {kind: ALLOWED_TYPES for kind in DOCUMENT_KINDS}


def required(kind: str) -> tuple[str, ...]:
    """The documents a request of ``kind`` needs. Raises ``InvalidInput`` for another kind."""
    if kind not in REQUIRED:
        raise InvalidInput(_l("Rapid pre-examination serves utility models and designs only."))
    return REQUIRED[kind]


def missing(kind: str, uploaded: Iterable[str]) -> tuple[str, ...]:
    """The required documents of ``kind`` not among ``uploaded``, in the list's order."""
    have = set(uploaded)
    return tuple(doc for doc in required(kind) if doc not in have)


def label(doc_kind: str):
    """The document's name for the user (the code itself when unknown)."""
    return LABELS.get(doc_kind, doc_kind)


def type_reason(doc_kind: str, content_type: str) -> Reason | None:
    """Why a file of ``content_type`` may not be uploaded as ``doc_kind`` (``None`` when it
    may): ``unknown_document`` for a kind not in the catalogue, ``wrong_type`` otherwise."""
    if doc_kind not in TYPES:
        return Reason("unknown_document", _l("“%(kind)s” is not a document of a "
                                             "pre-examination request.", kind=doc_kind))
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in TYPES[doc_kind]:
        return None
    return Reason("wrong_type", _l(
        "%(document)s must be a PDF, PNG or JPEG file (this file is %(type)s).",
        document=LABELS[doc_kind], type=mime or _l("of an unknown type")))
