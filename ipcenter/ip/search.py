"""How the IP vocabulary is found in the search index: the code types every domain fills.

A domain names the rights and parties of its documents as ``fields["codes"]``
(``[("patent", "ZL202020123456.7"), ("trademark", "12345678"), ("uscc", "91442000…")]``);
this module tells search how each type is keyed and which query prefixes look it up
(``专利号:…``). ``register()`` runs on import, and again harmlessly (a type registered again is
replaced).

The register's granted patents are indexed too (``ip_right``: title, number, holder) once a
domain asks with ``index_rights(principals)``: pre-examination does, for its staff, who judge
whether a new request repeats one (``prexam.duplicates``). A right is re-indexed on each event of the register (``right_event``)
and when it is registered or its grant day filled in (``right_recorded``): a right registered
already granted is found at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from ipcenter import search
from ipcenter.core.db import db
from ipcenter.ip.models import PATENT_KINDS, Right
from ipcenter.ip.register import right_event, right_recorded
from ipcenter.search import analysis

PATENT, TRADEMARK, USCC = "patent", "trademark", "uscc"


def register() -> None:
    # A patent number under its forms (with and without the check digit, with or without ZL).
    search.register_code_type(PATENT, analysis.patent_keys, prefixes=("专利号", "专利"),
                              label=_l("Patent number"))
    # A registration number and a credit code are kept whole (letters and digits, folded).
    search.register_code_type(TRADEMARK, analysis.whole_code_keys,
                              prefixes=("商标", "商标号", "注册号"),
                              label=_l("Registration number of the mark"))
    search.register_code_type(USCC, analysis.whole_code_keys,
                              prefixes=("信用代码", "统一社会信用代码"),
                              label=_l("Unified social credit code"))


RIGHT_KIND = "ip_right"
# Who finds the register's patents in search: the principals the domain that needs them names
# (``index_rights``); nobody until one does.
_right_principals: frozenset[str] = frozenset()


def _granted_patent():
    return sa.and_(Right.granted_on.is_not(None), Right.kind.in_(sorted(PATENT_KINDS)))


def build_right(right_id) -> search.SearchDocument | None:
    """A granted patent of the register (``None``: not granted, a trademark, or gone)."""
    right = db.session.get(Right, int(right_id))
    if right is None or right.granted_on is None or right.kind not in PATENT_KINDS:
        return None
    return search.SearchDocument(
        kind=RIGHT_KIND, id=right.id, title=right.title or right.number,
        body=right.holder_name or "",
        fields={"number": right.number, "parties": [right.holder_name] if right.holder_name
                else [], "codes": [(PATENT, right.number)], "state": right.status,
                "case_type": right.kind, "year": right.granted_on.year,
                "date": right.granted_on},
        principals=set(_right_principals), scopes={f"{RIGHT_KIND}:{right.id}"})


def _preload_rights(ids):
    return db.session.execute(sa.select(Right).where(Right.id.in_(ids))).scalars().all()


def _all_granted():
    return db.session.execute(sa.select(Right.id).where(_granted_patent())
                              .order_by(Right.id)).scalars()


def _right_url(right_id) -> str:
    try:
        return url_for("admin.right", right_id=right_id)
    except BuildError:  # the pages are not mounted in every app
        return "#"


def _reindex_right(kind, *, right, event=None) -> None:
    """A registration, a grant, a lapse, a transfer: any may change what is indexed."""
    search.index_later(RIGHT_KIND, right.id)


def index_rights(principals) -> None:
    """Index the register's granted patents, found by ``principals`` (``"role:examiner"``…):
    pre-examination calls this, whose staff judge whether a new request repeats one."""
    global _right_principals
    _right_principals = frozenset(principals)
    search.register(RIGHT_KIND, build_right, _all_granted,
                    label=_l("Granted patent in the register"), url=_right_url,
                    value_labels={"case_type": {"invention": _l("Invention patent"),
                                                "utility_model": _l("Utility model patent"),
                                                "design": _l("Design patent")}},
                    preload=_preload_rights)
    # Module-level receivers: connecting again is a no-op.
    right_event.connect(_reindex_right)
    right_recorded.connect(_reindex_right)


register()
