"""Official documents as PDF: Jinja templates under ``templates/pdf/`` rendered by WeasyPrint.

``render_pdf(template, data)`` renders ``templates/pdf/<template>.html`` with the application's
Jinja environment (plus the filters of ``filters``) and WeasyPrint, laid out after GB/T
9704-2012 (A4; margins 37/35/28/26 mm; title 22 pt, body 16 pt serif CJK; the 文号 line; page
numbers).

Safety: templates get plain data only (``check_plain`` refuses anything else, ORM objects
included), and WeasyPrint fetches through ``SafeFetcher``, which serves files inside
``templates/pdf/`` and refuses everything else (``http:``, ``https:``, ``file:`` elsewhere,
``data:``, ``ftp:`` …). A refused fetch makes ``render_pdf`` raise ``UnsafeResource``: an
official document never silently misses a part, and never carries what was outside the app.

Fonts (the GB/T 9704 faces have no free equivalents; Noto CJK SC stands in): the body (仿宋)
is Noto Serif CJK SC from the system (Debian ``fonts-noto-cjk``, found through fontconfig); the
title (小标宋) and the first-level headings (黑体) use ``templates/pdf/fonts/``, small subsets of
Noto Serif CJK SC Bold and Noto Sans CJK SC holding only the fixed titles and headings
(``build_display_fonts``), served through the fetcher. WeasyPrint embeds the subset of each
font a document uses; keeping the display faces small keeps a 3-page decision near 200 KB
instead of ~380 KB. (The system's ``.ttc`` collections are not loaded through ``@font-face``:
WeasyPrint would re-read the 26 MB file, and a collection's first face is the Japanese one.)

Every template gets ``office``, ``number`` (the 文号, or ``None``), ``title``, ``issued_on`` (the
成文日期), ``verify_code`` (12 characters, chosen by ``ipcenter.core.documents``, printed in the
footer) and ``site_url`` (without a trailing slash, for ``<site>/verify/<code>``); the rest of
each document's data, its title and a complete sample are the issuing domain's: the catalogue
in ``ipcenter.cases.pdf_catalogue`` (patent disputes in ``cases.patent.documents``,
trademark enforcement in ``cases.trademark.documents``).

The package: ``engine`` (plain-data check, Jinja, WeasyPrint, the start-up check), ``fetcher``
(``SafeFetcher``), ``filters`` (``FILTERS``), ``fonts`` (the display fonts).
"""

from __future__ import annotations

from ipcenter.core.pdf.engine import (
    OPTIONAL,
    PARTY_FIELDS,
    PdfError,
    UnsafeResource,
    check_environment,
    check_plain,
    html_to_pdf,
    render_html,
    render_pdf,
    warm_up,
)
from ipcenter.core.pdf.fetcher import PDF_DIR, FetchRefused, SafeFetcher
from ipcenter.core.pdf.filters import (
    FILTERS,
    clause,
    code_groups,
    names,
    paragraphs,
    patent_kind,
    rmb_upper,
    yuan,
    zh_date,
    zh_datetime,
    zh_number,
)
from ipcenter.core.pdf.fonts import (
    DISPLAY_FONTS,
    FONT_DIR,
    OFFICE_NAMES,
    SYSTEM_FONT_DIR,
    build_display_fonts,
    display_text,
)

__all__ = ["DISPLAY_FONTS", "FILTERS", "FONT_DIR", "OFFICE_NAMES", "OPTIONAL", "PARTY_FIELDS",
           "PDF_DIR", "SYSTEM_FONT_DIR", "FetchRefused", "PdfError", "SafeFetcher",
           "UnsafeResource", "build_display_fonts", "check_environment", "check_plain",
           "clause", "code_groups", "display_text", "html_to_pdf", "names", "paragraphs",
           "patent_kind", "render_html", "render_pdf", "rmb_upper", "warm_up", "yuan",
           "zh_date", "zh_datetime", "zh_number"]
