"""The pool page's chart of lending and losses by month, as geometry for an inline SVG the
template draws (no script, no outside asset, no style attribute: the colours are classes of
``ipcenter.css``). Pure: figures in, rectangles out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 720, 240
LEFT, BOTTOM, TOP = 70, 30, 16
PLOT_H = HEIGHT - BOTTOM - TOP


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: Decimal
    kind: str          # "lent" or "lost" (the CSS class)


@dataclass(frozen=True)
class Month:
    label: str
    x: float           # the label's centre
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    top: float
    left: int
    peak: Decimal
    months: tuple[Month, ...]
    ticks: tuple[tuple[float, Decimal], ...]   # (y, value) of the scale's lines


def _nice(peak: Decimal) -> Decimal:
    """The scale's top: 1, 2 or 5 × a power of ten, at least ``peak``."""
    if peak <= 0:
        return Decimal(1)
    exponent = len(str(int(peak))) - 1
    for step in (1, 2, 5, 10):
        top = Decimal(step) * Decimal(10) ** exponent
        if top >= peak:
            return top
    return Decimal(10) ** (exponent + 1)


def build(rows: list[tuple[date, Decimal, Decimal]]) -> Chart:
    """The chart of ``(month start, lent, lost)`` rows, oldest first."""
    peak = _nice(max([max(lent, lost) for _, lent, lost in rows] or [Decimal(0)]))
    n = max(len(rows), 1)
    slot = (WIDTH - LEFT - 10) / n
    bar_w = slot * 0.36
    baseline = TOP + PLOT_H
    months = []
    for i, (start, lent, lost) in enumerate(rows):
        x0 = LEFT + i * slot + slot * 0.14
        bars = []
        for j, (value, kind) in enumerate(((lent, "lent"), (lost, "lost"))):
            h = float(value / peak) * PLOT_H if peak else 0.0
            bars.append(Bar(round(x0 + j * bar_w, 1), round(baseline - h, 1),
                            round(bar_w, 1), round(h, 1), value, kind))
        months.append(Month(f"{start.year % 100:02d}/{start.month}",
                            round(LEFT + i * slot + slot / 2, 1), tuple(bars)))
    ticks = tuple((round(baseline - PLOT_H * k / 4, 1), peak * k / 4) for k in range(5))
    return Chart(WIDTH, HEIGHT, baseline, TOP, LEFT, peak, tuple(months), ticks)
