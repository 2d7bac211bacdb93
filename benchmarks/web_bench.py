"""The web pages and the deadline scan at 1,000 and 100,000 cases, on PostgreSQL and gunicorn.

For each size it (re)creates a database (``ipc_bench_1k``, ``ipc_bench_100k`` …) with the
application's migrations and demo accounts, loads the cases with ``COPY`` (``web_load.py``), builds
the search index with the application's own document builders (cases loaded in batches with
their parties and handlers), and serves it with ``gunicorn -w 2`` on a local port. It then signs
in as a firm (``firm1``), a handler (``adj1``) and the director and requests the case list, a case
page, 我的工作 and a search, interleaved across users, pages and sizes, and prints p50/p95, the
requests per second one client gets (requests are sequential), the page size, and the growth
100k/1k. The deadline scan is timed at the largest size: as it runs today (the clocks due within
3 working days) and with every open clock due. ``/proc/loadavg`` before and after.

Run from the repository root, with gunicorn installed (``pip install -e '.[serve]'``)::

    .venv/bin/python benchmarks/web_bench.py                 # 1,000 and 100,000 cases
    .venv/bin/python benchmarks/web_bench.py --cases 1000 --requests 10 --reuse

``--reuse`` keeps a database that already holds the number of cases asked for (and its index).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import importlib.util
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import common, web_load  # after the path
from benchmarks.common import PG, label, loadavg, ms, percentile

USERS = {"firm": ("firm1", "Demo-2026-firm"), "handler": ("adj1", "Demo-2026-adj"),
         "director": ("director", "Demo-2026-director")}
PAGES = ("list", "case", "dashboard", "search")
SEARCH_QUERY = "灯饰"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def make_app(url: str, data_dir: Path):
    return common.make_app(url, data_dir, IPCENTER_SEARCH_BACKEND="tantivy")


def prepare(n: int, args) -> dict:
    """The database and index for ``n`` cases: reused, or built. Returns what the requests
    need (the case ids each user may open) and the load's timings."""
    name = f"{args.db_prefix}_{label(n)}"
    url = f"{PG}/{name}"
    data_dir = Path(args.data_dir) / label(n)
    data_dir.mkdir(parents=True, exist_ok=True)
    common.createdb(name)
    app = make_app(url, data_dir)
    timings: dict[str, float] = {}
    with app.app_context():
        held = web_load.cases_held()
        if args.reuse and held == n and (data_dir / "index").exists():
            print(f"[{label(n)}] reusing {name}: {held} cases", flush=True)
        else:
            t0 = time.perf_counter()
            web_load.reset_schema()
            timings["schema"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            counts = web_load.load(n, seed=args.seed)
            timings["copy"] = time.perf_counter() - t0
            print(f"[{label(n)}] loaded {name}: " + ", ".join(
                f"{table} {rows:,}" for table, rows in counts.items())
                + f" in {timings['copy']:.1f} s (schema {timings['schema']:.1f} s)", flush=True)
            t0 = time.perf_counter()
            indexed = web_load.build_index()
            timings["index"] = time.perf_counter() - t0
            print(f"[{label(n)}] search index: {indexed:,} documents in {timings['index']:.1f} s "
                  f"({indexed / timings['index']:.0f} documents/s, tantivy)", flush=True)
        targets = web_load.targets({role: user for role, (user, _) in USERS.items()})
    return {"n": n, "url": url, "data_dir": data_dir, "app": app, "targets": targets,
            "timings": timings}


def time_scan(size: dict) -> list[str]:
    """The deadline scan at this size: today's due clocks, then every open clock due."""
    import sqlalchemy as sa

    from ipcenter.core import clock, timelimits
    from ipcenter.core.db import db

    lines = []
    with size["app"].app_context():
        def reset():
            # Unstamp, then vacuum: the steady state of a table whose rows are updated every day
            # (pauses, closings, stamps), where an update finds room on its page (a HOT update,
            # no index touched). A freshly COPYed table has none: its first scan is slower.
            db.session.execute(sa.text("UPDATE deadline SET notified_at = NULL"))
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM ANALYZE deadline"))

        open_clocks = db.session.execute(sa.text(
            "SELECT count(*) FROM deadline WHERE closed_at IS NULL")).scalar()
        for what, today in (("today", clock.today()),
                            ("all due", clock.today() + timedelta(days=3650))) * 2:
            reset()
            scan = timelimits.mark_due(clock.now(), today)
            rerun = timelimits.mark_due(clock.now(), today)
            lines.append(f"deadline scan, {open_clocks:,} open clocks, {what}: "
                         f"{scan.stamped:,} stamped in {scan.batches} batches, "
                         f"{scan.seconds:.2f} s; rerun {rerun.stamped} stamped, "
                         f"{rerun.seconds:.2f} s")
        reset()
        db.session.remove()
    return lines


class Server:
    def __init__(self, size: dict, port: int):
        env = dict(os.environ)
        env.update({"IPCENTER_DATABASE_URL": size["url"],
                    "IPCENTER_DATA_DIR": str(size["data_dir"]),
                    "IPCENTER_INDEX_DIR": str(size["data_dir"] / "index"),
                    "IPCENTER_FILES_DIR": str(size["data_dir"] / "files"),
                    "IPCENTER_SEARCH_BACKEND": "tantivy",
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                env.get("PYTHONPATH")]))})
        self.base = f"http://127.0.0.1:{port}"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise SystemExit(f"port {port} is in use: stop what listens there, or --port")
        self.log = open(size["data_dir"] / "gunicorn.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
             "--timeout", "120", "ipcenter:create_app()"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            self._wait()
        except BaseException:
            self.stop()
            raise

    def _wait(self):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {self.log.name}")
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=30).read()
                return
            except OSError:  # not listening yet (URLError), or still starting (timeout)
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer on {self.base}")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


class Client:
    """One signed-in browser: cookies, and the CSRF token of the sign-in form."""

    def __init__(self, base: str, username: str, password: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(base + "/login", timeout=60).read().decode()
        token = _CSRF.search(page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "username": username,
                                       "password": password}).encode()
        landed = self.opener.open(base + "/login", data=data, timeout=60)
        if "/login" in landed.geturl():
            raise SystemExit(f"could not sign in as {username} on {base}")

    def get(self, path: str) -> tuple[float, int]:
        t0 = time.perf_counter()
        with self.opener.open(self.base + path, timeout=120) as response:
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
        return time.perf_counter() - t0, len(body)


def paths(role: str, targets: dict, rng: random.Random) -> dict[str, callable]:
    cases = targets[role]
    return {"list": lambda: "/cases/",
            "case": lambda: f"/cases/{rng.choice(cases)}",
            "dashboard": lambda: "/dashboard",
            "search": lambda: "/search?" + urllib.parse.urlencode({"q": SEARCH_QUERY})}


def measure(sizes: list[dict], args) -> dict:
    rng = random.Random(args.seed)
    servers, clients, makers = [], {}, {}
    try:
        for i, size in enumerate(sizes):
            server = Server(size, args.port + i)
            servers.append(server)
            for role, (user, password) in USERS.items():
                clients[size["n"], role] = Client(server.base, user, password)
                makers[size["n"], role] = paths(role, size["targets"], rng)
        plan = [(size["n"], role, page) for size in sizes for role in USERS for page in PAGES]
        for key in plan:  # one warm-up request each (templates, caches, connections)
            clients[key[:2]].get(makers[key[:2]][key[2]]())
        order = plan * args.requests
        rng.shuffle(order)
        results: dict[tuple, list[tuple[float, int]]] = {key: [] for key in plan}
        started = time.perf_counter()
        for done, key in enumerate(order, 1):
            results[key].append(clients[key[:2]].get(makers[key[:2]][key[2]]()))
            if done % 50 == 0:
                print(f"  {done}/{len(order)} requests, {time.perf_counter() - started:.0f} s",
                      flush=True)
        return results
    finally:
        for server in servers:
            server.stop()


def report(results: dict, sizes: list[dict]) -> None:
    ns = [size["n"] for size in sizes]
    header = ["page", "user"] + [f"{label(n)} {what}" for n in ns
                                 for what in ("p50", "p95", "req/s", "KB")]
    if len(ns) > 1:
        header.append(f"growth p50 {label(ns[-1])}/{label(ns[0])}")
    rows = []
    for page in PAGES:
        for role in USERS:
            cells, p50s = [], []
            for n in ns:
                runs = results[n, role, page]
                times = [t for t, _ in runs]
                p50s.append(statistics.median(times))
                cells += [ms(p50s[-1]), ms(percentile(times, 0.95)),
                          f"{len(times) / sum(times):.1f}",
                          f"{statistics.median(b for _, b in runs) / 1024:.0f}"]
            if len(ns) > 1:
                cells.append(f"{p50s[-1] / p50s[0]:.1f}×")
            rows.append([page, f"{role} ({USERS[role][0]})", *cells])
    common.table(header, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="1000,100000",
                        help="sizes, comma-separated (default 1000,100000)")
    parser.add_argument("--requests", type=int, default=15,
                        help="requests per page, user and size (default 15)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a database that already holds that many cases")
    parser.add_argument("--no-scan", action="store_true", help="do not time the deadline scan")
    parser.add_argument("--scan-only", action="store_true",
                        help="load (or reuse) and time the deadline scan; no server, no requests")
    parser.add_argument("--port", type=int, default=5181, help="first port (one per size)")
    parser.add_argument("--db-prefix", default="ipc_bench")
    parser.add_argument("--data-dir", default="/tmp/ipcenter-web-bench",
                        help="keys, audit head and search index of each size")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    ns = common.sizes(args.cases, parser, "--cases")
    if min(ns) < 10 or args.requests < 1:
        parser.error("at least 10 cases and 1 request")
    if importlib.util.find_spec("gunicorn") is None:
        parser.error("gunicorn is not installed: pip install -e '.[serve]'")

    print(f"loadavg before: {loadavg()}", flush=True)
    began = time.perf_counter()
    sizes = [prepare(n, args) for n in ns]
    scan_lines = [] if args.no_scan else time_scan(sizes[-1])
    for line in scan_lines:
        print(line, flush=True)
    if args.scan_only:
        print(f"loadavg after: {loadavg()}")
        return
    print(f"loadavg before the requests: {loadavg()}", flush=True)
    results = measure(sizes, args)
    print(f"\n{args.requests} requests per page × user × size, interleaved, one client; "
          f"gunicorn -w 2; search q={SEARCH_QUERY}")
    report(results, sizes)
    for line in scan_lines:
        print(line)
    print(f"loadavg after: {loadavg()}")
    print(f"total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
