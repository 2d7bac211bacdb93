"""The period a report covers: a year, one of its quarters or one of its months, read from the
query string (``year``, and ``quarter`` 1–4 or ``month`` 1–12). Pure: text in, a ``Period``
out, or ``InvalidInput`` with the reason."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput
from ipcenter.prexam.statistics import Period

FIRST_YEAR, LAST_YEAR = 2000, 2099


@dataclass(frozen=True)
class Chosen:
    """The period and how it was asked for (for the page's title and the file names)."""

    period: Period
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def slug(self) -> str:
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        if self.month:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)

    @property
    def name(self) -> str:
        """2026年, 2026年第一季度, 2026年3月 (the report's own Chinese wording)."""
        if self.quarter:
            return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"
        if self.month:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年"


def _whole(text, lo: int, hi: int, message) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{1,4}", text) or not lo <= int(text) <= hi:
        raise InvalidInput(message)
    return int(text)


def choose(year=None, quarter=None, month=None, *, today: date) -> Chosen:
    """The period asked for; the year defaults to ``today``'s. Raises ``InvalidInput`` for a
    year outside 2000–2099, a quarter outside 1–4, a month outside 1–12, or both a quarter and
    a month."""
    y = _whole(year, FIRST_YEAR, LAST_YEAR, _l("Give the year as four digits, 2000 to 2099."))
    q = _whole(quarter, 1, 4, _l("The quarter is 1, 2, 3 or 4."))
    m = _whole(month, 1, 12, _l("The month is a number from 1 to 12."))
    if q and m:
        raise InvalidInput(_l("Choose a quarter or a month, not both."))
    y = y or today.year
    if q:
        start, end_month = date(y, 3 * q - 2, 1), 3 * q
        return Chosen(Period(start, date(y, end_month, monthrange(y, end_month)[1])), y, q)
    if m:
        return Chosen(Period(date(y, m, 1), date(y, m, monthrange(y, m)[1])), y, month=m)
    return Chosen(Period(date(y, 1, 1), date(y, 12, 31)), y)
