"""The centre's service targets for pre-examination: how long each step should take. They are
the centre's own promise, configurable, and not law — CNIPA's 专利申请预审业务管理办法（试行）
leaves them to the centre, and typical promises are a few working days per round (DOMAIN.md §3).

- ``classification_wd`` working days to check the classification against the scope (1);
- ``round_wd`` working days per examination round, first round or after an amendment (3);
- ``reply_days`` calendar days for the firm to answer an opinion (10);
- ``max_rounds`` opinion rounds before a request that still has defects fails (3);
- ``filing_days`` days after passing for the firm to file at CNIPA (30). This is the centre's
  choice: a passed request is only as good as the documents the centre saw, and a late filing
  invites changes the centre did not examine.

A change is a new version with the day it takes effect (``as_of`` picks the newest in force on
a day); a clock opened under one version keeps its period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput

BASIS = "中心服务承诺（可配置，非法定）"


@dataclass(frozen=True)
class Targets:
    effective_from: date
    classification_wd: int = 1     # working days to check the classification
    round_wd: int = 3              # working days per examination round
    reply_days: int = 10           # calendar days for the firm's reply to an opinion
    max_rounds: int = 3            # opinion rounds before the request fails
    filing_days: int = 30          # days after passing to file at CNIPA (the centre's choice)


DEFAULT = Targets(effective_from=date(2022, 10, 1))

LABELS = {
    "classification_wd": _l("Working days to check the classification"),
    "round_wd": _l("Working days per examination round"),
    "reply_days": _l("Days for the firm's reply"),
    "max_rounds": _l("Maximum number of opinion rounds"),
    "filing_days": _l("Days to file at CNIPA after passing"),
}
RANGES = {
    "classification_wd": (1, 30),
    "round_wd": (1, 30),
    "reply_days": (1, 60),
    "max_rounds": (1, 10),
    "filing_days": (1, 60),
}
NAMES = tuple(f.name for f in fields(Targets))


def _whole(name: str, value) -> int:
    low, high = RANGES[name]
    wrong = InvalidInput(_l("%(what)s: write a whole number from %(low)s to %(high)s.",
                            what=LABELS[name], low=low, high=high))
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise wrong
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise wrong
        value = int(text)
    if not low <= value <= high:
        raise wrong
    return value


def _day(value) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(_l("The day the targets take effect: write a date such as "
                              "2026-01-01."))
    return value


def validate(**values) -> Targets:
    """A version of the targets from ``values`` (``effective_from`` required; a figure left out
    keeps its default): whole numbers in range, ``bool`` refused.

    Raises ``InvalidInput`` naming the figure otherwise."""
    unknown = sorted(set(values) - set(NAMES))
    if unknown:
        raise InvalidInput(_l("Unknown service target: %(names)s.", names="、".join(unknown)))
    if "effective_from" not in values:
        raise InvalidInput(_l("The day the targets take effect: write a date such as "
                              "2026-01-01."))
    figures = {name: _whole(name, value) for name, value in values.items()
               if name != "effective_from"}
    return Targets(effective_from=_day(values["effective_from"]), **figures)


def as_of(versions: Iterable[Targets], day: date) -> Targets:
    """The newest version in force on ``day`` (effective on or before it); ``DEFAULT`` when
    none is. Of two versions with the same day, the later one given wins."""
    chosen = None
    for version in versions:
        if version.effective_from <= day and (chosen is None
                                               or version.effective_from >= chosen.effective_from):
            chosen = version
    return chosen or DEFAULT


def periods(t: Targets) -> dict[str, str]:
    """Clock kind → period in ``core.deadlines.Period`` notation."""
    return {
        "classification": f"{t.classification_wd}wd",
        "examination": f"{t.round_wd}wd",
        "reply": f"{t.reply_days}d",
        "filing": f"{t.filing_days}d",
    }
