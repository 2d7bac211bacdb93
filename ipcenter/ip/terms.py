"""How long a right lasts, from the law, versioned by the date the law applies from.

- Patents (专利法 2020, Art. 42, in force 2021-06-01): invention 20 years, utility model 10 years,
  design 15 years, counted from the filing date (自申请日起计算). A design filed before
  2021-06-01 keeps the 10 years of the 2008 law (CNIPA's transitional rule goes by filing date).
  Term compensation for grant or drug-approval delays (Art. 42 paras 2–3) is not modelled.
- Trademarks (商标法 2019, Art. 39–40): 10 years from registration (自核准注册之日起计算);
  each renewal adds 10 years from the day after the previous term ends.

A term counted from a day includes that day, so it ends the day before the anniversary
(filed 1999-09-06 → last day 2009-09-05, the example of CNIPA's 专利审查指南). An anniversary
on 29 February in a common year falls on 1 March, so the term ends on 28 February.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Term:
    years: int
    applies_from: date   # filing (patents) or registration (trademarks) on or after this day
    basis: str


# kind → its terms, newest first.
TERMS: dict[str, tuple[Term, ...]] = {
    "invention": (Term(20, date(1985, 4, 1), "专利法第四十二条"),),
    "utility_model": (Term(10, date(1985, 4, 1), "专利法第四十二条"),),
    "design": (Term(15, date(2021, 6, 1), "专利法（2020年修正）第四十二条"),
               Term(10, date(1985, 4, 1), "专利法（2008年修正）第四十二条")),
    "trademark": (Term(10, date(1983, 3, 1), "商标法第三十九条、第四十条"),),
}
# The kinds counted from the filing date; the others (trademarks) from registration.
FROM_FILING = frozenset({"invention", "utility_model", "design"})


def anniversary(start: date, years: int) -> date:
    """The same day ``years`` later; 29 February in a common year is 1 March."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return date(start.year + years, 3, 1)


def last_day(start: date, years: int) -> date:
    """The last day of a term of ``years`` that starts on (and counts) ``start``."""
    return anniversary(start, years) - timedelta(days=1)


def term_of(kind: str, start: date) -> Term:
    for term in TERMS[kind]:
        if start >= term.applies_from:
            return term
    raise ValueError(f"no term for a {kind} from {start}")


def expiry(kind: str, *, filed_on: date | None = None, registered_on: date | None = None,
           renewals: int = 0) -> date | None:
    """The last day the right is in force, or None while its start is not known.

    Patents count from ``filed_on``; trademarks from ``registered_on``, one more term for each
    renewal."""
    if kind not in TERMS:
        raise ValueError(f"not a kind of right: {kind!r}")
    start = filed_on if kind in FROM_FILING else registered_on
    if start is None:
        return None
    term = term_of(kind, start)
    end = last_day(start, term.years)
    if kind not in FROM_FILING:
        for _ in range(renewals):
            end = last_day(end + timedelta(days=1), term.years)
    return end
