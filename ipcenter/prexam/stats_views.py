"""The statistics page (``/prexam/stats``): the figures of ``prexam.statistics`` for a period the
user picks (the current year by default), as tables, with two bar charts drawn as inline SVG on
the server — requests received by month and kind, and each examiner's decisions — each with
its table beside it (the chart is for the eye, the table for the figures).

The chart's geometry is pure (figures in, rectangles out), as ``pledge.chart``; the template
draws it with no script, no outside asset and no style attribute (colours are CSS classes).
Examiners and the director only (``prexam.stats``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField

from ipcenter.auth import policy
from ipcenter.core import clock
from ipcenter.matters.forms import strip
from ipcenter.prexam import statistics
from ipcenter.prexam.blueprint import bp
from ipcenter.prexam.presenters import KIND_LABELS
from ipcenter.prexam.statistics import KINDS, MAX_MONTHS, Period

# ---------------------------------------------------------------------------------------------
# The period


class PeriodForm(FlaskForm):
    """The period, from the query string (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    start = StringField(_l("From"), filters=[strip], description=_l("For example 2026-01-01."))
    end = StringField(_l("To"), filters=[strip], description=_l("For example 2026-12-31."))

    def period(self, today: date) -> Period | None:
        """The period asked for (a bound left empty: the current year's), or None with the
        errors on the fields."""
        default = Period.year_of(today)
        start = self._day(self.start, default.start)
        end = self._day(self.end, default.end)
        if start is None or end is None:
            return None
        if end < start:
            self.end.errors = [*self.end.errors,
                               _l("The end of the period cannot be before its start.")]
            return None
        period = Period(start, end)
        if len(period.months) > MAX_MONTHS:
            self.end.errors = [*self.end.errors, _l(
                "The period may cover at most %(n)s months.", n=MAX_MONTHS)]
            return None
        return period

    @staticmethod
    def _day(field, default: date) -> date | None:
        text = field.data or ""
        if not text:
            return default
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
        if day is None or len(text) != 10 or not 2000 <= day.year <= 2099:
            field.errors = [*field.errors, _l("Write the date like 2026-01-01.")]
            return None
        return day


# ---------------------------------------------------------------------------------------------
# The charts' geometry

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, BOTTOM, TOP = 40, 10, 30, 16
PLOT_H = HEIGHT - BOTTOM - TOP


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int          # the series' index: its CSS class and its key


@dataclass(frozen=True)
class Group:
    label: str
    x: float             # the label's centre
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    baseline: float
    peak: int
    groups: tuple[Group, ...]
    ticks: tuple[tuple[float, int], ...]     # (y, value) of the scale's lines


def _scale(peak: int) -> tuple[int, int]:
    """The scale's step and top for counts: a step of 1, 2 or 5 × a power of ten giving at
    most four whole-number lines above zero."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * power
            if step * 4 >= peak:
                return step, max(step, -(-peak // step) * step)
        power *= 10


def bar_chart(groups: list[tuple[str, list[int]]]) -> Chart:
    """Grouped bars: ``(label, [value of each series])`` per group, in order."""
    peak = max([max(values, default=0) for _, values in groups] or [0])
    step, top = _scale(peak)
    n = max(len(groups), 1)
    slot = (WIDTH - LEFT - RIGHT) / n
    series = max([len(values) for _, values in groups] or [1])
    bar_w = slot * 0.72 / series
    baseline = TOP + PLOT_H
    drawn = []
    for i, (label, values) in enumerate(groups):
        x0 = LEFT + i * slot + slot * 0.14
        bars = tuple(
            Bar(round(x0 + j * bar_w, 1), round(baseline - value / top * PLOT_H, 1),
                round(bar_w, 1), round(value / top * PLOT_H, 1), value, j)
            for j, value in enumerate(values))
        drawn.append(Group(label, round(LEFT + i * slot + slot / 2, 1), bars))
    ticks = tuple((round(baseline - PLOT_H * v / top, 1), v) for v in range(0, top + 1, step))
    return Chart(WIDTH, HEIGHT, LEFT, RIGHT, TOP, baseline, top, tuple(drawn), ticks)


def month_chart(months: list[statistics.MonthCount]) -> Chart:
    """Requests received by month, a bar for each kind."""
    return bar_chart([(f"{m.month.year % 100:02d}/{m.month.month}",
                       [m.by_kind[kind] for kind in KINDS]) for m in months])


def examiner_chart(rows: list[statistics.ExaminerFigures]) -> Chart:
    """Each examiner's requests decided: passed and failed."""
    return bar_chart([(row.name[:8], [row.passed, row.failed]) for row in rows])


# ---------------------------------------------------------------------------------------------
# The page


@bp.get("/stats")
@login_required
def stats():
    policy.require(current_user, "prexam.stats")
    form = PeriodForm(formdata=request.args)
    today = clock.local_date(clock.now())
    period = form.period(today)
    if period is None:
        return render_template("prexam/stats.html", form=form, s=None,
                               kind_labels=KIND_LABELS, kinds=KINDS), 400
    figures = statistics.figures(period)
    return render_template("prexam/stats.html", form=form, s=figures, kinds=KINDS,
                           kind_labels=KIND_LABELS, kind_names=[KIND_LABELS[k] for k in KINDS],
                           months=month_chart(figures.months),
                           examiners=examiner_chart(figures.examiners))
