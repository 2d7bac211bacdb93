"""Search benchmark: indexing rate, index size, query latency (p50/p95) and recall, for the Whoosh
and tantivy backends on the same generated corpus (``benchmarks/search_corpus.py``).

    .venv/bin/python benchmarks/search_bench.py    # tantivy 2,000 and 20,000; Whoosh 2,000
    .venv/bin/python benchmarks/search_bench.py --backend tantivy --docs 100000
    .venv/bin/python benchmarks/search_bench.py --backend whoosh --docs 20000
    .venv/bin/python benchmarks/search_bench.py --backend whoosh --docs 2000 --workers 1
    .venv/bin/python benchmarks/search_bench.py --backend tantivy --docs 20000 --workers 1 \
        --no-single-characters    # the cost of single-character recall (compare with it on)

``--workers``: processes for the rebuild (default: what ``flask search rebuild`` would use) —
Whoosh writes a segment per process, tantivy analyses the text in them.

Indexing is timed through ``SearchIndex.rebuild`` (analysis included); the corpus is generated
before the clock starts. Queries are timed through ``SearchIndex.search`` as a firm user sees
them (permission filter, facets, snippets of the first page), and the same requests straight
to the engine (``Backend.search``: compiled query, facets, stored fields of the page, no
highlighting): "app/raw" is the ratio of the two. Recall compares each query's total with the
documents that contain the query text (after line joining), text inside numbers included
(``69条``-style). Prints figures and the load average; no asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import loadavg, percentile
from benchmarks.search_corpus import BRANDS, PRODUCTS, TOWNS, generate
from ipcenter.search import SearchIndex, analysis, auto_workers

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])\n(?=[\u4e00-\u9fff])")


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _queries(corpus, rng: random.Random) -> list[tuple[str, str, str | None]]:
    """(category, query, substring for ground truth or None)."""
    out = []
    bodies = [g.doc.body.replace("\n", "") for g in rng.sample(corpus, min(200, len(corpus)))]
    for length in (2, 3, 4):
        for _ in range(10):
            body = rng.choice(bodies)
            start = rng.randrange(len(body) - length)
            piece = body[start:start + length]
            if all(_CJK.match(ch) for ch in piece):
                out.append((f"{length} characters", piece, piece))
    for brand in rng.sample(BRANDS, 5):
        out.append(("name", brand, brand))
    for town in rng.sample(TOWNS, 3):
        out.append(("name", town, town))
    for _ in range(5):
        g = rng.choice(corpus)
        out.append(("company", g.doc.fields["parties"][0], g.doc.fields["parties"][0]))
    for phrase in ("粤港澳大湾区", "协助中山药企", "快速维权", "现有设计", "整体视觉效果",
                   "立即停止侵权行为"):
        out.append(("phrase", f'"{phrase}"', phrase))
    for _ in range(5):
        g = rng.choice([g for g in corpus if g.patents] or corpus)
        if g.patents:
            number = min(g.patents)
            out.append(("patent number", f"ZL{number[:-1]}.{number[-1]}", None))
    for _ in range(5):
        a, b = rng.sample(BRANDS, 1)[0], rng.choice(PRODUCTS)
        out.append(("2 terms", f"{a} {b}", None))
        out.append(("3 terms", f"{rng.choice(TOWNS)[-2:]} {a} 侵权", None))
    digits = re.compile(r"(?<=\d)\d")  # a digit inside a number: 69条 inside 369条
    for _ in range(8):
        body = rng.choice(bodies)
        spots = [m.start() for m in digits.finditer(body)]
        if spots:
            start = rng.choice(spots)
            piece = body[start:start + rng.choice((2, 3))]
            if len(piece) >= 2 and not re.search(r"\s", piece):
                out.append(("inside number", piece, piece))
    for piece in ("年12月", "号）", "1.", "专利法》", "根据《", "号：ZL"):
        out.append(("punctuation", piece, piece))
    out.append(("OR", "吸顶灯 OR 壁灯", None))
    out.append(("exclude", "灯饰 -星光", None))
    return out


def _joined(corpus) -> list[list[str]]:
    """Each document's parts with lines joined (computed once: the ground truth scans them for
    every query)."""
    return [[_CJK_BREAK.sub("", part) for part in g.parts()] for g in corpus]


def _truth(joined: list[list[str]], needle: str) -> int:
    return sum(1 for parts in joined if any(needle in part for part in parts))


def run(backend: str, n: int, workers: int | None, seed: int = 20260305) -> None:
    corpus = generate(n, seed)
    sizes = [len(g.doc.body.encode()) for g in corpus]
    root = Path(tempfile.mkdtemp(prefix=f"search-bench-{backend}-"))
    try:
        index = SearchIndex(root, backend)
        started = time.perf_counter()
        cpu = time.process_time()
        if workers is None:
            workers = auto_workers(n, backend)
        count = index.rebuild((g.doc for g in corpus), workers=workers)
        took = time.perf_counter() - started
        cpu = time.process_time() - cpu
        size = _size(root)
        print(f"\n== {backend}: {count:,} documents (bodies {min(sizes):,}–{max(sizes):,} bytes, "
              f"mean {statistics.mean(sizes):,.0f}), workers {workers}, "
              f"load average {loadavg()}")
        print(f"indexing: {took:.1f} s, {count / took:,.0f} documents/s "
              f"(main process CPU {cpu:.1f} s); index size {size / 1e6:,.1f} MB")

        rng = random.Random(seed)
        queries = _queries(corpus, rng)
        firm = {"public", "org:7", "user:70", "role:firm"}
        staff = {"public", "role:adjudicator"}
        for q, _t in [(q, t) for _c, q, t in queries[:5]]:  # warm up
            index.search(q, firm)
        joined = _joined(corpus)
        latencies: dict[str, list[float]] = {}
        app_ms, raw_ms = [], []
        backend_obj = index.home.current()
        recall_found = recall_truth = 0
        exact = mismatched = 0
        for rep in range(3):
            for category, q, needle in queries:
                t0 = time.perf_counter()
                index.search(q, firm)
                took_ms = (time.perf_counter() - t0) * 1000
                latencies.setdefault(category, []).append(took_ms)
                request = index.request(q, firm)
                if request is not None:
                    t0 = time.perf_counter()
                    backend_obj.search(request)
                    raw_ms.append((time.perf_counter() - t0) * 1000)
                    app_ms.append(took_ms)
                if rep == 0 and needle is not None:
                    truth = _truth(joined, needle)
                    found = index.search(q, staff, per_page=1).total
                    recall_found += min(found, truth)
                    recall_truth += truth
                    if found == truth:
                        exact += 1
                    else:
                        mismatched += 1
                        print(f"   recall mismatch: {q!r}: found {found}, contain {truth}")
        everything = [v for values in latencies.values() for v in values]
        print(f"queries as a firm user (permission filter, facets, snippets): "
              f"p50 {percentile(everything, 0.5):.1f} ms, "
              f"p95 {percentile(everything, 0.95):.1f} ms "
              f"over {len(everything)} runs")
        print(f"app/raw engine: mean {statistics.mean(app_ms):.2f} ms / "
              f"{statistics.mean(raw_ms):.2f} ms = {statistics.mean(app_ms) / statistics.mean(raw_ms):.2f}×, "
              f"p50 {statistics.median(app_ms):.2f} / {statistics.median(raw_ms):.2f} ms "
              f"= {statistics.median(app_ms) / statistics.median(raw_ms):.2f}×")
        for category, values in latencies.items():
            print(f"   {category:<14} p50 {percentile(values, 0.5):7.1f} ms   "
                  f"p95 {percentile(values, 0.95):7.1f} ms")
        print(f"load average after: {loadavg()}")
        print(f"recall (totals against substring ground truth): "
              f"{100 * recall_found / max(1, recall_truth):.2f}% "
              f"({exact} queries exact, {mismatched} not)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("whoosh", "tantivy"), action="append")
    parser.add_argument("--docs", type=int, action="append")
    parser.add_argument("--workers", type=int, default=None,
                        help="analysis processes during indexing (default: automatic)")
    parser.add_argument("--no-single-characters", action="store_true",
                        help="leave single letters and digits out of the unit set (to measure "
                             "what single-character recall costs; use --workers 1)")
    args = parser.parse_args()
    if args.no_single_characters:
        analysis.SINGLE_CHARACTERS = False
    if not args.backend and not args.docs:
        plan = [("tantivy", 2000), ("tantivy", 20000), ("whoosh", 2000)]
    else:
        plan = [(b, n) for b in (args.backend or ["tantivy", "whoosh"])
                for n in (args.docs or [2000])]
    print(f"search benchmark on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    for backend, n in plan:
        run(backend, n, args.workers)


if __name__ == "__main__":
    main()
