"""How cases and their files appear in the search index (registered in ``register``)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload, with_polymorphic

from ipcenter import search
from ipcenter.cases import policy
from ipcenter.cases.kinds import KINDS, spec_of
from ipcenter.cases.models import Case, CaseDocument, CaseHandler
from ipcenter.core.clock import local_date
from ipcenter.core.db import db
from ipcenter.ip import search as ip_search

CASE_TYPE_LABELS = {kind: spec.label for kind, spec in KINDS.items()}


def _parties(case) -> list[str]:
    return [p.name for p in case.parties]


def _fields(case) -> dict:
    when = case.accepted_at or case.submitted_at or case.created_at
    own = spec_of(case).index_fields(case)
    codes = [*own.get("codes", ()), *((ip_search.USCC, p.uscc) for p in case.parties if p.uscc)]
    return {"number": case.number or "", "parties": _parties(case), "state": case.state,
            "case_type": case.kind, "year": local_date(when).year, "date": local_date(when),
            **own, "codes": codes}


# Pieces of an informant's name and contact: runs of letters (a name), runs of digits written
# with spaces or dashes (a number).
_PIECES = re.compile(r"[^\W\d_]{2,}|\d[\d\s-]*\d")


def _informant_pieces(case) -> list[str]:
    """What must never be found in the index: who reported a clue. Its text stays on the
    case and on the centre's forms; the index holds none of it, for anyone."""
    informant = getattr(case, "informant", "") or ""
    pieces = {re.sub(r"[\s-]", "", piece) for piece in _PIECES.findall(informant)}
    return sorted(pieces, key=len, reverse=True)


def _confidential_removed(text: str, case) -> str:
    """``text`` without the informant's pieces, however a PDF's text broke them across lines."""
    for piece in _informant_pieces(case):
        text = re.sub(r"[\s-]*".join(map(re.escape, piece)), "＊", text)
    return text


def build_case(case_id) -> search.SearchDocument | None:
    case = db.session.get(Case, int(case_id))
    if case is None:
        return None
    body = [*spec_of(case).index_body(case), *[p.address for p in case.parties]]
    return search.SearchDocument(
        kind="case", id=case.id, title=_confidential_removed(case.title, case),
        body=_confidential_removed("\n".join(b for b in body if b), case),
        fields=_fields(case), principals=policy.case_principals(case),
        scopes={f"case:{case.id}"})


def build_file(doc_id) -> search.SearchDocument | None:
    doc = db.session.get(CaseDocument, int(doc_id))
    if doc is None or not doc.sha256:
        return None
    case = doc.case
    fields = _fields(case)
    fields["date"] = local_date(doc.created_at)
    return search.SearchDocument(
        kind="file", id=doc.id,
        title=_confidential_removed(f"{doc.title}（{case.number or case.title}）", case),
        body=_confidential_removed(doc.text or "", case), fields=fields,
        principals=policy.document_principals(doc), scopes={f"case:{case.id}"})


# -- batches: what the builders read, in a few statements per batch (``search.register``) ------

_ANY_CASE = with_polymorphic(Case, "*")


def _case_options():
    return (selectinload(_ANY_CASE.parties),
            selectinload(_ANY_CASE.handlers).joinedload(CaseHandler.user),
            selectinload(_ANY_CASE.TrademarkCase.marks))


def _load_organisations(cases) -> list:
    from ipcenter.auth.models import Organisation

    ids = sorted({c.filed_by_org_id for c in cases} - {None})
    if not ids:
        return []
    return db.session.execute(sa.select(Organisation).where(Organisation.id.in_(ids))
                              ).scalars().all()


def preload_cases(ids) -> list:
    """The cases of ``ids``, each kind's own columns, parties, handlers (with their users),
    marks and the filing organisation, into the session: ``build_case`` then reads them
    without a statement of its own."""
    if not ids:
        return []
    cases = db.session.execute(sa.select(_ANY_CASE).where(_ANY_CASE.id.in_(ids))
                               .options(*_case_options())).scalars().all()
    return [*cases, *_load_organisations(cases)]


def preload_files(ids) -> list:
    """The files of ``ids`` with their cases (as ``preload_cases``) and uploaders."""
    from ipcenter.auth.models import User

    if not ids:
        return []
    docs = db.session.execute(sa.select(CaseDocument).where(CaseDocument.id.in_(ids))
                              ).scalars().all()
    loaded = [*docs, *preload_cases(sorted({d.case_id for d in docs}))]
    users = sorted({d.uploaded_by_id for d in docs} - {None})
    if users:
        loaded += db.session.execute(sa.select(User).where(User.id.in_(users))
                                     .options(selectinload(User.organisation))).scalars().all()
    return loaded


def _case_ids():
    return db.session.execute(sa.select(Case.id).order_by(Case.id)).scalars()


def _file_ids():
    return db.session.execute(sa.select(CaseDocument.id).where(
        CaseDocument.sha256.is_not(None)).order_by(CaseDocument.id)).scalars()


def _file_url(doc_id):
    # A link that finds the file's case when followed: no query per hit on the results page.
    return url_for("cases.file_case", doc_id=int(doc_id))


def register() -> None:
    states = {str(k): v for spec in KINDS.values() for k, v in spec.state_labels.items()}
    labels = {"state": states, "case_type": CASE_TYPE_LABELS}
    search.register("case", build_case, _case_ids, label=_l("Case"),
                    url=lambda i: url_for("cases.detail", case_id=i), value_labels=labels,
                    preload=preload_cases)
    search.register("file", build_file, _file_ids, label=_l("Case file"), url=_file_url,
                    value_labels=labels, preload=preload_files)
    register_rulings(labels)


def build_ruling(case_id) -> search.SearchDocument | None:
    """A published decision, masked, found by anyone (signed in or not)."""
    from ipcenter.cases.publication import mask_text, persons_of

    case = db.session.get(Case, int(case_id))
    if case is None or case.published_at is None:
        return None
    persons = persons_of(case)
    title, body = spec_of(case).ruling(case)
    fields = _fields(case)
    fields["parties"] = [mask_text(p, persons) for p in fields["parties"]]
    fields["date"] = local_date(case.published_at)
    return search.SearchDocument(
        kind="ruling", id=case.id, title=mask_text(title, persons),
        body=mask_text(_confidential_removed("\n".join(b for b in body if b), case), persons),
        fields=fields,
        principals=set(), published=True, scopes={f"case:{case.id}"})


def _ruling_ids():
    return db.session.execute(sa.select(Case.id).where(Case.published_at.is_not(None))
                              .order_by(Case.id)).scalars()


def register_rulings(labels) -> None:
    search.register("ruling", build_ruling, _ruling_ids, label=_l("Published decision"),
                    url=lambda i: url_for("cases.ruling", case_id=i), value_labels=labels,
                    preload=preload_cases)
