"""The page of an official document after GB/T 9704-2012, read back from real PDFs: 28
characters to a line of the body (26 after a paragraph's two-character indent), the issuing
office's name and the separator in red, the （一） headings in 楷体 (AR PL UKai CN, which
``make`` installs from Debian), the verification address from the configured site URL."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from ipcenter.cases import pdf_catalogue as catalogue
from ipcenter.core import pdf
from ipcenter.core.pdf import engine

# 130 characters of Chinese only (no half-width digits or Latin letters, which are narrower).
TEXT = ("请求人与被请求人侵犯实用新型专利权纠纷一案本局依法受理后组成合议组进行了审理"
        "被请求人未经许可为生产经营目的制造销售许诺销售被诉侵权产品落入涉案专利权利要求"
        "的保护范围构成侵权应当承担停止侵权的责任本局依照专利法的规定作出如下处理决定"
        "责令被请求人立即停止侵权行为")
PAGE = """{% extends "pdf/_layout.html" %}{% block body %}<p>{{ text }}</p>
<h3>（一）认定的事实</h3>{% endblock %}"""


def _render(app, **data) -> bytes:
    values = {"title": "处理决定书", "office": "中山市市场监督管理局", "number": "",
              "verify_code": "ABCD2345EFGH", "site_url": "https://ip.zs.example.cn",
              "issued_on": None, "text": TEXT, **data}
    with app.app_context():
        html = engine._environment().from_string(PAGE).render(**values)
        return pdf.html_to_pdf(html)


@pytest.fixture(scope="module")
def page(app):
    return _render(app)


def _lines(content: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [re.sub(r"\s", "", line) for p in reader.pages for line in p.extract_text().splitlines()]


def test_twenty_eight_characters_to_a_line(page):
    lines = [line for line in _lines(page) if line and line in TEXT]
    assert "".join(lines) == TEXT            # the whole paragraph, in order
    assert [len(line) for line in lines] == [26, 28, 28, 28, len(TEXT) - 26 - 3 * 28]


def _fill_colours(content: bytes) -> set[tuple[float, ...]]:
    found = set()
    for p in pypdf.PdfReader(io.BytesIO(content)).pages:
        stream = p.get_contents().get_data().decode("latin-1")
        for match in re.finditer(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", stream):
            found.add(tuple(round(float(v), 2) for v in match.groups()))
    return found


def test_the_office_and_the_separator_are_red(page):
    # #e60012: the only colour besides black and the verification line's grey.
    assert (0.9, 0.0, 0.07) in _fill_colours(page)


def test_the_second_level_headings_are_in_kaiti(page):
    from tests.core.test_pdf import _embedded_fonts

    fonts = _embedded_fonts(page)
    assert any("UKai" in name for name in fonts), fonts
    assert "（一）认定的事实" in _lines(page)


def test_the_verification_address_is_the_configured_site(page):
    flat = "".join(_lines(page))
    assert "https://ip.zs.example.cn/verify/ABCD2345EFGH" in flat


def test_a_real_document_keeps_the_measure(app):
    """The patent decision, from its sample data: no line of the body is longer than 28."""
    with app.app_context():
        content = pdf.render_pdf("decision", catalogue.sample_data("decision"))
    cjk = [line for line in _lines(content) if re.fullmatch(r"[\u4e00-\u9fff，。、；：“”（）]+", line)]
    assert cjk and max(len(line) for line in cjk) == 28
