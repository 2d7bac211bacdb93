"""Text extraction on real files made here: a WeasyPrint ruling, its first page scanned (rendered
with pdftoppm and wrapped back into an image-only PDF), PNG and JPEG images, DOCX written as
WordprocessingML, UTF-8 and GB18030 text; and bad input: encrypted, truncated and fake PDFs,
a zip-bomb DOCX, a 20,000 × 20,000 PNG. OCR runs the real Tesseract."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import time
import zipfile
import zlib

import pypdf
import pytest
from PIL import Image

from ipcenter.cases.pdf_catalogue import sample_data
from ipcenter.core import extract as ex
from ipcenter.core import storage
from ipcenter.core.extract import DOCX, JPEG, PDF, PNG, TEXT, extract
from ipcenter.core.pdf import render_pdf

NUMBER = "中市监知裁字〔2026〕12号"
TITLE = "专利侵权纠纷处理决定书"
REQUESTER = "中山市明辉照明科技有限公司"
RESPONDENT = "中山市古镇星耀灯饰厂"
CJK = re.compile(r"[\u4e00-\u9fff]")

needs_ocr = pytest.mark.skipif(
    not (ex.tesseract_available() and shutil.which("pdftoppm")),
    reason="OCR needs tesseract with the chi_sim and eng models and pdftoppm "
           "(Debian: tesseract-ocr tesseract-ocr-chi-sim poppler-utils)")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def decision(app):
    """The 3-page decision as WeasyPrint renders it, and its data."""
    with app.app_context():
        data = sample_data("decision")
        return render_pdf("decision", data), data


@pytest.fixture(scope="module")
def page_png(decision, tmp_path_factory):
    """The decision's first page as a 300 dpi greyscale PNG (what a scanner gives)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed")
    folder = tmp_path_factory.mktemp("scan")
    (folder / "decision.pdf").write_bytes(decision[0])
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "300", "-gray", "-png",
                    "-singlefile", str(folder / "decision.pdf"), str(folder / "page")],
                   check=True, timeout=60)
    return (folder / "page.png").read_bytes()


@pytest.fixture(scope="module")
def scan_pdf(page_png):
    """An image-only PDF of the first page: no text layer at all."""
    out = io.BytesIO()
    with Image.open(io.BytesIO(page_png)) as image:
        image.save(out, "PDF", resolution=300)
    return out.getvalue()


@pytest.fixture(scope="module")
def header_png(page_png):
    """The top of the first page (office, number, title, the parties): a quicker OCR."""
    with Image.open(io.BytesIO(page_png)) as image:
        top = image.crop((0, 0, image.width, image.height * 45 // 100))
        out = io.BytesIO()
        top.save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


# --- PDF text layer ---------------------------------------------------------------------------

def test_pdf_text_layer_round_trips(decision):
    content, data = decision
    result = extract(content, PDF)
    pages = len(pypdf.PdfReader(io.BytesIO(content)).pages)
    assert pages >= 3
    assert (result.status, result.reason, result.pages, result.ocr_pages) == ("done", "", pages, 0)
    text = result.text
    requester, respondent = data["requesters"][0], data["respondents"][0]
    expected = [NUMBER, TITLE, data["office"], requester["name"], requester["address"],
                requester["uscc"], requester["legal_representative"], respondent["name"],
                respondent["address"], respondent["uscc"], data["case"]["patent_number"],
                "ZL202020123456.7号实用新型专利权", "一种散热型LED吸顶灯",
                "型号为XY-368的吸顶灯（即被诉侵权产品）", "以及其在各电子商务平台上的全部在售链接",
                "依照《中华人民共和国专利法》第十一条第一款、第六十四条第一款、第六十五条的规定",
                "审理组长 梁文涛", "2026年3月5日"]
    assert [phrase for phrase in expected if phrase not in text] == []
    # Whole paragraphs, read with the line breaks that follow punctuation (、，：) left out:
    # those are kept, as a separator that search treats like the punctuation itself.
    paragraphs = [data["findings"][0], data["basis"][0], data["requester_statement"][0],
                  data["respondent_statement"][0], data["stop_order"]["scope"]]
    flat = re.sub(r"(?<=[、，：；])\n", "", text)
    assert [phrase for phrase in paragraphs if phrase not in flat] == []
    # Nothing lost, nothing added: the same characters as the text layer, in the same order.
    layer = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert _flat(text) == _flat(layer)
    assert "\ufffd" not in text


def test_pdf_words_broken_across_lines_are_joined(decision):
    content, _ = decision
    layer = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]
    # Every line break between two Chinese characters in the text layer: the three characters
    # on each side read as one phrase in the extracted text.
    straddling = []
    for page in layer:
        for match in re.finditer(r"(?<=[\u4e00-\u9fff])\n(?=[\u4e00-\u9fff])", page):
            before = page[:match.start()].rsplit("\n", 1)[-1][-3:]
            after = page[match.end():].split("\n", 1)[0][:3]
            straddling.append(before + after)
    assert len(straddling) >= 20
    text = extract(content, PDF).text
    missing = [phrase for phrase in straddling if phrase not in text]
    assert missing == []
    for phrase in ("广东省中山市古镇镇东兴中路12号", "依法组成合议组进行了审理",
                   "中山市古镇星耀灯饰厂侵犯实用新型专利权纠纷一案", "立即停止制造、销售、许诺销售行为"):
        assert phrase in text
        assert phrase not in "".join(layer)  # it did straddle a line in the PDF


def test_pdf_from_a_path_and_page_limit(decision, tmp_path):
    content, _ = decision
    path = tmp_path / "decision.pdf"
    path.write_bytes(content)
    assert extract(path, PDF) == extract(content, PDF)
    first = extract(content, PDF, max_pages=1)
    assert (first.status, first.reason, first.pages) == (
        "done", "page limit", len(pypdf.PdfReader(io.BytesIO(content)).pages))
    assert REQUESTER in first.text and "四、救济途径" not in first.text


def test_pdf_with_only_an_owner_password_is_read(decision):
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(decision[0]))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    result = extract(out.getvalue(), PDF)
    assert result.status == "done" and NUMBER in result.text


# --- PDF failures ---------------------------------------------------------------------------

@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_encrypted_pdf_fails_encrypted(decision, algorithm):
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(decision[0]))
    writer.encrypt(user_password="secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    assert extract(out.getvalue(), PDF) == ex.Extraction("failed", "", "encrypted")


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.98])
def test_truncated_pdf_fails_corrupt(decision, cut):
    content = decision[0]
    assert extract(content[:int(len(content) * cut)], PDF) == ex.Extraction(
        "failed", "", "corrupt")


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\nnot a pdf at all\n%%EOF\n",
                                     b"%PDF-1.4\n" + bytes(range(256)) * 64])
def test_fake_pdf_fails_corrupt(content):
    result = extract(content, PDF)
    assert (result.status, result.reason, result.text) == ("failed", "corrupt", "")


# --- OCR ------------------------------------------------------------------------------------

@needs_ocr
@pytest.mark.slow
def test_scanned_page_is_ocrd(scan_pdf):
    assert pypdf.PdfReader(io.BytesIO(scan_pdf)).pages[0].extract_text().strip() == ""
    result = extract(scan_pdf, PDF)
    assert (result.status, result.reason, result.pages, result.ocr_pages) == ("ocr", "", 1, 1)
    assert TITLE in result.text
    assert REQUESTER in result.text
    assert "中山市" in result.text and "中 山" not in result.text


@needs_ocr
@pytest.mark.slow
def test_scans_without_ocr_or_time_are_reported(decision, scan_pdf):
    assert extract(scan_pdf, PDF, ocr=False) == ex.Extraction(
        "failed", "", "ocr unavailable", 1, 0)
    started = time.monotonic()
    assert extract(scan_pdf, PDF, ocr_timeout=0) == ex.Extraction(
        "failed", "", "ocr time limit", 1, 0)
    assert time.monotonic() - started < 5
    # A budget that runs out while a program runs: it is stopped (pdftoppm and Tesseract on
    # this page take about 3 s).
    started = time.monotonic()
    assert extract(scan_pdf, PDF, ocr_timeout=1).reason == "ocr time limit"
    assert time.monotonic() - started < 3
    # A text PDF with one scanned page: the text layer is kept, the scan is named.
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(decision[0]))
    writer.append(io.BytesIO(scan_pdf))
    out = io.BytesIO()
    writer.write(out)
    mixed = extract(out.getvalue(), PDF, ocr=False)
    assert (mixed.status, mixed.reason, mixed.pages, mixed.ocr_pages) == (
        "done", "ocr unavailable", len(pypdf.PdfReader(io.BytesIO(decision[0])).pages) + 1, 0)
    assert NUMBER in mixed.text


@needs_ocr
@pytest.mark.slow
def test_png_and_jpeg_are_ocrd(header_png):
    result = extract(header_png, PNG)
    assert (result.status, result.pages, result.ocr_pages) == ("ocr", 1, 1)
    assert TITLE in result.text and REQUESTER in result.text
    with Image.open(io.BytesIO(header_png)) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=90)
    jpeg = extract(out.getvalue(), JPEG)
    assert jpeg.status == "ocr" and TITLE in jpeg.text


def test_image_without_ocr_fails():
    out = io.BytesIO()
    Image.new("L", (10, 10), 255).save(out, "PNG")
    assert extract(out.getvalue(), PNG, ocr=False) == ex.Extraction(
        "failed", "", "ocr unavailable")


def _png_of_size(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of the given size, all white, made without the pixels in memory."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


@needs_ocr
@pytest.mark.parametrize("max_pixels", [ex.MAX_PIXELS, 10**12])
def test_huge_image_is_refused_from_its_header(max_pixels):
    """20,000 × 20,000 pixels (400 M; 50 MB even at 1 bit): refused before decoding, by our
    limit or, when that is raised, by Pillow's decompression-bomb check."""
    png = _png_of_size(20_000, 20_000)
    assert len(png) < 200_000
    started = time.monotonic()
    result = extract(png, PNG, max_pixels=max_pixels)
    assert result == ex.Extraction("failed", "", "too large")
    assert time.monotonic() - started < 2


@needs_ocr
def test_truncated_image_fails_corrupt(header_png):
    assert extract(header_png[: len(header_png) // 2], PNG).reason == "corrupt"
    assert extract(b"\xff\xd8\xff\xe0 not a jpeg", JPEG).reason == "corrupt"


# --- DOCX -----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')


def _docx(body: str, *, prolog: str = "") -> bytes:
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
                f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def _p(*runs: str) -> str:
    return "<w:p><w:pPr/>" + "".join(f"<w:r><w:t>{run}</w:t></w:r>" for run in runs) + "</w:p>"


def test_docx_paragraphs_and_tables(tmp_path):
    table = ("<w:tbl><w:tblPr/>"
             f"<w:tr><w:tc>{_p('当事人')}</w:tc><w:tc>{_p(RESPONDENT)}</w:tc></w:tr>"
             f"<w:tr><w:tc>{_p('专利号')}</w:tc><w:tc>{_p('ZL', '202020123456.7')}</w:tc></w:tr>"
             "</w:tbl>")
    body = (_p("请求人：", REQUESTER, "。") + table
            + '<w:p><w:r><w:t xml:space="preserve">散热</w:t><w:br/><w:t>鳍片</w:t>'
              "<w:tab/><w:t>第1页</w:t></w:r></w:p>"
            + "<w:p><w:r><w:delText>删除的文字</w:delText></w:r></w:p>")
    content = _docx(body)
    (tmp_path / "upload").write_bytes(content)
    assert storage.sniff(content[:8192], tmp_path / "upload") == DOCX
    result = extract(content, DOCX)
    assert (result.status, result.reason) == ("done", "")
    assert result.text.split("\n\n") == [
        f"请求人：{REQUESTER}。", f"当事人\t{RESPONDENT}", "专利号\tZL202020123456.7",
        "散热鳍片\t第1页"]


def test_docx_with_a_dtd_or_broken_xml_fails():
    bomb = ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>')
    assert extract(_docx(_p("&b;"), prolog=bomb), DOCX).reason == "corrupt"
    broken = _docx(_p("正文")).replace(b"PK\x01\x02", b"XX\x01\x02")
    assert extract(broken, DOCX).reason == "corrupt"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    assert extract(out.getvalue(), DOCX).reason == "corrupt"


@pytest.fixture(scope="module")
def zip_bomb():
    """A DOCX whose document.xml inflates to 200 MB of zeros (about 200 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(200):
                member.write(block)
    return out.getvalue()


def test_zip_bomb_docx_is_refused_without_inflating(zip_bomb):
    assert len(zip_bomb) < 1024 * 1024
    started = time.monotonic()
    assert extract(zip_bomb, DOCX) == ex.Extraction("failed", "", "too large")
    assert time.monotonic() - started < 0.5


def test_zip_bomb_docx_that_lies_about_its_size_is_bounded(zip_bomb):
    """The directory claims 1,000 bytes; reading stops there (and the CRC fails)."""
    lying = bytearray(zip_bomb)
    name = b"word/document.xml"
    central = lying.index(b"PK\x01\x02")
    while True:  # the central directory entry of document.xml
        name_length = struct.unpack_from("<H", lying, central + 28)[0]
        if lying[central + 46: central + 46 + name_length] == name:
            break
        central = lying.index(b"PK\x01\x02", central + 4)
    extra_length = struct.unpack_from("<H", lying, central + 30)[0]
    extra = central + 46 + name_length
    # The zip64 extra field holds the real sizes; make it claim 1,000 bytes inflated.
    position = extra
    while position < extra + extra_length:
        tag, size = struct.unpack_from("<HH", lying, position)
        if tag == 1:
            struct.pack_into("<Q", lying, position + 4, 1000)
            break
        position += 4 + size
    else:
        struct.pack_into("<I", lying, central + 24, 1000)
    started = time.monotonic()
    result = extract(bytes(lying), DOCX)
    assert result.status == "failed" and result.reason in ("corrupt", "too large")
    assert time.monotonic() - started < 0.5


# --- plain text -----------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_text_in_utf8_or_gb18030(encoding):
    source = f"案号：{NUMBER}。\r\n被请求人：中山市古镇星耀\r\n灯饰厂\r\n\r\nZL202020123456.7 𠀀"
    result = extract(source.encode(encoding), TEXT)
    assert (result.status, result.reason) == ("done", "")
    # Lines cut inside a word are joined; other breaks and paragraphs stay.
    assert result.text == f"案号：{NUMBER}。\n被请求人：{RESPONDENT}\n\nZL202020123456.7 𠀀"


def test_text_in_an_unknown_encoding_fails():
    assert extract(b"\x80\xff\xfe", TEXT) == ex.Extraction("failed", "", "unknown encoding")


# --- the rest -------------------------------------------------------------------------------

def test_unknown_type_is_unsupported():
    assert extract(b"GIF89a", "image/gif") == ex.Extraction("failed", "", "unsupported")


def test_text_is_cut_at_max_chars():
    result = extract(("中" * 100).encode(), TEXT, max_chars=10)
    assert (result.text, result.reason) == ("中" * 10, "text limit")


def test_only_programming_errors_raise(tmp_path):
    with pytest.raises(TypeError):
        extract("a path as str", TEXT)
    with pytest.raises(FileNotFoundError):
        extract(tmp_path / "lost", PDF)


def test_docx_from_a_path(tmp_path):
    path = tmp_path / "upload"
    path.write_bytes(_docx(_p("请求人：", REQUESTER)))
    assert extract(path, DOCX) == ex.Extraction("done", f"请求人：{REQUESTER}")


def test_content_types_are_the_stores():
    assert (PDF, JPEG, PNG, DOCX, TEXT) == (storage.PDF, storage.JPEG, storage.PNG,
                                           storage.DOCX, storage.TEXT)
    assert all(isinstance(reason, str) and reason for reason in ex.REASONS)


def test_tesseract_available_names_the_models():
    has_models = shutil.which("tesseract") is not None and {"chi_sim", "eng"} <= set(
        subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                       check=False).stdout.split())
    assert ex.tesseract_available() is has_models
