"""Rendering official documents: plain data → Jinja (``templates/pdf/``) → WeasyPrint → PDF."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime, time
from decimal import Decimal

from flask import current_app
from jinja2 import StrictUndefined

from ipcenter.core.pdf.fetcher import PDF_DIR, SafeFetcher
from ipcenter.core.pdf.filters import FILTERS
from ipcenter.core.pdf.fonts import DISPLAY_FONTS, FONT_DIR, SYSTEM_FONT_DIR


class PdfError(Exception):
    """Rendering failed: a template or WeasyPrint error."""


class UnsafeResource(PdfError):
    """A template referred to something outside the application's own PDF assets."""


_PLAIN = (str, int, float, bool, Decimal, date, datetime, time, type(None))


def check_plain(value, where: str = "data") -> None:
    """Refuse anything but dicts, lists and scalars: templates never get ORM objects."""
    if isinstance(value, _PLAIN):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: keys must be strings, not {type(key).__name__}")
            check_plain(item, f"{where}.{key}")
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_plain(item, f"{where}[{index}]")
        return
    raise TypeError(f"{where}: {type(value).__name__} is not plain data; "
                    "give templates dicts, lists, strings, numbers and dates")


_lock = threading.Lock()
_font_config = None


def _environment():
    """The application's Jinja environment, overlaid with the PDF filters and its own cache."""
    app = current_app._get_current_object()
    env = app.extensions.get("ipcenter.pdf_env")
    if env is None:
        # Strict: a key missing from the data is an error, never an empty space in an
        # official document (optional keys get their defaults in ``render_html``).
        env = app.jinja_env.overlay(cache_size=100, undefined=StrictUndefined)
        env.filters = {**app.jinja_env.filters, **FILTERS}
        app.extensions["ipcenter.pdf_env"] = env
    return env


# Keys a template may use that the caller need not give.
OPTIONAL = {"addressees": None, "review_body": None, "suspended_on": None, "resumed_on": None,
            "approved_on": None, "draft": False, "members": None, "articles": None}
PARTY_FIELDS = {"name": "", "address": "", "uscc": "", "legal_representative": "", "agent": ""}


def render_html(template: str, data: dict) -> str:
    """The HTML of ``templates/pdf/<template>.html`` for ``data`` (checked to be plain).
    ``template`` is a name, or a domain's folder and a name (``pledge/bank_opinion``)."""
    if not re.fullmatch(r"(?:[a-z][a-z0-9_]*/)?[a-z][a-z0-9_]*", template or "") \
            or not (PDF_DIR / f"{template}.html").is_file():
        raise PdfError(f"no PDF template named {template!r}")
    check_plain(data)
    context = {**OPTIONAL, **data}
    for key in ("requesters", "respondents"):
        context[key] = [{**PARTY_FIELDS, **party} for party in context.get(key) or []]
    context["panel"] = [{"role": "", **member} for member in context.get("panel") or []]
    return _environment().get_template(f"pdf/{template}.html").render(**context)


def html_to_pdf(html: str, *, fetcher: SafeFetcher | None = None) -> bytes:
    """WeasyPrint, with the safe fetcher and ``templates/pdf/`` as the base URL.

    Raises ``UnsafeResource`` when the HTML referred to anything the fetcher refused.
    """
    global _font_config
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = fetcher if fetcher is not None else SafeFetcher()
    # WeasyPrint (Pango, fontconfig) is not documented as thread-safe: one render at a time in
    # a process; the font configuration is built once and reused (it is the costly part).
    with _lock:
        if _font_config is None:
            _font_config = FontConfiguration()
        document = HTML(string=html, base_url=PDF_DIR.as_uri() + "/", url_fetcher=fetcher)
        pdf = document.write_pdf(font_config=_font_config)
    if fetcher.refused:
        raise UnsafeResource("the document refers to resources outside the application: "
                             + ", ".join(url[:100] for url in fetcher.refused))
    return pdf


def render_pdf(template: str, data: dict) -> bytes:
    """Render ``templates/pdf/<template>.html`` with ``data`` into PDF bytes.

    Raises ``TypeError`` when ``data`` holds anything but plain data, ``PdfError`` for an unknown
    template and ``UnsafeResource`` when the document refers to anything outside the app.
    """
    return html_to_pdf(render_html(template, data))


def warm_up() -> None:
    """Pay the first render's one-off costs (WeasyPrint's import and C bindings, fontconfig,
    the CJK fonts) now: e.g. when a Celery worker process starts, not on the first task."""
    html_to_pdf('<html lang="zh-CN"><body style="font-family: \'Noto Serif CJK SC\'">'
                '<p>中山</p></body></html>')


def check_environment() -> list[str]:
    """What would make official documents wrong or slow on this machine, as messages for a
    start-up check (empty when all is well): the CJK fonts, HarfBuzz's subsetter (without it
    WeasyPrint falls back to fontTools: ~11 s per document instead of ~0.1 s), the bundled
    display fonts."""
    import shutil
    import subprocess

    problems = []
    for family, package in (("Noto Serif CJK SC", "fonts-noto-cjk"),
                            ("Noto Sans CJK SC", "fonts-noto-cjk"),
                            ("AR PL UKai CN", "fonts-arphic-ukai")):
        if shutil.which("fc-match"):
            found = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True,
                                   text=True, check=False).stdout
        else:
            found = family if (SYSTEM_FONT_DIR / "NotoSerifCJK-Regular.ttc").exists() else ""
        if family not in found:
            problems.append(f"font {family!r} not installed (Debian: {package}): official "
                            "documents would print without Chinese glyphs"
                            if package == "fonts-noto-cjk" else
                            f"font {family!r} not installed (Debian: {package}): the （一） "
                            "headings would print in the body's serif instead of 楷体")
    try:
        from weasyprint.text import ffi
    except (ImportError, OSError) as exc:
        problems.append(f"WeasyPrint cannot load: {exc}")
    else:
        if getattr(ffi, "harfbuzz_subset", None) is None:
            problems.append("libharfbuzz-subset0 missing: each PDF takes ~10 s to render "
                            "(Debian: apt-get install libharfbuzz-subset0)")
    for name in DISPLAY_FONTS:
        if not (FONT_DIR / name).is_file():
            problems.append(f"{FONT_DIR / name} missing: "
                            "python -m ipcenter.cases.pdf_catalogue build-fonts")
    return problems
