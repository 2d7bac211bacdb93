"""The centre's pre-examination scope: which IPC subclasses (utility models) and Locarno
subclasses (designs) it may pre-examine, each a dated row.

The centre is approved for the lighting industry's 10 IPC subclasses and 7 Locarno subclasses
(广州日报 2023-01-13, DOMAIN.md §3). CNIPA accepted its utility-model pre-examination in October
2022; the seed rows start on 2022-10-01 for both kinds — the design service is older, but no
text in hand gives its first day, and a later start only refuses what the service could not
have received through this system anyway.

The Locarno rows are the WIPO list of class 26 (exactly seven subclasses), so they are marked
``confirmed``. The centre's published IPC list is not in hand: seven subclasses are the lighting
field's own (F21K F21L F21S F21V F21W F21Y, and H05B for the driving circuits) and three are our
judgement, all ``confirmed=False`` until an admin checks them against the published list:

- H01J (discharge lamps: fluorescent, HID) and H01K (incandescent lamps) are the light-source
  subclasses outside F21 that a lamp maker files in;
- G09F (illuminated signs and displays, G09F 13/00) is the other product line of Guzhen's lamp
  makers.
  Passed over: F21H (incandescent mantles, a gas-lighting relic) and the LED device subclasses
  (H01L 33/00, moved to H10H in IPC 2025.01), which are chip makers', not lamp makers', fields.

Changing the scope means ending a row (``effective_to``, its last day) and adding one, never
editing a row that decisions already cite.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput
from ipcenter.core.reasons import Reason
from ipcenter.ip import classes

UTILITY_MODEL, DESIGN = "utility_model", "design"
KINDS = (UTILITY_MODEL, DESIGN)

BASIS = ("专利申请预审业务管理办法（试行）（国知办发办字〔2023〕25号）；"
         "中心经国家知识产权局备案的预审技术领域")
FIRST_DAY = date(2022, 10, 1)


@dataclass(frozen=True)
class ScopeEntry:
    """One subclass in the scope, from ``effective_from`` to ``effective_to`` (both days in
    scope; ``None``: open). ``confirmed`` False: to be confirmed against the centre's published
    list."""

    kind: str            # UTILITY_MODEL (IPC subclass) or DESIGN (Locarno subclass)
    code: str            # "F21V" or "26-05"
    title: str           # Chinese title of the subclass
    effective_from: date
    effective_to: date | None = None
    confirmed: bool = False

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None
                                               or day <= self.effective_to)


_IPC_SEED = (
    ("F21K", "使用发光材料的非电光源；使用半导体器件作为发光元件的光源；其他类目不包含的光源"),
    ("F21L", "便携式或专门适于携带的照明装置或其系统"),
    ("F21S", "非便携式照明装置；其系统；专门适用于车辆外部的车辆照明装置"),
    ("F21V", "照明装置或其系统的功能特征或零部件；照明装置和其他物品的结构组合物"),
    ("F21W", "与照明装置或系统的用途或应用相关的引得表"),
    ("F21Y", "与光源的形式、种类或发光颜色相关的引得表"),
    ("H05B", "电热；其他类目不包含的电光源；一般电光源电路装置"),
    ("H01J", "放电管或放电灯"),
    ("H01K", "白炽灯"),
    ("G09F", "显示；广告；标志；标签或铭牌；印鉴"),
)

SEED: tuple[ScopeEntry, ...] = (
    tuple(ScopeEntry(UTILITY_MODEL, code, title, FIRST_DAY) for code, title in _IPC_SEED)
    + tuple(ScopeEntry(DESIGN, code, title, FIRST_DAY, confirmed=True)
            for code, title in classes.LOCARNO_SUBCLASSES.items())
)


def _text(value) -> str:
    # NFKC folds full-width input (“Ｆ２１Ｖ”, “26－05”) to ASCII.
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidInput(_l("Rapid pre-examination serves utility models and designs only."))
    return kind


def subclass_of(kind: str, classification: str) -> str:
    """The subclass a classification falls in: ``"F21V 23/00"``, ``"f21v23/00"``, ``"F21V"`` →
    ``"F21V"`` for a utility model; ``"26-05"``, ``"2605"``, ``"26－05"`` → ``"26-05"`` for a
    design.

    Raises ``InvalidInput`` for another kind or a malformed classification."""
    text = _text(classification)
    if _kind(kind) == UTILITY_MODEL:
        try:
            return classes.ipc_symbol(text)[:4]
        except ValueError:
            raise InvalidInput(_l("“%(value)s” is not an IPC classification: write the subclass "
                                  "or group, e.g. F21V or F21V 23/00.", value=text)) from None
    compact = text.replace(" ", "")
    if len(compact) == 4 and compact.isdigit():
        compact = f"{compact[:2]}-{compact[2:]}"
    try:
        code = classes.locarno_class(compact)
    except ValueError:
        code = ""
    if "-" not in code:
        raise InvalidInput(_l("“%(value)s” is not a Locarno subclass: write the class and "
                              "subclass, e.g. 26-05.", value=text))
    return code


def in_force(entries: Iterable[ScopeEntry], kind: str, on: date) -> list[ScopeEntry]:
    """The rows of ``kind`` in scope on ``on``, in the table's order."""
    return [e for e in entries if e.kind == kind and e.in_force_on(on)]


def scope_reason(entries: Iterable[ScopeEntry], kind: str, classification: str,
                 on: date) -> Reason | None:
    """Why a request of ``kind`` classified ``classification`` is outside the scope on ``on``
    (``None`` when it is inside): ``kind_not_served``, ``bad_classification`` or
    ``out_of_scope``, naming the subclass and the day."""
    if kind not in KINDS:
        return Reason("kind_not_served", _l(
            "Rapid pre-examination serves utility models and designs only."), BASIS)
    try:
        code = subclass_of(kind, classification)
    except InvalidInput as error:
        return Reason("bad_classification", error.message, BASIS)
    if any(e.code == code for e in in_force(entries, kind, on)):
        return None
    if kind == UTILITY_MODEL:
        message = _l("IPC subclass %(code)s is not in the centre's utility-model "
                     "pre-examination scope on %(day)s.", code=code, day=on.isoformat())
    else:
        message = _l("Locarno subclass %(code)s is not in the centre's design pre-examination "
                     "scope on %(day)s.", code=code, day=on.isoformat())
    return Reason("out_of_scope", message, BASIS)
