"""Publishing decisions (裁决/处罚决定公开) with personal data masked.

Organisations' names stay (a decision against a company is public), natural persons' names are
reduced to the surname + 某, and identity-card and mobile numbers are masked (个人信息保护法;
政府信息公开条例 Art. 15). Pure functions plus the service that marks a case published.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l

from ipcenter.core import audit
from ipcenter.core.db import db
from ipcenter.core.errors import Conflict
from ipcenter.core.text import mask_mobiles
from ipcenter.matters import kinds as matter_kinds

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)\d{7,8}(?!\d)")

def mask_name(name: str) -> str:
    """张三 → 张某; 欧阳娜娜 → 欧阳某 (common two-character surnames kept whole)."""
    name = (name or "").strip()
    if not name:
        return ""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return surname + "某"


COMPOUND_SURNAMES = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
                     "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门"}


def mask_text(text: str, persons: list[str] = ()) -> str:
    """Mask the named natural persons, identity-card, mobile and landline numbers in ``text``."""
    out = text or ""
    for person in sorted({p.strip() for p in persons if p and p.strip()}, key=len, reverse=True):
        out = out.replace(person, mask_name(person))
    out = _ID_CARD.sub(lambda m: m.group(1) + "********" + m.group(2)[-1:].rjust(4, "*"), out)
    out = mask_mobiles(out)
    out = _LANDLINE.sub(lambda m: m.group(1) + "********", out)
    return out


def persons_of(case) -> list[str]:
    """The natural persons named on a case (representatives, contacts, agents, and parties
    that are natural persons)."""
    names = []
    for party in case.parties:
        names += [party.legal_representative, party.agent]
        names += re.split(r"[，,、；;\s]+", party.contact or "")
        if not party.uscc and not party.organisation_id and len(party.name) <= 4:
            names.append(party.name)  # an individual named without a code
    return [n for n in names if n and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", n)]


def publish(case, actor, now: datetime) -> None:
    """Publish the decision of ``case`` (the director). Refused before service, or twice."""
    if case.published_at is not None:
        raise Conflict(_l("This decision is already published."))
    if case.state not in matter_kinds.spec_of(case).publishable:
        raise Conflict(_l("A decision can be published once it has been served."))
    case.published_at = now
    audit.record("case.publish", actor=actor, obj_type="case", obj_id=case.id, now=now)
    from ipcenter import search

    search.index_later("ruling", case.id)
    db.session.flush()
