"""Rendering a 3-page 专利侵权纠纷处理决定书: median time in a warm process and in cold ones, the
PDF's size and page count, and the fonts embedded.

    .venv/bin/python benchmarks/pdf_bench.py [--warm 10] [--cold 5]

Warm: one process, one render to warm up, then ``--warm`` renders. Cold: ``--cold`` fresh
Python processes, each timing import + app + first render (what a Celery worker's first
rendering task, or a ``flask`` command, pays).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import common  # after the path
from benchmarks.common import loadavg

COLD = r"""
import json, sys, time
t0 = time.perf_counter()
from ipcenter import create_app
from ipcenter.cases import pdf_catalogue as catalogue
from ipcenter.core import pdf
app = create_app({"SECRET_KEY": "bench", "IPCENTER_DATA_DIR": sys.argv[1],
                  "SQLALCHEMY_DATABASE_URI": "sqlite://"})
with app.app_context():
    t1 = time.perf_counter()
    content = pdf.render_pdf("decision", catalogue.sample_data("decision"))
t2 = time.perf_counter()
print(json.dumps({"total": t2 - t0, "render": t2 - t1, "size": len(content)}))
"""


def _app(data_dir: str):
    return common.make_app("sqlite://", data_dir)


def warm(runs: int, data_dir: str) -> tuple[list[float], bytes]:
    from ipcenter.cases import pdf_catalogue as catalogue
    from ipcenter.core import pdf

    app = _app(data_dir)
    with app.app_context():
        data = catalogue.sample_data("decision")
        content = pdf.render_pdf("decision", data)  # warm-up: fonts, templates, imports
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            content = pdf.render_pdf("decision", data)
            times.append(time.perf_counter() - start)
    return times, content


def cold(runs: int, data_dir: str) -> list[dict]:
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD, data_dir], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def describe(content: bytes) -> dict:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    box = reader.pages[0].mediabox
    return {"pages": len(reader.pages), "size_kb": len(content) / 1024,
            "page_pt": (round(float(box.width), 1), round(float(box.height), 1)),
            "fonts": sorted(fonts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", type=int, default=10)
    parser.add_argument("--cold", type=int, default=5)
    args = parser.parse_args()
    print(f"loadavg before: {loadavg()}")
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as data_dir:
        times, content = warm(args.warm, data_dir)
        colds = cold(args.cold, data_dir) if args.cold else []
    info = describe(content)
    print(f"处理决定书 (decision): {info['pages']} pages, {info['size_kb']:.0f} KB, "
          f"page {info['page_pt'][0]}×{info['page_pt'][1]} pt")
    print(f"  fonts embedded: {', '.join(info['fonts'])}")
    print(f"  warm: median {statistics.median(times):.3f} s over {len(times)} renders "
          f"(min {min(times):.3f}, max {max(times):.3f})")
    if colds:
        total = statistics.median(r["total"] for r in colds)
        render = statistics.median(r["render"] for r in colds)
        print(f"  cold: median {total:.3f} s over {len(colds)} fresh processes "
              f"(import + app + first render; the first render alone {render:.3f} s)")
    print(f"loadavg after: {loadavg()}")


if __name__ == "__main__":
    main()
