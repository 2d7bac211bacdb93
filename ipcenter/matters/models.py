"""The vocabulary every matter's tables share — who a party is, who a handler is, who may open
a document — and ``new_row``, which adds to a matter's collections rows of whatever model they
map. The tables themselves stay with their domain.
"""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa


class PartyRole(StrEnum):
    REQUESTER = "requester"    # 请求人 / 投诉人
    RESPONDENT = "respondent"  # 被请求人 / 当事人


class HandlerRole(StrEnum):
    PRESIDING = "presiding"    # 组长: presides, signs off documents, watches the deadline
    MEMBER = "member"          # 主审员 / 参审员


class DocAudience(StrEnum):
    """Who besides the centre may open a document."""

    CENTRE = "centre"            # the panel and the director only
    FILER = "filer"              # plus the party that filed it
    PARTIES = "parties"          # plus every party (once the case is served on them)


def new_row(matter, collection: str, **values):
    """A new row appended to ``matter``'s ``collection`` (``documents``, ``handlers`` …), of the
    model that relationship maps."""
    row = sa.inspect(type(matter)).relationships[collection].mapper.class_(**values)
    getattr(matter, collection).append(row)
    return row
