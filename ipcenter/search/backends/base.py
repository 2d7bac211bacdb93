"""What every backend implements, and the analysed record both index.

A backend sees only records (plain dicts built here from a ``SearchDocument``) and compiled
``SearchRequest``s; it never analyses text itself, so the two backends cannot disagree about
what matches.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ipcenter.search import analysis, codes
from ipcenter.search.query import Clause, Code, DateRange, ParsedQuery, Text

# Bump when the record or the analysis changes: an index of another version must be rebuilt.
# 3: every identifier in one ``codes`` field as ``type:key`` (was ``patent``, ``trademark``,
# ``uscc``).
SCHEMA_VERSION = 3

FACETS = ("kind", "year", "state", "case_type")
SORTS = ("relevance", "date", "date_asc")
TITLE_BOOST = 2.0
# Added to the score of a document holding the query whole (a number, a word, a patent number
# as one unit): far above any relevance score, so such documents come first.
WHOLE_SCORE = 10_000.0


class IndexBusy(Exception):
    """Another writer holds the index; the task is retried."""


class IndexUnavailable(Exception):
    """The index cannot be used as it is (another schema version, damaged): rebuild it."""


def _as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)]


def _as_day(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def doc_key(kind: str, id) -> str:
    return f"{kind}:{id}"


def fingerprint(doc) -> str:
    """A digest of everything indexed about ``doc``: ``flask search check`` compares it."""
    payload = json.dumps({
        "v": SCHEMA_VERSION, "kind": doc.kind, "id": doc.id, "title": doc.title,
        "body": doc.body, "fields": {k: _jsonable(v) for k, v in sorted(doc.fields.items())},
        "principals": sorted(doc.principals), "published": bool(doc.published),
        "scopes": sorted(doc.scopes),
    }, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _jsonable(value):
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(str(v) for v in value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def make_record(doc) -> dict:
    """The analysed, index-ready form of a ``SearchDocument``."""
    f = doc.fields
    number = str(f.get("number") or "")
    parties = _as_list(f.get("parties"))
    typed = [(str(name), str(value)) for name, value in f.get("codes") or ()
             if value not in (None, "")]
    day = _as_day(f.get("date"))
    year = f.get("year") or (day.year if day else None)
    principals = set(doc.principals)
    if doc.published:
        principals.add("public")
    key = doc_key(doc.kind, doc.id)
    fp = fingerprint(doc)
    body = analysis.join_lines(doc.body or "")  # (joining again in the analysis changes nothing)
    text = analysis.analyse_parts([doc.title, number, *parties, *(v for _n, v in typed), body])
    party_text = analysis.analyse_parts(parties)
    number_text = analysis.analyse(number)
    return {
        "key": key,
        "kind": doc.kind,
        "fp": fp,
        "text_bi": text.bigrams,
        "text_uni": text.units,
        "title_bi": analysis.analyse(doc.title or "").bigrams,
        "parties_bi": party_text.bigrams,
        "parties_uni": party_text.units,
        "number_bi": number_text.bigrams,
        "number_uni": number_text.units,
        "codes": codes.index_terms(typed),
        "principals": sorted(principals),
        "scopes": sorted({key, *doc.scopes}),
        "year": str(year) if year else "",
        "state": str(f.get("state") or ""),
        "case_type": str(f.get("case_type") or ""),
        "date": day.year * 10000 + day.month * 100 + day.day if day else 0,
        # Shown in results, never searched directly.
        "stored": {
            "key": key, "kind": doc.kind, "id": doc.id, "title": doc.title or "",
            "body": body, "number": number, "parties": parties,
            "state": str(f.get("state") or ""), "case_type": str(f.get("case_type") or ""),
            "year": str(year) if year else "", "date": day.isoformat() if day else None,
            "fp": fp,
        },
    }


@dataclass
class SearchRequest:
    query: ParsedQuery
    principals: list[str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    within: str | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    facets: bool = True


@dataclass
class RawResults:
    total: int
    hits: list[tuple[dict, float | None]]  # (stored fields, score)
    facets: dict[str, dict[str, int]]


class QueryBuilder(ABC):
    """The few query shapes the compiler needs, in one engine's terms."""

    @abstractmethod
    def term(self, field: str, value: str): ...

    @abstractmethod
    def terms(self, field: str, values: list[str]): ...

    @abstractmethod
    def phrase(self, field: str, words: list[tuple[int, str]]):
        """Documents with each ``(offset, token)`` at the same offset from one position."""

    @abstractmethod
    def day_range(self, start: int | None, end: int | None): ...

    @abstractmethod
    def any_of(self, queries: list): ...

    @abstractmethod
    def everything(self): ...

    @abstractmethod
    def nothing(self): ...

    @abstractmethod
    def combine(self, must: list, must_not: list, should: list, filters: list,
                ranked: list = ()):
        """``should`` adds to the score (boosted by ``TITLE_BOOST``); each of ``ranked`` adds
        ``WHOLE_SCORE`` when it matches."""


_MAX_LOOSE_VARIANTS = 9


def _loose_phrases(tokens, loose) -> list[list[tuple[int, str]]]:
    """The phrases of a needle with white-space gaps: at each, 0 to ``LOOSE_PUNCTUATION``
    positions left free for punctuation (after ``x|`` only punctuation tokens come before
    ``|y``, so a free position can hold nothing else). Beyond nine combinations, the same
    number at every gap."""
    choices = range(analysis.LOOSE_PUNCTUATION + 1)
    combos = list(itertools.product(choices, repeat=len(loose)))
    if len(combos) > _MAX_LOOSE_VARIANTS:
        combos = [(k,) * len(loose) for k in choices]
    out = []
    for combo in combos:
        shift, words, gaps = 0, [], dict(zip(loose, combo))
        for i, token in enumerate(tokens):
            shift += gaps.get(i, 0)
            words.append((i + shift, token))
        out.append(words)
    return out


def compile_clause(b: QueryBuilder, clause: Clause, field_prefix: str | None = None):
    if isinstance(clause, Text):
        prefix = field_prefix or clause.field
        units = prefix != "title"  # (titles have a bigram stream only)
        needle = clause.needle
        if needle.unit is not None:
            return b.term(f"{prefix}_{'uni' if units else 'bi'}", needle.unit)
        tokens = needle.tokens
        if len(tokens) == 1:
            found = b.term(f"{prefix}_bi", tokens[0])
        elif needle.loose:
            found = b.any_of([b.phrase(f"{prefix}_bi", words)
                              for words in _loose_phrases(tokens, needle.loose)])
        else:
            offsets = range(len(tokens))
            if needle.plain:
                # Every other bigram is enough: with ab at p and cd at p + 2, the token at
                # p + 1 can only be bc (a run's bigrams chain; after ab, an edge token b| is
                # followed by punctuation or an edge token, never by a bigram). Fewer terms,
                # the same documents.
                offsets = sorted({*range(0, len(tokens), 2), len(tokens) - 1})
            found = b.phrase(f"{prefix}_bi", [(i, tokens[i]) for i in offsets])
        if needle.whole_alt and units:
            found = b.any_of([found, b.term(f"{prefix}_uni", needle.whole)])
        return found
    if isinstance(clause, Code):
        return b.term("codes", codes.term(clause.field, clause.value))
    if isinstance(clause, DateRange):
        return b.day_range(clause.start, clause.end)
    raise TypeError(clause)


def compile_request(b: QueryBuilder, request: SearchRequest):
    """The whole query: the user's text, then the permission, facet and scope filters (which
    never change the score)."""
    parsed = request.query
    must = [b.any_of([compile_clause(b, c) for c in group]) for group in parsed.groups]
    must_not = [compile_clause(b, c) for c in parsed.excluded]
    should, ranked = [], []
    for group in parsed.groups:
        for clause in group:
            if isinstance(clause, Text) and clause.field == "text" and clause.needle.unit is None:
                should.append(compile_clause(b, clause, "title"))
            if isinstance(clause, Text) and clause.needle.whole:
                ranked.append(b.term(f"{clause.field}_uni", clause.needle.whole))
    filters = [b.terms("principals", sorted(set(request.principals)))]
    for name in FACETS:
        values = request.filters.get(name)
        if values:
            filters.append(b.terms(name, list(values)))
    if request.within:
        filters.append(b.term("scopes", request.within))
    return b.combine(must, must_not, should, filters, ranked)


class Backend(ABC):
    """One index generation in one directory."""

    name = ""

    def __init__(self, path: Path):
        self.path = path

    @classmethod
    @abstractmethod
    def create(cls, path: Path) -> Backend:
        """Make an empty index in ``path``."""

    @abstractmethod
    def write(self, records: list[dict], delete_keys: list[str]) -> None:
        """Replace the records with the same keys, delete ``delete_keys``, commit."""

    # True when ``bulk(workers)`` spreads the engine's own writing over processes (the
    # records are then analysed in the calling process); False when the engine writes fast
    # enough itself and the analysis is what is worth spreading.
    writes_in_processes = False

    @abstractmethod
    @contextmanager
    def bulk(self, workers: int = 1) -> Iterator[Callable[[dict], None]]:
        """Add many new records to an empty index, committed at the end; ``workers`` is the
        number of processes the backend may use."""

    @abstractmethod
    def search(self, request: SearchRequest) -> RawResults: ...

    @abstractmethod
    def stored_keys(self) -> Iterator[tuple[str, str]]:
        """Every ``(key, fingerprint)`` in the index."""

    @abstractmethod
    def count(self) -> int: ...

    def close(self) -> None:
        pass
