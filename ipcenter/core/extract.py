"""Text extraction from stored files, for search: PDF, DOCX, plain text and images.

``extract(data, content_type)`` returns an ``Extraction``; it needs neither Flask nor the
database, so the extraction task calls it with the stored file's path and type.

- PDF: the text layer of each page with pypdf (measured against pdfminer.six on a 3-page
  WeasyPrint ruling, ``benchmarks/extract_bench.py``: pypdf found all 21 known strings and
  took 24 ms; pdfminer.six 36 ms, a space inside 中山市, the signature block reordered and a
  blank line after every line). A page with (almost) no text that draws an image is a scan: it is rendered with
  ``pdftoppm`` and read by Tesseract (``chi_sim+eng``). A PDF that opens only with a password
  fails ``encrypted``; one with only an owner password (print/copy restrictions) is read.
- DOCX: ``word/document.xml`` parsed as a stream (stdlib), paragraphs and table rows (cells
  separated by tabs); nothing is inflated past ``MAX_DOCX_XML`` bytes or a suspicious ratio.
- Plain text: UTF-8 (with or without BOM), else GB18030.
- JPEG, PNG: OCR, after checking the pixel count from the header (Pillow's decompression
  bomb check and our own ``max_pixels``) and bounding the side given to Tesseract.

The text is joined across line breaks inside words (``ipcenter.core.text.join_lines``:
PDF text and OCR break lines inside words, and a phrase or bigram that straddles a line is
otherwise lost); paragraphs stay apart (a blank line), pages are separated by a form feed.

Bad input never raises: the result is ``status="failed"`` with a ``reason`` from ``REASONS``
(English; the caller translates). A partial result (pages past ``max_pages``, OCR stopped by
the time budget, OCR not available for some pages) keeps its status and names what was left
out in ``reason``. External programs run with timeouts; the OCR of one document shares one
budget of ``ocr_timeout`` seconds.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import warnings
import zipfile
import zlib
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

from ipcenter.core.text import CJK_CHARS, join_lines

log = logging.getLogger(__name__)

# The content types ``ipcenter.core.storage`` sniffs (the same strings; imported from there
# would pull in Flask and the database).
PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"

DONE, OCR, FAILED = "done", "ocr", "failed"

# Reasons (``Extraction.reason``). Failures:
ENCRYPTED = "encrypted"            # the PDF (or the DOCX's zip entry) needs a password
CORRUPT = "corrupt"                # the file cannot be parsed as its type
TOO_LARGE = "too large"            # past a size, ratio or pixel limit
UNSUPPORTED = "unsupported"        # a content type this module does not read
ENCODING = "unknown encoding"      # plain text neither UTF-8 nor GB18030
OCR_UNAVAILABLE = "ocr unavailable"  # a scan, and OCR is off or Tesseract/chi_sim is missing
OCR_FAILED = "ocr failed"          # Tesseract or pdftoppm exited with an error
OCR_TIME_LIMIT = "ocr time limit"  # the OCR budget ran out before any text was read
# ... and notes on a partial result (status done/ocr): OCR_UNAVAILABLE, OCR_TIME_LIMIT,
PAGE_LIMIT = "page limit"          # pages past max_pages were not read
TEXT_LIMIT = "text limit"          # the text was cut at max_chars
REASONS = (ENCRYPTED, CORRUPT, TOO_LARGE, UNSUPPORTED, ENCODING, OCR_UNAVAILABLE, OCR_FAILED,
           OCR_TIME_LIMIT, PAGE_LIMIT, TEXT_LIMIT)

OCR_LANGS = "chi_sim+eng"
OCR_DPI = 300              # measured: chi_sim misreads 中山 as 中出 at 200 dpi on 16 pt text
MAX_RENDER_SIDE = 6000     # pixels: a huge page is rendered at a lower resolution
MAX_OCR_SIDE = 6000        # pixels: a larger image is scaled down before OCR
MAX_PIXELS = 50_000_000    # an image with more pixels is refused (20,000 × 20,000 = 400 M)
MIN_PAGE_TEXT = 10         # letters/digits: a page with fewer that draws an image is a scan
MAX_DOCX_XML = 64 * 1024 * 1024   # inflated size of word/document.xml
MAX_DOCX_RATIO = 100       # inflated/compressed, checked past DOCX_RATIO_FLOOR bytes
DOCX_RATIO_FLOOR = 4 * 1024 * 1024
MAX_CHARS = 10_000_000
TOOL_TIMEOUT = 60          # seconds, for a tool call outside the OCR budget (--list-langs)

_CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026"
# Tesseract puts spaces between CJK characters it reads as separate words.
_OCR_SPACE = re.compile(f"(?<=[{CJK_CHARS}{_CJK_PUNCT}])[ \\t\\u3000]+"
                        f"(?=[{CJK_CHARS}{_CJK_PUNCT}])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Extraction:
    status: str          # "done" (text layer / docx / text), "ocr" (some page OCR'd), "failed"
    text: str            # CJK-joined text ("" when failed)
    reason: str = ""     # why it failed, or what a partial result left out (REASONS)
    pages: int = 0       # pages in the document (PDF), 1 for an image
    ocr_pages: int = 0   # pages (or images) read by OCR


class _Refused(Exception):
    """A bad file: ``extract`` turns it into a failed ``Extraction``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def extract(data: bytes | Path, content_type: str, *, ocr: bool = True, max_pages: int = 200,
            ocr_timeout: int = 120, max_pixels: int = MAX_PIXELS,
            max_chars: int = MAX_CHARS) -> Extraction:
    """The text of a stored file, by its (sniffed) content type.

    Never raises for a bad file: returns ``status="failed"`` and a reason from ``REASONS``.
    A partial result keeps its status and lists what was left out in ``reason`` (several
    reasons are joined by ", "). Raises ``TypeError`` when ``data`` is neither bytes nor a
    path, and ``OSError`` when the path cannot be read (the store lost it: not the file's
    fault, so not a failed extraction).
    """
    if not isinstance(data, (bytes, bytearray, memoryview, Path)):
        raise TypeError("data must be bytes or a pathlib.Path")
    if isinstance(data, Path):
        with data.open("rb"):
            pass
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    budget = _Budget(ocr_timeout)
    try:
        if content_type == PDF:
            result = _pdf(data, ocr=ocr, max_pages=max_pages, budget=budget)
        elif content_type == DOCX:
            result = _docx(data)
        elif content_type == TEXT:
            result = _text(data)
        elif content_type in (JPEG, PNG):
            result = _image(data, ocr=ocr, budget=budget, max_pixels=max_pixels)
        else:
            raise _Refused(UNSUPPORTED)
    except _Refused as refused:
        return Extraction(FAILED, "", refused.reason)
    return _finish(result, max_chars)


@cache
def tesseract_available() -> bool:
    """Whether the ``tesseract`` program and its ``chi_sim`` and ``eng`` models are installed."""
    if shutil.which("tesseract") is None:
        return False
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True,
                              timeout=TOOL_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    langs = set(done.stdout.decode("utf-8", "replace").split())
    return done.returncode == 0 and set(OCR_LANGS.split("+")) <= langs


def pdftoppm_available() -> bool:
    return shutil.which("pdftoppm") is not None


# --- results ---------------------------------------------------------------------------------

def _finish(result: Extraction, max_chars: int) -> Extraction:
    text = _CONTROL.sub("", result.text.replace("\r\n", "\n").replace("\r", "\n"))
    text = join_lines(text).strip()
    reason = result.reason
    if len(text) > max_chars:
        text = text[:max_chars]
        reason = reason or TEXT_LIMIT
    return Extraction(result.status, text if result.status != FAILED else "", reason,
                      result.pages, result.ocr_pages)


class _Budget:
    """The seconds left for OCR of one document."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + max(seconds, 0)

    def left(self) -> float:
        return self.deadline - time.monotonic()


# --- PDF -------------------------------------------------------------------------------------

def _pdf(data: bytes | Path, *, ocr: bool, max_pages: int, budget: _Budget) -> Extraction:
    from pypdf import PdfReader
    from pypdf.errors import (
        DependencyError,
        FileNotDecryptedError,
        LimitReachedError,
        WrongPasswordError,
    )

    try:
        reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
        # Many published PDFs carry only an owner password (no printing/copying) and open
        # with an empty user password; those are read. Anything else needs a password.
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Refused(ENCRYPTED)
        total = len(reader.pages)
    except _Refused:
        raise
    except (FileNotDecryptedError, WrongPasswordError, DependencyError):
        raise _Refused(ENCRYPTED) from None
    except LimitReachedError:
        raise _Refused(TOO_LARGE) from None
    except Exception as exc:  # noqa: BLE001 - whatever the parser raises on a bad file
        log.info("PDF not readable: %r", exc)
        raise _Refused(CORRUPT) from None
    if total == 0:
        raise _Refused(CORRUPT)

    texts: list[str] = []
    scans: list[int] = []  # indexes of the pages to OCR
    sizes: dict[int, tuple[float, float]] = {}
    errors = 0
    for index in range(min(total, max_pages)):
        try:
            page = reader.pages[index]
            text = page.extract_text() or ""
            if len(_WORD.findall(text)) < MIN_PAGE_TEXT and _draws_image(page):
                scans.append(index)
                box = page.mediabox
                sizes[index] = (float(box.width), float(box.height))
        except Exception as exc:  # noqa: BLE001 - one broken page must not lose the others
            log.info("PDF page %d not readable: %r", index + 1, exc)
            text, errors = "", errors + 1
        texts.append(text.strip("\n"))
    if errors == len(texts):
        raise _Refused(CORRUPT)

    notes: list[str] = [CORRUPT] if errors else []
    ocr_pages = 0
    if scans:
        if not (ocr and tesseract_available() and pdftoppm_available()):
            notes.append(OCR_UNAVAILABLE)
        else:
            with ExitStack() as stack:
                path = data if isinstance(data, Path) else _temp_pdf(stack, data)
                for index in scans:
                    if budget.left() <= 0:
                        notes.append(OCR_TIME_LIMIT)
                        break
                    try:
                        read = _ocr_pdf_page(path, index, sizes[index], budget)
                    except _Refused as refused:
                        notes.append(refused.reason)
                        if refused.reason == OCR_TIME_LIMIT:
                            break
                        continue
                    ocr_pages += 1
                    texts[index] = "\n".join(t for t in (texts[index].strip(), read) if t)
    if total > max_pages:
        notes.append(PAGE_LIMIT)
    text = "\f".join(texts)
    reason = ", ".join(dict.fromkeys(notes))
    if not text.strip() and scans and ocr_pages == 0:
        return Extraction(FAILED, "", notes[0] if notes else OCR_FAILED, total, 0)
    return Extraction(OCR if ocr_pages else DONE, text, reason, total, ocr_pages)


def _draws_image(page) -> bool:
    """Whether the page's resources (or those of its forms, two levels down) hold an image."""
    from pypdf.generic import DictionaryObject

    seen: set[int] = set()

    def walk(resources, depth: int) -> bool:
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return False
        seen.add(id(resources))
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        if not isinstance(xobjects, DictionaryObject):
            return False
        for ref in xobjects.values():
            obj = ref.get_object()
            subtype = obj.get("/Subtype") if isinstance(obj, DictionaryObject) else None
            if subtype == "/Image":
                return True
            if subtype == "/Form" and depth < 2 and walk(obj.get("/Resources"), depth + 1):
                return True
        return False

    return walk(page.get("/Resources"), 0)


def _temp_pdf(stack: ExitStack, data: bytes) -> Path:
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ipcenter-ocr-")))
    path = folder / "in.pdf"
    path.write_bytes(data)
    return path


def _ocr_pdf_page(path: Path, index: int, size: tuple[float, float], budget: _Budget) -> str:
    side = max(size) / 72 if max(size) > 0 else 11.7  # inches; A4 when the box is nonsense
    dpi = max(36, min(OCR_DPI, int(MAX_RENDER_SIDE / side)))
    number = str(index + 1)
    png = _run(["pdftoppm", "-f", number, "-l", number, "-r", str(dpi), "-gray", "-png",
                "-singlefile", str(path)], b"", budget)
    return _tesseract(png, dpi, budget)


# --- OCR -------------------------------------------------------------------------------------

def _run(command: list[str], stdin: bytes, budget: _Budget) -> bytes:
    timeout = budget.left()
    if timeout <= 0:
        raise _Refused(OCR_TIME_LIMIT)
    env = dict(os.environ)
    # One thread per Tesseract: the machine has two cores and a worker runs other tasks;
    # measured, two threads gain under 10% on a page.
    env.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=timeout,
                              env=env, check=False)
    except subprocess.TimeoutExpired:
        raise _Refused(OCR_TIME_LIMIT) from None
    except OSError as exc:
        log.warning("%s could not run: %s", command[0], exc)
        raise _Refused(OCR_UNAVAILABLE) from None
    if done.returncode != 0:
        log.info("%s failed (%d): %s", command[0], done.returncode,
                 done.stderr[-500:].decode("utf-8", "replace"))
        raise _Refused(OCR_FAILED)
    return done.stdout


def _tesseract(png: bytes, dpi: int | None, budget: _Budget) -> str:
    command = ["tesseract", "stdin", "stdout", "-l", OCR_LANGS]
    if dpi:
        command += ["--dpi", str(dpi)]
    text = _run(command, png, budget).decode("utf-8", "replace")
    return _OCR_SPACE.sub("", text.replace("\f", "")).strip()


# --- images ----------------------------------------------------------------------------------

def _image(data: bytes | Path, *, ocr: bool, budget: _Budget, max_pixels: int) -> Extraction:
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not (ocr and tesseract_available()):
        raise _Refused(OCR_UNAVAILABLE)
    source = _Tracking(data if isinstance(data, bytes) else data.read_bytes())
    try:
        with warnings.catch_warnings():
            # The size is checked below against our own limit; Pillow's warning (past 89 M
            # pixels) would be an error under the test suite's filterwarnings.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(source)
        with image:
            width, height = image.size
            if width * height > max_pixels:
                raise _Refused(TOO_LARGE)
            if image.format == "JPEG":
                image.draft("L", (MAX_OCR_SIDE, MAX_OCR_SIDE))  # decode a large JPEG smaller
            dpi = image.info.get("dpi")
            source.exhausted = False
            image.load()
            if source.exhausted:
                raise _Refused(CORRUPT)
            page = ImageOps.exif_transpose(image)
            if page.mode in ("RGBA", "LA", "PA") or "transparency" in page.info:
                background = Image.new("RGBA", page.size, "white")
                page = Image.alpha_composite(background, page.convert("RGBA"))
            page = page.convert("L")
            page.thumbnail((MAX_OCR_SIDE, MAX_OCR_SIDE))
            out = io.BytesIO()
            page.save(out, "PNG")
    except _Refused:
        raise
    except Image.DecompressionBombError:
        raise _Refused(TOO_LARGE) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            zlib.error) as exc:
        log.info("image not readable: %r", exc)
        raise _Refused(CORRUPT) from None
    resolution = None
    if dpi and isinstance(dpi, tuple) and 70 <= round(float(dpi[0])) <= 1200:
        resolution = round(float(dpi[0]))
    text = _tesseract(out.getvalue(), resolution, budget)
    return Extraction(OCR, text, "", 1, 1)


class _Tracking(io.BytesIO):
    """Notes a read past the end. WeasyPrint sets Pillow's global ``LOAD_TRUNCATED_IMAGES``
    when imported, so Pillow would quietly decode half an image; a truncated file is corrupt
    here whatever was imported before."""

    exhausted = False

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        if not data and size != 0:
            self.exhausted = True
        return data


# --- DOCX ------------------------------------------------------------------------------------

_W = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "http://purl.oclc.org/ooxml/wordprocessingml/main"}  # transitional, strict
CHUNK = 64 * 1024


def _docx(data: bytes | Path) -> Extraction:
    try:
        with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as archive:
            try:
                info = archive.getinfo("word/document.xml")
            except KeyError:
                raise _Refused(CORRUPT) from None
            # Decided from the zip directory, before anything is inflated.
            if info.file_size > MAX_DOCX_XML or (
                    info.file_size > DOCX_RATIO_FLOOR
                    and info.file_size > MAX_DOCX_RATIO * max(info.compress_size, 1)):
                raise _Refused(TOO_LARGE)
            if info.flag_bits & 0x1:
                raise _Refused(ENCRYPTED)
            with archive.open(info) as stream:
                blocks = _docx_blocks(stream)
    except _Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, OSError,
            EOFError, NotImplementedError, RuntimeError, ValueError, zlib.error) as exc:
        log.info("DOCX not readable: %r", exc)
        raise _Refused(CORRUPT) from None
    return Extraction(DONE, "\n\n".join(blocks))


def _docx_blocks(stream) -> list[str]:
    """Paragraphs and table rows (cells joined by tabs) of WordprocessingML, streamed."""
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    blocks: list[str] = []
    paragraphs: list[list[str]] = []
    cells: list[list[str]] = []
    rows: list[list[str]] = []
    body = None
    started = False
    head = b""
    inflated = 0
    while chunk := stream.read(CHUNK):
        inflated += len(chunk)
        if inflated > MAX_DOCX_XML:  # the directory's size can lie
            raise _Refused(TOO_LARGE)
        if not started:
            # WordprocessingML never declares a DTD; refusing one rules out entity expansion.
            head += chunk
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _Refused(CORRUPT)
        parser.feed(chunk)
        for event, elem in parser.read_events():
            started = True
            ns, _, tag = elem.tag.rpartition("}")
            if ns[1:] not in _W:
                continue
            if event == "start":
                if tag == "p":
                    paragraphs.append([])
                elif tag == "tr":
                    rows.append([])
                elif tag == "tc":
                    cells.append([])
                elif tag == "body":
                    body = elem
                continue
            target = cells[-1] if cells else blocks
            if tag == "t" and paragraphs:
                paragraphs[-1].append(elem.text or "")
            elif tag == "tab" and paragraphs:
                paragraphs[-1].append("\t")
            elif tag in ("br", "cr") and paragraphs:
                paragraphs[-1].append("\n")
            elif tag == "noBreakHyphen" and paragraphs:
                paragraphs[-1].append("-")
            elif tag == "p" and paragraphs:
                text = "".join(paragraphs.pop())
                if text.strip():
                    target.append(text)
            elif tag == "tc" and cells:
                cell = " ".join(cells.pop())
                if rows:
                    rows[-1].append(cell)
            elif tag == "tr" and rows:
                row = "\t".join(rows.pop())
                if row.strip():
                    (cells[-1] if cells else blocks).append(row)
            if body is not None and tag in ("p", "tbl", "sdt", "sectPr") and not cells \
                    and not paragraphs:
                body.clear()  # a block is done: keep memory flat on a long document
    parser.close()
    for _ in parser.read_events():
        pass
    return blocks


# --- plain text ------------------------------------------------------------------------------

def _text(data: bytes | Path) -> Extraction:
    raw = data if isinstance(data, bytes) else data.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return Extraction(DONE, raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise _Refused(ENCODING)
