"""Amounts the way a centre's annual report writes them: 271.26万元, 1.58亿元.

One function, ``in_wan_or_yi``: the amount in 元 (Decimal, exact) divided by ten thousand or a
hundred million and rounded half up to two decimals — the rounding is for printing only; sums
are added in 元 to the fen before. Below a hundred million (after rounding) the unit is 万元,
from there 亿元, unless the caller fixes the unit (a report writes the year's lending in 亿元
even when it is small, and a single loan in 万元 even when it is large).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

WAN = Decimal(10000)
YI = Decimal(100000000)
_PLACES = Decimal("0.01")


def in_wan_or_yi(value, unit: str | None = None) -> str:
    """``value`` (元: Decimal, int or str) as "271.26万元" or "1.58亿元"; ``unit`` ("万元" or
    "亿元") fixes the unit. "" for None. Raises ``ValueError`` for another unit."""
    if value is None:
        return ""
    if unit not in (None, "万元", "亿元"):
        raise ValueError(f"not a unit of the report: {unit!r}")
    yuan = Decimal(str(value))
    if unit is None:
        in_wan = (yuan / WAN).quantize(_PLACES, rounding=ROUND_HALF_UP)
        unit = "亿元" if abs(in_wan) >= WAN else "万元"
    divisor = YI if unit == "亿元" else WAN
    figure = (yuan / divisor).quantize(_PLACES, rounding=ROUND_HALF_UP)
    if figure == 0:
        figure = abs(figure)  # never "-0.00万元"
    return f"{figure:.2f}{unit}"


def amount_in(value, unit: str) -> Decimal:
    """The number ``in_wan_or_yi`` prints for ``unit`` (for a workbook's numeric cell)."""
    divisor = YI if unit == "亿元" else WAN
    return (Decimal(str(value)) / divisor).quantize(_PLACES, rounding=ROUND_HALF_UP)
