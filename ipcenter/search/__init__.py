"""Search: the one interface domains and views use (DESIGN.md, "Search").

A domain registers, in its own ``search.py``, how to build the document of each of its objects::

    search.register("case", build_case_document, all_case_ids, label=_l("Case"),
                    url=lambda id: url_for("cases.detail", case_id=id))

Identifiers matched exactly travel as typed codes (``fields["codes"]``, pairs such as
``("patent", "ZL202020123456.7")``); the shared vocabulary registers each type's analysis and
query prefixes with ``register_code_type`` (``ipcenter.search.codes``).

After a change a domain calls ``search.index_later("case", case.id)`` inside its unit of work: an
outbox row, so the ``search.index`` task (queue ``index``, one writer) re-reads the object
through the builder after the commit. ``search()`` takes the user's principals
(``ipcenter.auth.policy.principals``) and filters inside the engine, so totals, facets and pages
count only what the user may see. ``rebuild()`` and ``check()`` serve ``flask search``.

This package never imports a domain's models; domains never import a search engine.
"""

from __future__ import annotations

import json
import logging
import math
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ipcenter.search import highlight
from ipcenter.search.backends import BACKENDS, IndexHome
from ipcenter.search.backends.base import (
    FACETS,
    SORTS,
    IndexBusy,
    IndexUnavailable,
    SearchRequest,
    doc_key,
    fingerprint,
    make_record,
)
from ipcenter.search.codes import code_types, register_code_type, unregister_code_type
from ipcenter.search.query import ParsedQuery, parse

__all__ = [
    "BACKENDS", "FACETS", "SORTS", "CheckReport", "Hit", "IndexBusy", "RebuildReport", "Results",
    "SearchDocument", "SearchIndex", "SearchUnavailable", "check", "code_types", "current_index",
    "index_later", "index_now", "parse", "rebuild", "register", "register_code_type",
    "registered", "search", "unregister", "unregister_code_type", "value_label",
]

log = logging.getLogger(__name__)

SearchUnavailable = IndexUnavailable
MAX_PAGE = 500
MAX_PER_PAGE = 100
MAX_PRINCIPALS = 200


@dataclass
class SearchDocument:
    """What the index holds about one object.

    ``fields`` may hold: ``number`` (案号), ``parties`` (当事人, a list), ``codes`` (identifiers
    matched exactly: ``(type, value)`` pairs of registered code types), ``state``, ``case_type``
    (the domain's kind of matter, a facet), ``year`` and ``date`` (a ``date`` or ISO string). ``principals`` names who
    may see the document (``party:12``, ``role:adjudicator``, ``user:5``); ``published`` adds
    ``public``. ``scopes`` are the keys of the objects it belongs to (``case:12`` for a file of
    case 12), for searching within one case; its own key is always one of them.
    """

    kind: str
    id: Any
    title: str
    body: str = ""
    fields: dict = field(default_factory=dict)
    principals: set[str] = field(default_factory=set)
    published: bool = False
    scopes: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return doc_key(self.kind, self.id)


# -- the registry ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Registration:
    kind: str
    builder: Callable[[Any], SearchDocument | None]
    ids: Callable[[], Iterable[Any]]
    label: Any = None
    url: Callable[[Any], str] | None = None
    value_labels: dict[str, dict[str, Any]] = field(default_factory=dict)
    preload: Callable[[list], Any] | None = None


_REGISTRY: dict[str, Registration] = {}


def register(kind: str, builder: Callable[[Any], SearchDocument | None],
             ids: Callable[[], Iterable[Any]], *, label=None,
             url: Callable[[Any], str] | None = None,
             value_labels: dict[str, dict[str, Any]] | None = None,
             preload: Callable[[list], Any] | None = None) -> None:
    """Register a domain's documents of ``kind``: ``builder(id)`` returns the document, or
    ``None`` when the object is gone or must not be indexed; ``ids()`` lists every id for a
    rebuild; ``label`` names the kind in facets; ``url(id)`` links a result;
    ``value_labels`` names facet values (``{"state": {"filed": _l("Filed")}}``). Registering
    a kind again replaces it. ``preload(ids)``, optional, loads a batch of objects with all
    that their builder reads (eager loading: a few statements per batch, not per object)
    before ``builder`` is called for each of them, and returns them (held while the batch is
    built); rebuilds and checks call it."""
    if ":" in kind:
        raise ValueError("a kind may not contain ':'")
    _REGISTRY[kind] = Registration(kind, builder, ids, label, url, dict(value_labels or {}),
                                   preload)


def value_label(facet: str, value: str):
    """How a facet value is shown: the label a domain registered, or the value itself."""
    for registration in _REGISTRY.values():
        label = registration.value_labels.get(facet, {}).get(value)
        if label is not None:
            return label
    return value


def unregister(kind: str) -> None:
    _REGISTRY.pop(kind, None)


def registered() -> dict[str, Registration]:
    return dict(_REGISTRY)


def index_later(kind: str, id) -> None:
    """Re-index ``kind``/``id`` after the current transaction commits (an outbox row; the
    ``search.index`` task reads the object again through its builder)."""
    from ipcenter.core import outbox

    outbox.enqueue("search.index", kind, id)


# -- results --------------------------------------------------------------------------------------

@dataclass
class Hit:
    kind: str
    id: Any
    key: str
    title: str
    title_html: Markup
    snippet: Markup
    number: str = ""
    parties: list[str] = field(default_factory=list)
    state: str = ""
    case_type: str = ""
    year: str = ""
    date: date | None = None
    score: float | None = None
    url: str | None = None


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < min(self.pages, MAX_PAGE)


def _facet_list(name: str, counts: dict[str, int]) -> list[tuple[str, int]]:
    if name == "year":
        return sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _clean_filters(filters) -> dict[str, list[str]]:
    out = {}
    for name, value in (filters or {}).items():
        if name not in FACETS or value in (None, ""):
            continue
        values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        values = [str(v)[:100] for v in values if v not in (None, "")][:20]
        if values:
            out[name] = values
    return out


def _int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def _url(stored: dict) -> str | None:
    from flask import has_request_context

    registration = _REGISTRY.get(stored.get("kind"))
    if registration is None or registration.url is None or not has_request_context():
        return None
    try:
        return registration.url(stored.get("id"))
    except Exception:  # noqa: BLE001  an endpoint not built yet: a result without a link
        return None


# -- the index ------------------------------------------------------------------------------------

class SearchIndex:
    """One backend's index in a directory (``<root>/<backend>``)."""

    def __init__(self, root: Path | str, backend: str = "whoosh"):
        self.home = IndexHome(root, backend)

    @property
    def backend(self) -> str:
        return self.home.backend

    def add(self, docs: Iterable[SearchDocument]) -> None:
        """Index (or re-index) documents, in one commit."""
        records = [make_record(doc) for doc in docs]
        if records:
            self.home.current().write(records, [])

    def remove(self, kind: str, id) -> None:
        self.home.current().write([], [doc_key(kind, id)])

    def write(self, docs: Iterable[SearchDocument], delete_keys: Iterable[str]) -> None:
        self.home.current().write([make_record(doc) for doc in docs], list(delete_keys))

    def count(self) -> int:
        return self.home.current().count()

    def stored_keys(self) -> dict[str, str]:
        return dict(self.home.current().stored_keys())

    def rebuild(self, docs: Iterable[SearchDocument | None], *, workers: int = 1) -> int:
        """Fill a new generation with ``docs`` and make it live; return how many. With
        ``workers`` > 1 the text is analysed in that many processes."""
        name, backend = self.home.new_generation()
        count = 0
        writers, analysers = (workers, 1) if backend.writes_in_processes else (1, workers)
        try:
            with backend.bulk(writers) as add:
                for record in _records(docs, analysers):
                    add(record)
                    count += 1
            # A writer process whose segment went missing must not make a short index live.
            if backend.count() != count:
                raise RuntimeError(f"the new index holds {backend.count()} documents, "
                                   f"not {count}")
        except BaseException:
            backend.close()
            self.home.discard(name)
            raise
        backend.close()
        self.home.activate(name)
        return count

    def request(self, query: str | None, principals: Iterable[str] | None = None, *,
                filters: dict | None = None, sort: str = "relevance", page: int = 1,
                per_page: int = 20, within: str | None = None) -> SearchRequest | None:
        """What ``search`` asks the engine (``None``: a query that matches nothing)."""
        parsed: ParsedQuery = parse(query)
        page = _int(page, 1, 1, MAX_PAGE)
        per_page = _int(per_page, 20, 1, MAX_PER_PAGE)
        sort = sort if sort in SORTS else "relevance"
        names = {str(p)[:100] for p in (principals or ())} | {"public"}
        if parsed.matches_nothing:
            return None
        return SearchRequest(
            query=parsed, principals=sorted(names)[:MAX_PRINCIPALS],
            filters=_clean_filters(filters), within=str(within)[:200] if within else None,
            sort=sort if parsed.scored or sort != "relevance" else "date",
            offset=(page - 1) * per_page, limit=per_page)

    def search(self, query: str | None, principals: Iterable[str] | None = None, *,
               filters: dict | None = None, sort: str = "relevance", page: int = 1,
               per_page: int = 20, within: str | None = None) -> Results:
        """Search what ``principals`` may see. Never raises on what the user typed."""
        page = _int(page, 1, 1, MAX_PAGE)
        per_page = _int(per_page, 20, 1, MAX_PER_PAGE)
        sort = sort if sort in SORTS else "relevance"
        empty = Results(query or "", 0, [], {name: [] for name in FACETS}, page, per_page, sort)
        request = self.request(query, principals, filters=filters, sort=sort, page=page,
                               per_page=per_page, within=within)
        if request is None:
            return empty
        parsed = request.query
        raw = self.home.current().search(request)
        pattern = highlight.compile_needles(parsed.needles())
        hits = []
        for stored, score in raw.hits:
            day = stored.get("date")
            hits.append(Hit(
                kind=stored["kind"], id=stored["id"], key=stored["key"], title=stored["title"],
                title_html=highlight.highlight(stored["title"], pattern),
                snippet=highlight.snippet(stored["body"], pattern),
                number=stored.get("number", ""), parties=stored.get("parties", []),
                state=stored.get("state", ""), case_type=stored.get("case_type", ""),
                year=stored.get("year", ""), date=date.fromisoformat(day) if day else None,
                score=score, url=_url(stored)))
        facets = {name: _facet_list(name, raw.facets.get(name, {})) for name in FACETS}
        return Results(query or "", raw.total, hits, facets, page, per_page, sort)


def _make_records(docs: list[SearchDocument]) -> list[dict]:
    return [make_record(doc) for doc in docs]


def auto_workers(total: int, backend: str) -> int:
    """Processes worth starting for a rebuild of ``total`` documents, once there are enough
    documents to pay for starting them: for Whoosh, whose pure-Python posting writing takes the
    time, each writes a segment of its own; for tantivy, whose own indexing is fast, they
    analyse the text, but only from 4 cores on: with 2, the process reading the database and
    feeding the engine is the bottleneck, and shipping records back from the analysers costs
    more than it saves (``benchmarks/rebuild_bench.py``, 20,320 documents from PostgreSQL:
    1,019 documents/s in one process, 854 with two analysers)."""
    cpus = os.cpu_count() or 1
    if backend == "whoosh":
        return 1 if cpus < 2 or total < 500 else min(cpus, 4)
    return 1 if cpus < 4 or total < 2000 else min(cpus - 1, 4)


def _records(docs: Iterable[SearchDocument | None], workers: int):
    """The records of ``docs`` in order, analysed here or in ``workers`` processes (spawned:
    a fork would copy the database connections and the engine's threads). Documents are read
    here, in this thread, in batches; a few batches are analysed while the next is read."""
    if workers <= 1:
        for doc in docs:
            if doc is not None:
                yield make_record(doc)
        return
    batch_size, chunk = 256, 32
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        pending: deque = deque()
        batch: list[SearchDocument] = []

        def submit():
            chunks = [batch[i:i + chunk] for i in range(0, len(batch), chunk)]
            pending.append(pool.map_async(_make_records, chunks))

        for doc in docs:
            if doc is None:
                continue
            batch.append(doc)
            if len(batch) >= batch_size:
                submit()
                batch = []
                while len(pending) > 2:
                    for records in pending.popleft().get():
                        yield from records
        if batch:
            submit()
        while pending:
            for records in pending.popleft().get():
                yield from records


def current_index() -> SearchIndex:
    """The index the application is configured with (``IPCENTER_INDEX_DIR``,
    ``IPCENTER_SEARCH_BACKEND``)."""
    from flask import current_app

    return SearchIndex(current_app.config["IPCENTER_INDEX_DIR"],
                       current_app.config.get("IPCENTER_SEARCH_BACKEND", "whoosh"))


# -- the module interface -------------------------------------------------------------------------

def search(query: str | None, principals: Iterable[str] | None, *, filters: dict | None = None,
           sort: str = "relevance", page: int = 1, per_page: int = 20,
           within: str | None = None, index: SearchIndex | None = None) -> Results:
    """Search the configured index for what ``principals`` may see (see ``SearchIndex``)."""
    return (index or current_index()).search(query, principals, filters=filters, sort=sort,
                                              page=page, per_page=per_page, within=within)


def index_now(kind: str, id, *, index: SearchIndex | None = None) -> None:
    """Bring one document in the index up to date with the database (the task's body)."""
    index = index or current_index()
    registration = _REGISTRY.get(kind)
    if registration is None:
        # A process that did not import the domain's search.py: change nothing (removing
        # would empty the index); `flask search check --repair` removes kinds given up.
        log.warning("search: no builder registered for %r; %s:%s not indexed", kind, kind, id)
        return
    doc = registration.builder(id)
    if doc is None:
        index.remove(kind, id)
    else:
        index.add([doc])


def index_many(targets: Iterable[tuple[str, Any]], *, index: SearchIndex | None = None) -> None:
    """Bring several documents up to date with the database in one index commit (``index_now``
    for each ``(kind, id)``; one named twice is read once)."""
    index = index or current_index()
    docs, deleted = {}, {}
    for kind, id in targets:
        registration = _REGISTRY.get(kind)
        if registration is None:
            log.warning("search: no builder registered for %r; %s:%s not indexed", kind, kind, id)
            continue
        key = doc_key(kind, id)
        if key in docs or key in deleted:
            continue
        doc = registration.builder(id)
        if doc is None:
            deleted[key] = None
        else:
            docs[key] = doc
    if docs or deleted:
        index.write(docs.values(), deleted)


@dataclass
class RebuildReport:
    backend: str
    documents: int
    errors: list[str]
    replayed: int
    seconds: float


def _expunge_if_clean() -> None:
    # A long rebuild would keep every loaded object in the session; drop them when the
    # session holds no change of its own.
    from ipcenter.core.db import db

    session = db.session
    if not (session.new or session.dirty or session.deleted):
        session.expunge_all()


# Objects built per batch in a rebuild or a check (each batch preloaded in a few statements).
BATCH = 500


def _batches(registration: Registration, ids: list | None = None, *, expunge: bool = False):
    """``registration``'s ids in batches, each preloaded (when the kind says how); with
    ``expunge``, when there is more than one batch, the session is emptied after each (when it
    holds no change of its own: a rebuild must not keep every object it read)."""
    ids = list(registration.ids()) if ids is None else ids
    expunge = expunge and len(ids) > BATCH
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        # The session holds its objects weakly: keep what the preload returns until the
        # batch is built.
        loaded = registration.preload(batch) if registration.preload is not None else None
        yield batch
        del loaded
        if expunge:
            _expunge_if_clean()


def _recent_targets(since) -> list[tuple[str, Any]]:
    import sqlalchemy as sa

    from ipcenter.core.db import db
    from ipcenter.core.models import OutboxMessage

    rows = db.session.execute(
        sa.select(OutboxMessage.args).where(OutboxMessage.task == "search.index",
                                            OutboxMessage.created_at >= since)).scalars()
    targets = []
    for args in rows:
        try:
            kind, id = json.loads(args)
        except (ValueError, TypeError):
            continue
        if (kind, id) not in targets:
            targets.append((kind, id))
    return targets


def rebuild(progress: Callable[[int, int], None] | None = None, *,
            index: SearchIndex | None = None) -> RebuildReport:
    """Rebuild the index from the database through the registered builders, into a new
    generation made live at the end. Changes committed meanwhile (their outbox rows) are
    applied again afterwards, so a rebuild racing the index worker loses nothing.
    ``progress(done, total)`` is called after each object."""
    from datetime import timedelta

    from ipcenter.core import clock

    index = index or current_index()
    started, began = clock.now(), time.monotonic()
    targets = [(registration, list(registration.ids())) for registration in _REGISTRY.values()]
    total = sum(len(ids) for _r, ids in targets)
    errors: list[str] = []

    def documents():
        done = 0
        for registration, ids in targets:
            for batch in _batches(registration, ids, expunge=True):
                for id in batch:
                    try:
                        doc = registration.builder(id)
                    except Exception as exc:  # one broken object must not stop the rebuild
                        log.exception("search: building %s:%s failed", registration.kind, id)
                        errors.append(f"{registration.kind}:{id}: {exc}")
                        doc = None
                    yield doc
                    done += 1
                    if progress is not None:
                        progress(done, total)

    count = index.rebuild(documents(), workers=auto_workers(total, index.backend))
    replayed = _recent_targets(started - timedelta(minutes=5))
    for kind, id in replayed:
        index_now(kind, id, index=index)
    return RebuildReport(index.backend, count, errors, len(replayed),
                         time.monotonic() - began)


@dataclass
class CheckReport:
    backend: str
    indexed: int = 0
    expected: int = 0
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    problem: str | None = None
    repaired: bool = False

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.problem)


def check(repair: bool = False, *, index: SearchIndex | None = None) -> CheckReport:
    """Compare the index with the database: documents missing from the index, stale (the
    database says otherwise) and extra (gone from the database). ``repair`` fixes them (and
    rebuilds an index that cannot be used)."""
    index = index or current_index()
    report = CheckReport(index.backend)
    try:
        indexed = index.stored_keys()
    except IndexUnavailable as exc:
        report.problem = str(exc)
        if repair:
            rebuild(index=index)
            report.repaired = True
        return report
    report.indexed = len(indexed)
    seen: set[str] = set()
    todo: dict[str, tuple[str, Any]] = {}
    for kind, registration in list(_REGISTRY.items()):
        for batch in _batches(registration):
            for id in batch:
                key = doc_key(kind, id)
                doc = registration.builder(id)
                if doc is None:
                    continue
                seen.add(key)
                report.expected += 1
                if key not in indexed:
                    report.missing.append(key)
                    todo[key] = (kind, id)
                elif indexed[key] != fingerprint(doc):
                    report.stale.append(key)
                    todo[key] = (kind, id)
    report.extra = sorted(key for key in indexed if key not in seen)
    if repair and not report.ok:
        docs = []
        for kind, id in todo.values():
            doc = _REGISTRY[kind].builder(id)
            if doc is not None:
                docs.append(doc)
            if len(docs) >= 500:
                index.write(docs, [])
                docs = []
        index.write(docs, report.extra)
        report.repaired = True
    return report
