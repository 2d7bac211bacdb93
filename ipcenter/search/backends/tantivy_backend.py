"""The tantivy backend (Rust, official Python bindings): for large collections."""

from __future__ import annotations

import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import tantivy
from tantivy import FieldType, Occur, Order, Query

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
_MAX_DAY = 99991231


def _schema():
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", tokenizer_name="raw", index_option="basic")
    for name in FACETS:
        sb.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("date", indexed=True, fast=True)
    for name in _BIGRAM_FIELDS:
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in _UNIT_FIELDS:
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    for name in _KEYWORD_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_bytes_field("stored", stored=True)
    return sb.build()


class _Builder(QueryBuilder):
    def __init__(self, schema):
        self.schema = schema

    def term(self, field, value):
        return Query.term_query(self.schema, field, value)

    def terms(self, field, values):
        if len(values) == 1:
            return self.term(field, values[0])
        return Query.term_set_query(self.schema, field, values)

    def phrase(self, field, words):
        return Query.phrase_query(self.schema, field, words)

    def day_range(self, start, end):
        return Query.range_query(self.schema, "date", FieldType.Unsigned,
                                 start if start is not None else 0,
                                 end if end is not None else _MAX_DAY)

    def any_of(self, queries):
        if len(queries) == 1:
            return queries[0]
        return Query.boolean_query([(Occur.Should, q) for q in queries])

    def everything(self):
        return Query.all_query()

    def nothing(self):
        return Query.empty_query()

    def combine(self, must, must_not, should, filters, ranked=()):
        clauses = [(Occur.Must, q) for q in must] or [(Occur.Must, Query.all_query())]
        clauses += [(Occur.MustNot, q) for q in must_not]
        clauses += [(Occur.Should, Query.boost_query(q, TITLE_BOOST)) for q in should]
        clauses += [(Occur.Should, Query.const_score_query(q, WHOLE_SCORE)) for q in ranked]
        # Filters count for nothing in the score.
        clauses += [(Occur.Must, Query.const_score_query(q, 0.0)) for q in filters]
        return Query.boolean_query(clauses)


_FACET_SPEC = {name: {"terms": {"field": name, "size": 200}} for name in FACETS}
_POOL: tuple[int, ThreadPoolExecutor] | None = None


def _facet_pool() -> ThreadPoolExecutor:
    """Threads for the facet pass, made in the process that uses them (a pool inherited
    through a fork has no threads left)."""
    global _POOL
    if _POOL is None or _POOL[0] != os.getpid():
        _POOL = (os.getpid(), ThreadPoolExecutor(max_workers=4,
                                                 thread_name_prefix="search-facets"))
    return _POOL[1]


def _document(record: dict) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("key", record["key"])
    for name in FACETS:
        if record[name]:
            doc.add_text(name, record[name])
    doc.add_unsigned("date", record["date"])
    for name in _BIGRAM_FIELDS + _UNIT_FIELDS:
        if record[name]:
            doc.add_text(name, record[name])
    for name in _KEYWORD_FIELDS:
        for value in record[name]:
            doc.add_text(name, value)
    doc.add_bytes("stored", json.dumps(record["stored"], ensure_ascii=False).encode())
    return doc


class TantivyBackend(Backend):
    name = "tantivy"

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            self.index = tantivy.Index.open(str(path))
        except Exception as exc:  # damaged or missing files
            raise IndexUnavailable(f"cannot open the tantivy index in {path}: {exc}") from exc
        self.schema = self.index.schema
        self._meta = path / "meta.json"
        self._seen = None
        self._lock = threading.Lock()

    @classmethod
    def create(cls, path: Path) -> TantivyBackend:
        path.mkdir(parents=True, exist_ok=True)
        tantivy.Index(_schema(), path=str(path), reuse=False)
        return cls(path)

    def _writer(self, heap_size: int = 15_000_000, num_threads: int = 1):
        deadline = time.monotonic() + WRITE_TIMEOUT
        while True:
            try:
                return self.index.writer(heap_size=heap_size, num_threads=num_threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                    raise IndexBusy(str(exc)) from exc
                time.sleep(0.1)

    def write(self, records, delete_keys):
        writer = self._writer()
        try:
            for key in delete_keys:
                writer.delete_documents_by_term("key", key)
            for record in records:
                writer.delete_documents_by_term("key", record["key"])
                writer.add_document(_document(record))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    @contextmanager
    def bulk(self, workers: int = 1):
        # tantivy writes with its own threads; ``workers`` analyse in ``SearchIndex.rebuild``.
        writer = self._writer(heap_size=256_000_000, num_threads=min(4, os.cpu_count() or 1))
        try:
            yield lambda record: writer.add_document(_document(record))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    def _searcher(self):
        # Another process (the index worker) commits: reload when meta.json changed.
        try:
            stat = self._meta.stat()
            seen = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            seen = None
        with self._lock:
            if seen != self._seen:
                self.index.reload()
                self._seen = seen
        return self.index.searcher()

    def search(self, request: SearchRequest) -> RawResults:
        searcher = self._searcher()
        q = compile_request(_Builder(self.schema), request)
        kwargs = {}
        if request.sort in ("date", "date_asc"):
            kwargs["order_by_field"] = "date"
            kwargs["order"] = Order.Desc if request.sort == "date" else Order.Asc
        # The facets are a second pass over the matches, run at the same time in another
        # thread (tantivy releases the GIL while it searches).
        pending = (_facet_pool().submit(searcher.aggregate, q, _FACET_SPEC)
                   if request.facets else None)
        try:
            result = searcher.search(q, limit=request.limit, count=True,
                                     offset=request.offset, **kwargs)
        finally:
            aggs = pending.result() if pending is not None else {}
        hits = []
        for score, address in result.hits:
            stored = json.loads(searcher.doc(address)["stored"][0])
            hits.append((stored, float(score) if request.sort == "relevance" else None))
        facets = {}
        if request.facets:
            for name in FACETS:
                buckets = aggs.get(name, {}).get("buckets", [])
                facets[name] = {str(b["key"]): int(b["doc_count"]) for b in buckets
                                if b["key"] not in (None, "")}
        return RawResults(result.count, hits, facets)

    def stored_keys(self):
        searcher = self._searcher()
        total = searcher.num_docs
        if not total:
            return
        result = searcher.search(Query.all_query(), limit=total, count=False)
        for _score, address in result.hits:
            stored = json.loads(searcher.doc(address)["stored"][0])
            yield stored["key"], stored["fp"]

    def count(self) -> int:
        return self._searcher().num_docs
