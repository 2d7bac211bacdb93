"""The Whoosh backend (pure Python): the default of the embedded install."""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import matching, sorting
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.matching import binary
from whoosh.query.spans import Span, SpanWrappingMatcher
from whoosh.system import pack_uint
from whoosh.util import make_binary_tree

from ipcenter.search.backends.base import (
    FACETS,
    TITLE_BOOST,
    Backend,
    IndexBusy,
    IndexUnavailable,
    QueryBuilder,
    RawResults,
    SearchRequest,
    compile_request,
)

WRITE_TIMEOUT = 30.0
_BIGRAM_FIELDS = ("text_bi", "title_bi", "parties_bi", "number_bi")
_UNIT_FIELDS = ("text_uni", "parties_uni", "number_uni")
_KEYWORD_FIELDS = ("patent", "trademark", "uscc", "principals", "scopes")


class _SpacedPositions(Positions):
    """Positions of tokens already separated by single spaces (``analysis`` did the work):
    the same postings as Whoosh's tokenizer would give, without a Token object per token."""

    def word_values(self, value, analyzer, **kwargs):
        positions = defaultdict(list)
        for i, word in enumerate(value.split(" ")):
            positions[word].append(i)
        boost, encode = self.field_boost, self.encode
        return [(w, len(p), len(p) * boost, encode(p)) for w, p in positions.items()]


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


class _PhraseMatcher(SpanWrappingMatcher):
    """Documents where the terms stand at consecutive positions, decided with sets of
    positions (Whoosh's own ``SpanNear2`` builds a ``Span`` object per position and is several
    times slower on bigram phrases)."""

    def __init__(self, ms):
        self.ms = ms
        super().__init__(make_binary_tree(binary.IntersectionMatcher, ms))

    def copy(self):
        return self.__class__([m.copy() for m in self.ms])

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def _get_spans(self):
        starts = set(self.ms[0].value_as("positions"))
        for offset, m in enumerate(self.ms[1:], 1):
            if not starts:
                return []
            starts.intersection_update([p - offset for p in m.value_as("positions")])
        last = len(self.ms) - 1
        return [Span(start, start + last) for start in sorted(starts)]


class _Phrase(wq.Phrase):
    """A phrase of consecutive tokens, matched by ``_PhraseMatcher``."""

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        terms = []
        for word in self.words:
            if (self.fieldname, word) not in reader:
                return matching.NullMatcher()  # a word the index never saw: no match
            terms.append(wq.Term(self.fieldname, word))
        m = _PhraseMatcher([t.matcher(searcher, context) for t in terms])
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


class _Builder(QueryBuilder):
    def term(self, field, value):
        return wq.Term(field, value)

    def terms(self, field, values):
        if len(values) == 1:
            return wq.Term(field, values[0])
        return wq.Or([wq.Term(field, v) for v in values])

    def phrase(self, field, tokens):
        return _Phrase(field, tokens)

    def day_range(self, start, end):
        return wq.NumericRange("date", start, end)

    def any_of(self, queries):
        return queries[0] if len(queries) == 1 else wq.Or(queries)

    def everything(self):
        return wq.Every()

    def nothing(self):
        return wq.NullQuery

    def combine(self, must, must_not, should, filters):
        base = wq.And(must) if len(must) > 1 else (must[0] if must else wq.Every())
        if must_not:
            base = wq.AndNot(base, self.any_of(must_not))
        if should:
            base = wq.AndMaybe(base, wq.Or(should, boost=TITLE_BOOST))
        # Filters count for nothing in the score.
        return wq.And([base, wq.ConstantScoreQuery(wq.And(filters), 0.0)])


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


class WhooshBackend(Backend):
    name = "whoosh"

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            self.ix = whoosh_index.open_dir(str(path))
        except Exception as exc:  # damaged or missing files
            raise IndexUnavailable(f"cannot open the Whoosh index in {path}: {exc}") from exc
        self._searcher = None

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
        writer.commit()

    @contextmanager
    def bulk(self):
        writer = self._writer(limitmb=256)
        try:
            yield lambda record: writer.add_document(**_record_fields(record))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

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

    def search(self, request: SearchRequest) -> RawResults:
        searcher = self._current_searcher()
        q = compile_request(_Builder(), request)
        kwargs = {}
        if request.sort in ("date", "date_asc"):
            kwargs["sortedby"] = "date"
            kwargs["reverse"] = request.sort == "date"
        if request.facets:
            kwargs["groupedby"] = {name: sorting.FieldFacet(name, maptype=sorting.Count)
                                   for name in FACETS}
        results = searcher.search(q, limit=request.offset + request.limit, terms=False,
                                  **kwargs)
        total = len(results)
        hits = []
        for hit in results[request.offset:request.offset + request.limit]:
            score = hit.score if request.sort == "relevance" else None
            hits.append((hit["stored"], score))
        facets = {}
        if request.facets:
            for name in FACETS:
                groups = results.groups(name)
                facets[name] = {str(k): int(v) for k, v in groups.items()
                                if k not in (None, "", b"")}
        return RawResults(total, hits, facets)

    def stored_keys(self):
        with self.ix.searcher() as searcher:
            reader = searcher.reader()
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
