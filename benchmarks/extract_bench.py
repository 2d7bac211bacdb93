"""Text extraction: pypdf against pdfminer.six on the 3-page 专利侵权纠纷处理决定书 (WeasyPrint),
then OCR of the same pages rendered to images (what a scan gives).

    .venv/bin/python benchmarks/extract_bench.py [--runs 10] [--ocr-runs 2]

Correctness: the known strings of the ruling (文号, parties, addresses, codes, the patent
number, phrases that straddle a line) found exactly in each library's text after the same line
joining (``ipcenter.search.analysis.join_lines``), the spaces put between two Chinese
characters, and the characters compared in order with the text WeasyPrint laid out. Time: the
median of ``--runs`` extractions of the whole document, in one warm process.

OCR: the pages rendered at 300 dpi (pdftoppm) and wrapped in an image-only PDF, extracted by
``ipcenter.core.extract.extract`` (pdftoppm + Tesseract chi_sim+eng per page), with one and
two OpenMP threads per Tesseract; seconds per page (median), and the known strings found.

pdfminer.six is not a dependency of the application; ``pip install pdfminer.six`` to compare.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")


def render_decision() -> tuple[bytes, dict]:
    from benchmarks import common
    from ipcenter.cases import pdf_catalogue as catalogue
    from ipcenter.core import pdf

    with tempfile.TemporaryDirectory() as data_dir:
        app = common.make_app("sqlite://", data_dir)
        with app.app_context():
            data = catalogue.sample_data("decision")
            return pdf.render_pdf("decision", data), data


def known_strings(data: dict) -> list[str]:
    requester, respondent = data["requesters"][0], data["respondents"][0]
    return [data["number"], data["title"], data["office"], requester["name"],
            requester["address"], requester["uscc"], requester["legal_representative"],
            respondent["name"], respondent["address"], respondent["uscc"],
            data["case"]["patent_number"], "一种散热型LED吸顶灯", "依法组成合议组进行了审理",
            "中山市古镇星耀灯饰厂侵犯实用新型专利权纠纷一案", "型号为XY-368的吸顶灯（即被诉侵权产品）",
            "依照《中华人民共和国专利法》第六十五条的规定", "立即停止制造、销售、许诺销售行为",
            "审理组长 梁文涛", "审理员 何静", "审理员 吴建国", "2026年3月5日"]


def with_pypdf(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\f".join(page.extract_text() for page in reader.pages)


def with_pdfminer(content: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(content))


def median_time(function, argument, runs: int) -> float:
    function(argument)  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def compare(name: str, text: str, strings: list[str], reference: str | None) -> None:
    from ipcenter.core.text import join_lines

    joined = join_lines(text)
    missing = [s for s in strings if s not in joined]
    print(f"  {name} — known strings found exactly: {len(strings) - len(missing)}/{len(strings)}"
          f"; spaces between two Chinese characters: {len(CJK_SPACE.findall(text))}")
    for s in missing:
        print(f"      missing: {s}")
    if reference is not None:
        matcher = difflib.SequenceMatcher(None, flat(reference), flat(text), autojunk=False)
        diffs = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        print(f"      characters in order vs pypdf (whitespace ignored): "
              f"{matcher.ratio():.4f}, {len(diffs)} differing runs")
        for tag, i1, i2, j1, j2 in diffs[:5]:
            print(f"        {tag}: pypdf {flat(reference)[max(i1 - 4, 0):i2 + 4]!r}"
                  f" / here {flat(text)[max(j1 - 4, 0):j2 + 4]!r}")


def scan_of(content: bytes, dpi: int = 300) -> bytes:
    """The pages rendered to greyscale images and wrapped back into an image-only PDF."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(content)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source),
                        str(Path(folder) / "page")], check=True, timeout=120)
        pages = [Image.open(path) for path in sorted(Path(folder).glob("page-*.png"))]
        out = io.BytesIO()
        pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
        for page in pages:
            page.close()
    return out.getvalue()


def bench_ocr(content: bytes, strings: list[str], runs: int) -> None:
    from ipcenter.core.extract import PDF, extract, tesseract_available

    if not tesseract_available():
        print("OCR: tesseract with chi_sim+eng not installed; skipped")
        return
    scan = scan_of(content)
    reference = flat(with_pypdf(content))
    for threads in ("1", "2"):
        os.environ["OMP_THREAD_LIMIT"] = threads
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = extract(scan, PDF, ocr_timeout=600)
            times.append(time.perf_counter() - start)
        per_page = statistics.median(times) / max(result.ocr_pages, 1)
        found = [s for s in strings if s in result.text]
        ratio = difflib.SequenceMatcher(None, reference, flat(result.text), autojunk=False).ratio()
        print(f"  OMP_THREAD_LIMIT={threads}: {result.status}, {result.ocr_pages} pages OCR'd, "
              f"{per_page:.2f} s/page (median of {runs} × {result.pages} pages); "
              f"known strings found: {len(found)}/{len(strings)}; "
              f"characters in order vs the text layer: {ratio:.3f}")
    del os.environ["OMP_THREAD_LIMIT"]
    print(f"    found: {', '.join(found)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--ocr-runs", type=int, default=2)
    args = parser.parse_args()

    from ipcenter.core.extract import PDF, extract

    content, data = render_decision()
    strings = known_strings(data)
    import pypdf

    print(f"Decision: {len(content):,} bytes, 3 pages (WeasyPrint, Noto Serif CJK SC subsets)")
    print("\nText layer, correctness:")
    reference = with_pypdf(content)
    compare(f"pypdf {pypdf.__version__}", reference, strings, None)
    try:
        import pdfminer
        miner = with_pdfminer(content)
    except ImportError:
        pdfminer = miner = None
        print("  pdfminer.six not installed (pip install pdfminer.six): not compared")
    else:
        compare(f"pdfminer {pdfminer.__version__}", miner, strings, reference)
        # pdfminer.six ends each text box with a blank line; read without them, for fairness.
        compare("  same, blank lines removed", re.sub(r"\n\s*\n", "\n", miner), strings, None)

    print(f"\nText layer, time per document (median of {args.runs}):")
    print(f"  pypdf        {median_time(with_pypdf, content, args.runs) * 1000:7.1f} ms")
    if miner is not None:
        print(f"  pdfminer.six {median_time(with_pdfminer, content, args.runs) * 1000:7.1f} ms")
    whole = median_time(lambda c: extract(c, PDF), content, args.runs)
    print(f"  extract()    {whole * 1000:7.1f} ms (pypdf, image check per page, line joining)")

    if args.ocr_runs < 1:
        print("\nOCR: not run (--ocr-runs 0)")
        return
    print("\nOCR (the 3 pages as 300 dpi greyscale scans; pdftoppm + tesseract chi_sim+eng):")
    bench_ocr(content, strings, args.ocr_runs)


if __name__ == "__main__":
    main()
