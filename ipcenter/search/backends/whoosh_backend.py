"""The Whoosh backend (pure Python): the default of the embedded install."""

from __future__ import annotations

import weakref
from array import array
from bisect import bisect_left
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from whoosh import collectors, matching
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.matching import ReadTooFar
from whoosh.system import _INT_SIZE, pack_uint, unpack_uint

from ipcenter.search.backends.base import (
    FACETS,
    TITLE_BOOST,
    WHOLE_SCORE,
    Backend,
    IndexBusy,
    IndexUnavailable,
    QueryBuilder,
    RawResults,
    SearchRequest,
    compile_request,
)

WRITE_TIMEOUT = 10.0
_BIGRAM_FIELDS = ("text_bi", "title_bi", "parties_bi", "number_bi")
_UNIT_FIELDS = ("text_uni", "parties_uni", "number_uni")
_KEYWORD_FIELDS = ("codes", "principals", "scopes")


class _SpacedPositions(Positions):
    """Positions of tokens already separated by single spaces (``analysis`` did the work):
    the same postings as Whoosh's tokenizer would give, without a Token object per token.
    Positions are stored as an array of 32-bit integers, not pickled: faster both ways."""

    def word_values(self, value, analyzer, **kwargs):
        positions = defaultdict(list)
        for i, word in enumerate(value.split(" ")):
            positions[word].append(i)
        boost = self.field_boost
        return [(w, len(p), len(p) * boost, pack_uint(len(p)) + array("I", p).tobytes())
                for w, p in positions.items()]

    def encode(self, poslist):
        return pack_uint(len(poslist)) + array("I", poslist).tobytes()

    def decode_positions(self, valuestring):
        positions = array("I")
        positions.frombytes(valuestring[_INT_SIZE:])
        return positions.tolist()

    def decode_frequency(self, valuestring):
        return unpack_uint(valuestring[:_INT_SIZE])[0]

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost


_ONE = pack_uint(1)


class _SpacedSet(Frequency):
    """A set of distinct tokens separated by single spaces: each occurs once."""

    def word_values(self, value, analyzer, **kwargs):
        boost = self.field_boost
        return [(w, 1, boost, _ONE) for w in set(value.split(" "))]


def _schema() -> Schema:
    space = SpaceSeparatedTokenizer()
    fields = {
        "key": ID(unique=True, sortable=True),
        "fp": ID(sortable=True),
        "date": NUMERIC(int, bits=32, sortable=True),  # (unsigned ranges are broken in Whoosh)
        "stored": STORED(),
    }
    for name in FACETS:
        fields[name] = ID(sortable=True)
    for name in _BIGRAM_FIELDS:
        fields[name] = TEXT(analyzer=space, phrase=True)
        fields[name].format = _SpacedPositions()
    for name in _UNIT_FIELDS:
        fields[name] = TEXT(analyzer=space, phrase=False)
        fields[name].format = _SpacedSet()
    for name in _KEYWORD_FIELDS:
        fields[name] = KEYWORD(lowercase=False, commas=False, scorable=False)
    return Schema(**fields)


def _advance(m, target: int) -> None:
    """``m.skip_to(target)``; for Whoosh's own posting-list reader, a binary search inside the
    block instead of a step per posting."""
    if type(m) is not W3LeafMatcher:
        m.skip_to(target)
        return
    if target > m.block_max_id():
        while m.is_active() and target > m.block_max_id():
            m._next_block()
        if not m.is_active():
            return
    if m._ids is None:
        m._read_ids()
    m._i = bisect_left(m._ids, target, m._i)


class _PhraseMatcher(matching.Matcher):
    """Documents where each term stands at its offset from one position. The posting lists
    (the filter's first, then the terms', rarest first) are intersected by leapfrogging: each
    list skips to the largest document any list is on, until all meet; positions are compared
    only there. (Whoosh's own ``SpanNear2`` builds a ``Span`` object per position, and a tree
    of intersection matchers costs several calls per list per step.)"""

    def __init__(self, terms, offsets, frequencies, prefilter=None, boost=1.0):
        self.terms = terms  # leaf matchers, in the order of ``offsets``
        self.offsets = offsets
        self.prefilter = prefilter
        self.boost = boost
        rarest_first = [m for _f, _i, m in sorted(
            (f, i, m) for i, (f, m) in enumerate(zip(frequencies, terms)))]
        self.lists = ([prefilter] if prefilter is not None else []) + rarest_first
        self._id = None
        if all(m.is_active() for m in self.lists):
            self._find(max(m.id() for m in self.lists))

    def _find(self, target: int) -> None:
        lists = self.lists
        while True:
            for m in lists:
                if m.id() < target:
                    _advance(m, target)
                    if not m.is_active():
                        self._id = None
                        return
                if m.id() > target:
                    target = m.id()
                    break
            else:
                if self._positions_meet():
                    self._id = target
                    return
                target += 1

    def _positions_meet(self) -> bool:
        first = self.offsets[0]
        starts = {p - first for p in self.terms[0].value_as("positions")}
        for offset, m in zip(self.offsets[1:], self.terms[1:]):
            if not starts:
                return False
            starts.intersection_update([p - offset for p in m.value_as("positions")])
        return bool(starts)

    def is_active(self):
        return self._id is not None

    def id(self):
        return self._id

    def next(self):
        if self._id is None:
            raise ReadTooFar
        self._find(self._id + 1)

    def skip_to(self, id):
        if self._id is None:
            raise ReadTooFar
        if id > self._id:
            self._find(id)

    def copy(self):
        # Whoosh's own posting-list matchers cannot be copied either: no search path copies.
        raise NotImplementedError

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def supports_block_quality(self):
        return False

    def max_quality(self):
        return sum(m.max_quality() for m in self.terms) * self.boost

    def supports(self, astype):
        return False

    def weight(self):
        return sum(m.weight() for m in self.terms)

    def score(self):
        return sum(m.score() for m in self.terms) * self.boost


class _Phrase(wq.Phrase):
    """Tokens at given offsets from one position (consecutive unless ``offsets`` says
    otherwise), matched by ``_PhraseMatcher``."""

    def __init__(self, fieldname, words, offsets=None, **kwargs):
        super().__init__(fieldname, words, **kwargs)
        self.offsets = list(offsets) if offsets is not None else list(range(len(words)))
        self.prefilter = None  # a query every match must also match (set by ``combine``)

    def __eq__(self, other):
        return super().__eq__(other) and self.offsets == getattr(other, "offsets", None)

    def __hash__(self):
        return super().__hash__() ^ hash(tuple(self.offsets))

    def normalize(self):
        return self

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        terms = []
        for word in self.words:
            if (self.fieldname, word) not in reader:
                return matching.NullMatcher()  # a word the index never saw: no match
            terms.append(wq.Term(self.fieldname, word))
        prefilter = (self.prefilter.matcher(searcher, context)
                     if self.prefilter is not None else None)
        frequencies = [reader.doc_frequency(self.fieldname, w) for w in self.words]
        return _PhraseMatcher([t.matcher(searcher, context) for t in terms], self.offsets,
                              frequencies, prefilter, self.boost)


class _Or(wq.Or):
    """Always a tree of union matchers. (Whoosh's own choice, on a segment of 5,000 documents
    or fewer, reads and scores every posting of every clause into arrays first: the title
    clauses and the permission filter then cost more than the whole search.)"""

    matcher_type = wq.Or.DEFAULT_MATCHER


class _AllDocs(collectors.WrappingCollector):
    """Keeps every matching document number (for the total and the facets) while its child
    keeps the top ones."""

    def __init__(self, child):
        super().__init__(child)
        self.docnums: set[int] = set()

    def collect(self, sub_docnum):
        self.docnums.add(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def _prefiltered(q) -> bool:
    if isinstance(q, _Phrase):
        return q.prefilter is not None
    if isinstance(q, wq.Or):
        return all(_prefiltered(sub) for sub in q.subqueries)
    return False


class _NoScoreMatcher(matching.WrappingMatcher):
    def _replacement(self, newchild):
        return self.__class__(newchild)

    def replace(self, minquality=0):
        # Scores nothing, so no quality bound may prune what it matches.
        child = self.child.replace(0)
        if not child.is_active():
            return matching.NullMatcher()
        return self if child is self.child else self._replacement(child)

    def supports_block_quality(self):
        return False

    def max_quality(self):
        return 0.0

    def score(self):
        return 0.0


class _NoScore(wq.WrappingQuery):
    """Matches what its child matches and adds nothing to the score. (Whoosh's
    ``ConstantScoreQuery`` first lists every document its child matches: thousands of
    documents for a filter such as ``public``, on every search.)"""

    def matcher(self, searcher, context=None):
        return _NoScoreMatcher(self.child.matcher(searcher, context))


class _ConstMatcher(_NoScoreMatcher):
    def max_quality(self):
        return WHOLE_SCORE

    def score(self):
        return WHOLE_SCORE


class _Const(wq.WrappingQuery):
    """Scores ``WHOLE_SCORE`` for each document its child matches."""

    def matcher(self, searcher, context=None):
        return _ConstMatcher(self.child.matcher(searcher, context))


class _SetMatcher(matching.Matcher):
    """The documents of a sorted list, skipped through by binary search; scores nothing."""

    def __init__(self, ids, i=0):
        self._ids = ids
        self._i = i

    def is_active(self):
        return self._i < len(self._ids)

    def id(self):
        return self._ids[self._i]

    def next(self):
        if self._i >= len(self._ids):
            raise ReadTooFar
        self._i += 1

    def skip_to(self, id):
        if self._i >= len(self._ids):
            raise ReadTooFar
        if id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)

    def all_ids(self):
        return iter(self._ids[self._i:])

    def copy(self):
        return _SetMatcher(self._ids, self._i)

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def supports_block_quality(self):
        return False

    def max_quality(self):
        return 0.0

    def weight(self):
        return 0.0

    def score(self):
        return 0.0

    def supports(self, astype):
        return False


_SETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _DocSet(wq.Query):
    """Documents holding any of ``values`` in a keyword field, scoring nothing: the list of
    their numbers is computed once per segment reader and set of values (a user's principals,
    a facet's values) and kept while the reader lives, so the permission filter of each
    further search is a binary search in a list, not a union of posting lists."""

    def __init__(self, fieldname, values):
        self.fieldname = fieldname
        self.values = tuple(sorted(values))

    def __eq__(self, other):
        return isinstance(other, _DocSet) and (self.fieldname, self.values) == \
            (other.fieldname, other.values)

    def __hash__(self):
        return hash((self.fieldname, self.values))

    def __repr__(self):
        return f"_DocSet({self.fieldname!r}, {self.values!r})"

    def normalize(self):
        return self

    def estimate_size(self, ixreader):
        return sum(ixreader.doc_frequency(self.fieldname, v) for v in self.values)

    def estimate_min_size(self, ixreader):
        return self.estimate_size(ixreader)

    def leaves(self):
        return iter(())

    def children(self):
        return []

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        cache = _SETS.get(reader)
        if cache is None:
            cache = _SETS[reader] = {}
        key = (self.fieldname, self.values)
        ids = cache.get(key)
        if ids is None:
            found: set[int] = set()
            for value in self.values:
                if (self.fieldname, value) in reader:
                    found.update(reader.postings(self.fieldname, value).all_ids())
            ids = cache[key] = sorted(found)
            if len(cache) > 256:  # many users since the index changed: start again
                cache.clear()
                cache[key] = ids
        return _SetMatcher(ids) if ids else matching.NullMatcher()


class _Builder(QueryBuilder):
    def term(self, field, value):
        return wq.Term(field, value)

    def terms(self, field, values):
        # (only ever filters: the principals, the facets' values)
        return _DocSet(field, values)

    def phrase(self, field, words):
        return _Phrase(field, [w for _offset, w in words], offsets=[o for o, _w in words])

    def day_range(self, start, end):
        return wq.NumericRange("date", start, end)

    def any_of(self, queries):
        return queries[0] if len(queries) == 1 else _Or(queries)

    def everything(self):
        return wq.Every()

    def nothing(self):
        return wq.NullQuery

    def combine(self, must, must_not, should, filters, ranked=()):
        base = wq.And(must) if len(must) > 1 else (must[0] if must else wq.Every())
        if must_not:
            base = wq.AndNot(base, self.any_of(must_not))
        if should:
            base = wq.AndMaybe(base, _Or(should, boost=TITLE_BOOST))
        if ranked:
            base = wq.AndMaybe(base, _Or([_Const(q) for q in ranked]))
        # Filters count for nothing in the score. Phrases take them into their own
        # intersection; when a required clause is such a phrase (or a choice of them), the
        # filters need not be checked again.
        constant = _NoScore(wq.And(filters))
        for q in [*must, *should]:
            for leaf in [q, *q.leaves()]:
                if isinstance(leaf, _Phrase):
                    leaf.prefilter = constant
        if any(_prefiltered(q) for q in must):
            return base
        return wq.And([base, constant])


def _record_fields(record: dict) -> dict:
    out = {"key": record["key"], "fp": record["fp"], "date": record["date"],
           "stored": record["stored"]}
    for name in FACETS:
        if record[name]:
            out[name] = record[name]
    for name in _BIGRAM_FIELDS + _UNIT_FIELDS:
        if record[name]:
            out[name] = record[name]
    for name in _KEYWORD_FIELDS:
        if record[name]:
            out[name] = " ".join(record[name])
    return out


def _commit(writer) -> None:
    """Commit ``writer``; a commit that fails (a full disk, a record it cannot write) releases
    the index's lock at once. (Whoosh releases it only at the end of a commit that succeeds,
    so a failed one would keep every other writer waiting until the object is collected.)"""
    try:
        writer.commit()
    except BaseException:
        lock = getattr(writer, "writelock", None)
        if lock is not None and not getattr(writer, "is_closed", False):
            writer.is_closed = True
            lock.release()
        raise


def _stop_subwriters(writer) -> None:
    """End the processes of a multi-process writer that will not commit. (Its own ``cancel``
    only flags the parent's copies of them: the processes would wait for work forever, and
    the interpreter would wait for them at exit.)"""
    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.terminate()
        task.join(5)


class WhooshBackend(Backend):
    name = "whoosh"

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            self.ix = whoosh_index.open_dir(str(path))
        except Exception as exc:  # damaged or missing files
            raise IndexUnavailable(f"cannot open the Whoosh index in {path}: {exc}") from exc
        self._searcher = None
        self._facets, self._facets_for = {}, None

    @classmethod
    def create(cls, path: Path) -> WhooshBackend:
        path.mkdir(parents=True, exist_ok=True)
        whoosh_index.create_in(str(path), _schema())
        return cls(path)

    def _writer(self, **kwargs):
        try:
            return self.ix.writer(timeout=WRITE_TIMEOUT, delay=0.1, **kwargs)
        except whoosh_index.LockError as exc:
            raise IndexBusy(str(exc)) from exc

    def write(self, records, delete_keys):
        writer = self._writer()
        try:
            for key in delete_keys:
                writer.delete_by_term("key", key)
            for record in records:
                writer.update_document(**_record_fields(record))
        except BaseException:
            writer.cancel()
            raise
        _commit(writer)

    writes_in_processes = True

    @contextmanager
    def bulk(self, workers: int = 1):
        # With several workers, Whoosh's own multi-process writer: each process turns batches
        # of records into postings and writes a segment of its own (the segments are not
        # merged: merging would read every posting again). Pure-Python posting writing is
        # what takes the time, so this is where processes help.
        if workers > 1:
            writer = self._writer(procs=workers, multisegment=True, batchsize=100,
                                  limitmb=512)
        else:
            writer = self._writer(limitmb=256)
        try:
            yield lambda record: writer.add_document(**_record_fields(record))
        except BaseException:
            _stop_subwriters(writer)
            writer.cancel()
            raise
        try:
            _commit(writer)
        except BaseException:
            _stop_subwriters(writer)
            raise

    def _current_searcher(self):
        # One searcher per backend object, refreshed when the index changed; ``IndexHome``
        # keeps a backend object per thread.
        if self._searcher is None:
            self._searcher = self.ix.searcher()
        elif not self._searcher.up_to_date():
            # Not Searcher.refresh(): in Whoosh-Reloaded 2.7.5 it keeps segments that a merge
            # replaced (stale documents come back), and fails on an empty index.
            self._searcher.close()
            self._searcher = self.ix.searcher()
        return self._searcher

    def _facet_sets(self, searcher) -> dict[str, dict[str, set[int]]]:
        """For each facet, the documents of each value; computed once per searcher."""
        if self._facets_for is not searcher:
            reader = searcher.reader()
            self._facets = {
                name: {value.decode(): set(reader.postings(name, value).all_ids())
                       for value in reader.lexicon(name)}
                for name in FACETS}
            self._facets_for = searcher
        return self._facets

    def search(self, request: SearchRequest) -> RawResults:
        searcher = self._current_searcher()
        q = compile_request(_Builder(), request)
        limit = request.offset + request.limit
        if request.sort in ("date", "date_asc"):
            top = collectors.SortingCollector("date", limit=limit, reverse=request.sort == "date")
        else:
            # Every match must be seen (for the total and the facets): none of Whoosh's top-N
            # shortcuts, which skip blocks whose scores cannot reach the first page and
            # "replace" matchers (an optional title clause becomes required once its
            # document scores would not reach the top otherwise: totals then change with
            # the page size).
            top = collectors.TopCollector(limit=limit, usequality=False, replace=0)
        collector = _AllDocs(top)
        searcher.search_with_collector(q, collector)
        results = collector.results()
        hits = []
        for hit in results[request.offset:request.offset + request.limit]:
            score = hit.score if request.sort == "relevance" else None
            hits.append((hit["stored"], score))
        facets = {}
        if request.facets:
            matched = collector.docnums
            for name, values in self._facet_sets(searcher).items():
                counts = {value: len(matched.intersection(docs)) for value, docs in values.items()}
                facets[name] = {value: n for value, n in counts.items() if n and value}
        return RawResults(len(collector.docnums), hits, facets)

    def stored_keys(self):
        with self.ix.searcher() as searcher:
            reader = searcher.reader()
            if reader.doc_count_all() == 0:  # an empty index has no columns to read
                return
            keys = reader.column_reader("key")
            fps = reader.column_reader("fp")
            for docnum in reader.all_doc_ids():
                yield keys[docnum], fps[docnum]

    def count(self) -> int:
        with self.ix.searcher() as searcher:
            return searcher.doc_count()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self.ix.close()
