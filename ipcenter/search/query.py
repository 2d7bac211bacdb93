"""The query language people type, parsed into a small tree both backends compile.

* words are ANDed: ``华辉 灯饰``; ``OR`` between two terms makes either enough: ``华辉 OR 星光``
* ``-word`` (or ``NOT word``) excludes; ``"exact phrase"`` keeps spaces and punctuation inside
* fields: ``当事人:`` / ``party:``, ``案号:`` / ``number:``, date ranges
  ``日期:2026-01-01..2026-03-31`` / ``date:`` (either end may be left open; ``2026`` and
  ``2026-03`` are whole periods), and the prefixes of the registered code types
  (``search.codes``: ``专利号:``, ``商标:``, ``信用代码:`` … as the IP vocabulary registers them)

Nothing here raises: a field name that is not known, an unbalanced quote or a date that does
not parse falls back to plain words, and text with no letter, digit or CJK character is
dropped.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from ipcenter.search import analysis, codes

MAX_QUERY_CHARS = 256
MAX_CLAUSES = 16

TEXT_FIELDS = codes.TEXT_FIELDS

QUOTES = "\"“”"
_FIELD_PREFIX = re.compile(r"([^\s:：\"“”]{1,12})[:：]")
_DATE_PART = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$")
_RANGE_SPLIT = re.compile(r"\.\.|～|~|至|到")
# "ZL 202020123456.7": the space belongs to the number, not between two words.
_ZL_SPACE = re.compile(r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])([Zz][Ll]|ＺＬ|ｚｌ)\s+(?=[0-9０-９])")


@dataclass(frozen=True)
class Text:
    """Text looked for in the whole document (``text``), the parties or the case number."""

    field: str
    needle: analysis.Needle
    source: str


@dataclass(frozen=True)
class Code:
    """An identifier matched exactly: ``field`` names its code type (``search.codes``), ``value``
    is its key."""

    field: str
    value: str
    source: str


@dataclass(frozen=True)
class DateRange:
    """Days as ``YYYYMMDD`` integers, inclusive; ``None`` is open."""

    start: int | None
    end: int | None
    source: str


Clause = Text | Code | DateRange


@dataclass
class ParsedQuery:
    """A conjunction of groups (each group: any one of its clauses), minus the excluded
    clauses. ``match_all``: the query asks for everything (empty, or ``*``)."""

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    match_all: bool = False

    @property
    def matches_nothing(self) -> bool:
        return not self.match_all and not self.groups and not self.excluded

    @property
    def scored(self) -> bool:
        """Whether relevance means anything (there is something positive to look for)."""
        return any(isinstance(c, (Text, Code)) for group in self.groups for c in group)

    def positive(self) -> list[Clause]:
        return [c for group in self.groups for c in group]

    def needles(self) -> list[analysis.Needle]:
        """What the results should highlight."""
        out = []
        for clause in self.positive():
            if isinstance(clause, Text):
                out.append(clause.needle)
            elif isinstance(clause, Code):
                found = analysis.needle(clause.source)
                if found is not None:
                    out.append(found)
        return out


@dataclass
class _Term:
    text: str
    field: str | None = None
    negated: bool = False
    quoted: bool = False
    operator: str | None = None  # "OR" / "AND" / "NOT" written as a word


def _scan(query: str) -> list[_Term]:
    terms: list[_Term] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        negated = False
        if query[i] in "-－" and i + 1 < n and not query[i + 1].isspace():
            negated = True
            i += 1
        field_name = None
        prefix = _FIELD_PREFIX.match(query, i)
        named = codes.field_of(prefix.group(1)) if prefix else None
        if named is not None and prefix.end() < n and not query[prefix.end()].isspace():
            field_name = named
            i = prefix.end()
        if query[i] in QUOTES:
            close = next((j for j in range(i + 1, n) if query[j] in QUOTES), None)
            if close is not None:
                terms.append(_Term(query[i + 1:close], field_name, negated, quoted=True))
                i = close + 1
                continue
            i += 1  # an unbalanced quote is just punctuation
            if i >= n:
                break
        start = i
        while i < n and not query[i].isspace() and query[i] not in QUOTES:
            i += 1
        word = query[start:i]
        if not word:
            continue
        if field_name is None and not negated and word in ("OR", "AND", "NOT", "|"):
            terms.append(_Term(word, operator="OR" if word == "|" else word))
            continue
        terms.append(_Term(word, field_name, negated))
    return terms


def _day(value: str, end: bool) -> int | None:
    match = _DATE_PART.match(value.strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if month is None:
            chosen = date(year, 12, 31) if end else date(year, 1, 1)
        elif day is None:
            last = calendar.monthrange(year, month)[1]
            chosen = date(year, month, last if end else 1)
        else:
            chosen = date(year, month, day)
    except ValueError:
        return None
    return chosen.year * 10000 + chosen.month * 100 + chosen.day


def parse_date_range(value: str) -> DateRange | None:
    """``2026-01-01..2026-03-31``, ``2026-01..``, ``..2026-03-31``, ``2026``, ``2026-03``;
    ``None`` when it does not parse."""
    value = value.strip()
    parts = _RANGE_SPLIT.split(value, maxsplit=1)
    if len(parts) == 1:
        start, end = _day(value, False), _day(value, True)
        if start is None:
            return None
        return DateRange(start, end, value)
    low, high = (p.strip() for p in parts)
    start = _day(low, False) if low else None
    end = _day(high, True) if high else None
    if (low and start is None) or (high and end is None) or (start is None and end is None):
        return None
    if start is not None and end is not None and start > end:  # written the other way round
        start, end = _day(high, False), _day(low, True)
    return DateRange(start, end, value)


_GAP = re.compile(r"\s+")
_MAX_GAPS = 3


def _phrase_variants(text: str) -> list[str]:
    """A quoted phrase with spaces next to CJK characters: Chinese is written without spaces,
    so ``"大湾区 灯饰"`` also means ``大湾区灯饰``. Each such space may be there or not (up to
    three of them; beyond, all or none)."""
    cjk = analysis.CJK_RE.match
    gaps = [m for m in _GAP.finditer(text)
            if 0 < m.start() and m.end() < len(text)
            and (cjk(text[m.start() - 1]) or cjk(text[m.end()]))]
    if not gaps:
        return [text]
    if len(gaps) > _MAX_GAPS:
        choices = [("",) * len(gaps), (" ",) * len(gaps)]
    else:
        choices = list(itertools.product(("", " "), repeat=len(gaps)))
    variants = []
    for choice in choices:
        pieces, last = [], 0
        for gap, sep in zip(gaps, choice):
            pieces.append(text[last:gap.start()])
            pieces.append(sep)
            last = gap.end()
        pieces.append(text[last:])
        variants.append("".join(pieces))
    return variants


def _text_clauses(field_name: str, term: _Term) -> list[Clause]:
    texts = _phrase_variants(term.text) if term.quoted else [term.text]
    out: list[Clause] = []
    for text in texts:
        found = analysis.needle(text)
        if found is not None and all(c.needle != found for c in out):
            out.append(Text(field_name, found, term.text))
    return out


def _clauses(term: _Term) -> list[Clause]:
    """The clause(s) of one term; a field value that makes no sense becomes plain words."""
    if term.field == "date":
        found = parse_date_range(term.text)
        if found is not None:
            return [found]
    elif term.field in TEXT_FIELDS:
        return _text_clauses(term.field, term)
    elif term.field is not None:
        value = codes.query_key(term.field, term.text)
        if value:
            return [Code(term.field, value, term.text)]
    # Plain words, and the fall-back for fields: a quoted text is one phrase; an unquoted word
    # with punctuation inside (2026-01-01, 中山市/古镇) is one phrase too.
    return _text_clauses("text", term)


def parse(query: str | None) -> ParsedQuery:
    """Parse what a person typed. Never raises."""
    text = (query or "").strip()[:MAX_QUERY_CHARS]
    if not text or text == "*":
        return ParsedQuery(match_all=True)
    text = _ZL_SPACE.sub(r"\1", text)
    parsed = ParsedQuery()
    pending_or = False
    pending_not = False
    count = 0
    for term in _scan(text):
        if term.operator == "OR":
            pending_or = bool(parsed.groups)
            continue
        if term.operator == "AND":
            continue
        if term.operator == "NOT":
            pending_not = True
            continue
        if count >= MAX_CLAUSES:
            break
        clauses = _clauses(term)
        if not clauses:
            pending_or = pending_not = False
            continue
        count += len(clauses)
        if term.negated or pending_not:
            parsed.excluded.extend(clauses)
        elif pending_or:
            parsed.groups[-1].extend(clauses)
        else:
            parsed.groups.append(list(clauses))
        pending_or = pending_not = False
    return parsed
