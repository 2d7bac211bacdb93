"""Official documents as PDF: Jinja templates under ``templates/pdf/`` rendered by WeasyPrint.

``render_pdf(template, data)`` renders ``templates/pdf/<template>.html`` with the application's
Jinja environment (plus the filters below) and WeasyPrint, laid out after GB/T 9704-2012 (A4;
margins 37/35/28/26 mm; title 22 pt, body 16 pt serif CJK; the 文号 line; page numbers).

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

Data contract — every template gets:

- ``office``: the issuing office, e.g. ``中山市市场监督管理局``
- ``number``: the 文号 (``中市监知裁字〔2026〕12号``) or ``None``
- ``title``: the document's name, e.g. ``专利侵权纠纷处理决定书``
- ``issued_on``: ``date``, the 成文日期
- ``verify_code``: 12 characters (``ipcenter.core.documents`` chooses it), printed in the footer
- ``site_url``: the site's address without a trailing slash, for ``<site>/verify/<code>``
- ``case``: ``{number, title, patent_number, patent_kind (Chinese label: 发明/实用新型/外观设计;
  a trailing 专利 is tolerated),
  patent_title, filed_on (date), accepted_on (date or None)}``
- ``requesters``, ``respondents``: lists of ``{name, address, uscc, legal_representative,
  agent}`` (any but ``name`` may be empty)
- ``panel``: list of ``{name, role}`` (role: 审理组长 / 审理员 …; the one whose role contains
  组长 signs the extension form)
- optional ``addressees``: list of names to head a notice (default: by document, see templates)

and, per template:

- ``acceptance_notice``: nothing more
- ``refusal_notice``: ``reasons`` (list of str)
- ``answer_notice``: ``answer_due_days`` (15)
- ``hearing_notice``: ``hearing_at`` (aware ``datetime``; naive means Beijing time),
  ``hearing_place``
- ``suspension_notice``: ``reason``, ``invalidation_ref`` (the national office's case number of
  the invalidation request, or ``None``)
- ``resumption_notice``: ``reason``; optional ``suspended_on`` (date)
- ``mediation_agreement``: ``terms`` (list of str), ``amount`` (``Decimal`` in 元 or ``None``)
- ``extension_approval``: ``reason``, ``original_due``, ``new_due`` (dates), ``approved_by``;
  optional ``approved_on`` (date, default ``issued_on``)
- ``decision``: ``requester_statement``, ``respondent_statement``, ``findings``, ``basis``
  (str, paragraphs separated by newlines, or lists of str), ``infringement`` (bool),
  ``stop_order`` = ``{acts, object, scope}`` (used when ``infringement``), ``suit_days`` (15)

Trademark enforcement (``TRADEMARK_TEMPLATES``; ``ipcenter.cases.documents.trademark_data``)
gives every template ``office``, ``number``, ``title``, ``issued_on``, ``verify_code`` and
``site_url`` as above, and instead of the patent keys:

- ``case``: ``{number (立案 number, or None before 立案), title, source (complaint / report /
  inspection; anything else, e.g. clue, prints as 其他), filed_on, accepted_on (dates or None),
  facts (str), marks: [{registration_number, nice_class (int), holder, text}], findings (str),
  conduct (Chinese label or ""), turnover, gains (str amounts in 元 like ``"60000.00"``, or
  None), party_kind (organisation / person), statement, review_opinion, decline_reason}``
- ``complainants``, ``parties``: lists of ``{name, address, uscc, legal_representative,
  agent}`` (every key present; the complainants list may be empty)
- ``officers``: list of ``{name, role}`` (role 主办人员 / 协办人员; at least 2 once a case is open)

and, per template (optional keys in brackets; a missing optional key prints nothing or a
default):

- ``case_source`` 案件来源登记表: [``registered_by``]
- ``filing_approval`` 立案审批表: [``approved_by``, ``approved_on``]
- ``decline_approval`` 不予立案审批表: ``reasons`` (list of str); [``approved_by``,
  ``approved_on``]
- ``preservation_notice`` 先行登记保存通知书: ``goods`` (str, one item a line, or list)
- ``penalty_notice`` 行政处罚告知书: ``fine`` (str amount in 元; "0.00" for none),
  ``hearing_right`` (bool); [``findings`` (default ``case.findings``), ``basis`` (str), ``measures``
  (list of Chinese labels; default 责令立即停止侵权行为)]
- ``tm_hearing_notice`` 听证通知书: ``hearing_at`` (datetime), ``hearing_place``; [``presider``,
  ``clerk``]
- ``penalty_decision`` 行政处罚决定书: ``fine``, ``basis`` (``"《法》第N条：text"``, from
  ``ipcenter.cases.penalties``), ``measures`` (list of Chinese labels), ``heavier_basis`` (str,
  empty unless 从重); [``evidence`` (list of str)]
- ``no_penalty_decision`` 不予行政处罚决定书: ``reasons`` (list of str); [``basis`` (default
  行政处罚法第五十七条第一款)]
- ``referral_letter`` 涉嫌犯罪案件移送书: ``offence``, ``thresholds`` (list of str), ``reason``;
  [``addressees`` (default 中山市公安局), ``enclosures`` (default the materials of 国务院令第310号
  Art. 6: 调查终结报告、涉案物品清单、检验鉴定报告)]

``sample_data(template)`` returns a complete example of each.
"""

from __future__ import annotations

import logging
import re
import threading
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from flask import current_app
from jinja2 import StrictUndefined

from ipcenter.core import formatting, money
from ipcenter.core.clock import CHINA

log = logging.getLogger(__name__)

PDF_DIR = Path(__file__).resolve().parent.parent.parent / "templates" / "pdf"

TEMPLATES = ("acceptance_notice", "refusal_notice", "answer_notice", "hearing_notice",
             "suspension_notice", "resumption_notice", "mediation_agreement",
             "extension_approval", "decision")

# What the fetcher may serve from templates/pdf/ (stylesheets and images only).
_ASSET_TYPES = {".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg",
                ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".otf": "font/otf"}


class PdfError(Exception):
    """Rendering failed: a template or WeasyPrint error."""


class UnsafeResource(PdfError):
    """A template referred to something outside the application's own PDF assets."""


# --------------------------------------------------------------------------- fetching


class FetchRefused(ValueError):
    """Raised inside WeasyPrint for a URL the fetcher will not serve."""


class SafeFetcher:
    """WeasyPrint's URL fetcher for official documents: files inside ``root`` only.

    Every URL asked for is recorded in ``fetched`` or ``refused``; nothing is opened over the
    network and no file outside ``root`` is read (symlinks and ``..`` are resolved first).
    WeasyPrint calls it with the URL and reads ``_fail_on_errors``; a refusal raises, which
    WeasyPrint turns into a logged "failed to load" and ``html_to_pdf`` into ``UnsafeResource``.
    """

    _fail_on_errors = False

    def __init__(self, root: Path = PDF_DIR):
        self.root = Path(root).resolve()
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def __call__(self, url: str, *args, **kwargs):
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            log.warning("PDF rendering: refused to fetch %s", url[:200])
            raise FetchRefused(f"refused: {url[:200]}")
        self.fetched.append(url)
        mime = _ASSET_TYPES[path.suffix.lower()]
        try:
            from weasyprint.urls import URLFetcherResponse
        except ImportError:  # WeasyPrint before 68: a fetcher returns a dict
            return {"string": path.read_bytes(), "mime_type": mime,
                    "redirected_url": path.as_uri()}
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                  headers={"Content-Type": mime})

    fetch = __call__

    def _local_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        if path.suffix.lower() not in _ASSET_TYPES:
            return None
        return path


# --------------------------------------------------------------------------- plain data

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


# --------------------------------------------------------------------------- filters

# Dates and amounts are written once, in ``core.formatting`` and ``core.money``.
zh_date = formatting.zh_date
zh_datetime = formatting.zh_datetime
yuan = money.figures  # 50,000.00 (the unit 元 is the template's)
rmb_upper = money.upper


def code_groups(code: str) -> str:
    """ABCD-EFGH-JKLM: the verification code in groups of four, easier to read aloud."""
    code = code or ""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def paragraphs(value) -> list[str]:
    """Text as paragraphs: a list as it is, a string split at its line breaks."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = value
    else:
        items = str(value).splitlines()
    return [item.strip() for item in items if item and item.strip()]


def zh_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十: the numbering of 一、二、 items (1 to 99)."""
    n = int(n)
    if not 0 < n < 100:
        raise ValueError("numbered items run from 1 to 99")
    tens, units = divmod(n, 10)
    digits = "〇一二三四五六七八九"
    return ((digits[tens] if tens > 1 else "") + ("十" if tens else "")
            + (digits[units] if units else ""))


def patent_kind(label) -> str:
    """发明 / 实用新型 / 外观设计: the kind without a trailing 专利 (templates add it)."""
    return str(label or "").strip().removesuffix("专利")


def clause(text) -> str:
    """Text to be set inside a sentence: without the full stop or comma it may end with."""
    return str(text or "").strip().rstrip("。；;，,.、 ")


def names(parties) -> str:
    """The names of the parties, joined by 、."""
    return "、".join(p["name"] for p in parties or [] if p.get("name"))


FILTERS = {"zh_date": zh_date, "zh_datetime": zh_datetime, "yuan": yuan,
           "rmb_upper": rmb_upper, "code_groups": code_groups, "paragraphs": paragraphs,
           "names": names, "zh_number": zh_number, "patent_kind": patent_kind,
           "clause": clause}


# --------------------------------------------------------------------------- rendering

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
            "approved_on": None, "answer_due_days": 15, "suit_days": 15}
PARTY_FIELDS = {"name": "", "address": "", "uscc": "", "legal_representative": "", "agent": ""}


def render_html(template: str, data: dict) -> str:
    """The HTML of ``templates/pdf/<template>.html`` for ``data`` (checked to be plain)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", template or "") \
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
    for family in ("Noto Serif CJK SC", "Noto Sans CJK SC"):
        if shutil.which("fc-match"):
            found = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True,
                                   text=True, check=False).stdout
        else:
            found = family if (SYSTEM_FONT_DIR / "NotoSerifCJK-Regular.ttc").exists() else ""
        if family not in found:
            problems.append(f"font {family!r} not installed (Debian: fonts-noto-cjk): official "
                            "documents would print without Chinese glyphs")
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
            problems.append(f"{FONT_DIR / name} missing: python -m ipcenter.core.pdf build-fonts")
    return problems


# --------------------------------------------------------------------------- display fonts

FONT_DIR = PDF_DIR / "fonts"
SYSTEM_FONT_DIR = Path("/usr/share/fonts/opentype/noto")  # Debian fonts-noto-cjk
# Offices whose names the title font holds; another name still renders (fontconfig falls back
# to the system's Noto Serif CJK SC Bold), the PDF is just larger.
OFFICE_NAMES = ("中山市市场监督管理局", "中山市市场监督管理局（知识产权局）",
                "中国中山（灯饰）知识产权快速维权中心")
# file: (system collection, face family, new family)
DISPLAY_FONTS = {
    "ipc-title.otf": ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "IPC Title Noto Serif SC"),
    "ipc-heading.otf": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC",
                        "IPC Heading Noto Sans SC"),
}
_COMMON = "0123456789〔〕（）、·：—一二三四五六七八九十"


def display_text() -> dict[str, str]:
    """The characters each display font must hold: the titles and the offices' names (title
    font), the first-level headings and the form labels of the templates (heading font)."""
    headings = []
    for path in sorted(PDF_DIR.glob("*.html")):
        source = path.read_text(encoding="utf-8")
        headings += re.findall(r"<h2[^>]*>(.*?)</h2>", source, re.DOTALL)
        headings += re.findall(r"<th[^>]*>(.*?)</th>", source, re.DOTALL)
    strip = re.compile(r"{[{%#].*?[}%#]}|<[^>]+>|\s")
    heading_text = "".join(strip.sub("", h) for h in headings)
    title_text = "".join(TITLES.values()) + "".join(OFFICE_NAMES)
    return {"ipc-title.otf": "".join(sorted(set(title_text + _COMMON))),
            "ipc-heading.otf": "".join(sorted(set(heading_text + _COMMON)))}


def build_display_fonts(source_dir: Path = SYSTEM_FONT_DIR, target_dir: Path = FONT_DIR) -> None:
    """Rebuild ``templates/pdf/fonts/`` from the system's Noto CJK collections.

    Why: WeasyPrint embeds subsets that keep the original glyph ids, so a font used for a few
    characters of a title still costs ~60 KB (the CJK glyph index up to the highest id). These
    small fonts hold only the fixed display text, renumbered, and cost a few KB each. Run
    ``python -m ipcenter.core.pdf build-fonts`` after changing a title or a heading; the test
    suite says when it is needed.
    """
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    wanted = display_text()
    target_dir.mkdir(parents=True, exist_ok=True)
    for filename, (collection, family, new_family) in DISPLAY_FONTS.items():
        path = source_dir / collection
        faces = TTCollection(str(path), lazy=True).fonts
        index = next(i for i, face in enumerate(faces)
                     if face["name"].getDebugName(1).startswith(family))
        font = TTFont(str(path), fontNumber=index, lazy=True)
        options = subset.Options()
        options.desubroutinize = True
        options.notdef_outline = True
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
        options.drop_tables += ["vmtx", "vhea", "VORG"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=wanted[filename])
        subsetter.subset(font)
        style = font["name"].getDebugName(2) or "Regular"
        postscript = new_family.replace(" ", "") + "-" + style
        for record in font["name"].names:
            if record.nameID in (1, 16):
                record.string = new_family
            elif record.nameID == 4:
                record.string = f"{new_family} {style}"
            elif record.nameID in (3, 6):
                record.string = postscript
        font["name"].names = [r for r in font["name"].names if r.nameID not in (17,)]
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        font.save(str(target_dir / filename))


# --------------------------------------------------------------------------- sample data


def sample_data(template: str) -> dict:
    """A complete example of the data each template takes (tests, benchmark, previews)."""
    if template in TRADEMARK_TEMPLATES:
        return _sample_trademark(template)
    base = {
        "office": "中山市市场监督管理局",
        "number": "中市监知裁字〔2026〕12号",
        "title": TITLES[template],
        "issued_on": date(2026, 3, 5),
        "verify_code": "7KQ4M9XWTB3H",
        "site_url": "https://ipcenter.zs.gov.cn",
        "case": {
            "number": "中市监知裁字〔2026〕12号",
            "title": "中山市明辉照明科技有限公司与中山市古镇星耀灯饰厂侵犯实用新型专利权纠纷案",
            "patent_number": "ZL202020123456.7",
            "patent_kind": "实用新型",
            "patent_title": "一种散热型LED吸顶灯",
            "filed_on": date(2026, 1, 8),
            "accepted_on": date(2026, 1, 12),
        },
        "requesters": [{
            "name": "中山市明辉照明科技有限公司",
            "address": "广东省中山市古镇镇东兴中路12号",
            "uscc": "91442000MA4UABCD1X",
            "legal_representative": "陈明辉",
            "agent": "李华，专利代理师",
        }],
        "respondents": [{
            "name": "中山市古镇星耀灯饰厂",
            "address": "广东省中山市古镇镇曹三工业区68号",
            "uscc": "92442000MA5XYZ987P",
            "legal_representative": "黄志强",
            "agent": "",
        }],
        "panel": [{"name": "梁文涛", "role": "审理组长"}, {"name": "何静", "role": "审理员"},
                  {"name": "吴建国", "role": "审理员"}],
    }
    extra = {
        "acceptance_notice": {},
        "refusal_notice": {"reasons": [
            "请求人未能提交涉案专利有效的权属证明，不能证明其为专利权人或者利害关系人；",
            "请求书未写明被请求人的名称、住所等基本信息，被请求人不明确。"]},
        "answer_notice": {"answer_due_days": 15},
        "hearing_notice": {"hearing_at": datetime(2026, 4, 10, 9, 30, tzinfo=CHINA),
                           "hearing_place": "中国中山（灯饰）知识产权快速维权中心第一审理庭"
                                            "（中山市古镇镇中兴大道南1号）"},
        "suspension_notice": {"reason": "被请求人已就涉案专利向国家知识产权局提出无效宣告请求，"
                                        "并已提交国家知识产权局出具的无效宣告请求受理通知书",
                              "invalidation_ref": "4W123456"},
        "resumption_notice": {"reason": "国家知识产权局已就涉案专利的无效宣告请求作出审查决定，"
                                        "维持该专利权有效",
                              "suspended_on": date(2026, 2, 2)},
        "mediation_agreement": {"terms": [
            "上述赔偿款由被请求人于本协议签订之日起10日内一次性支付至请求人指定的账户；",
            ("被请求人确认其制造、销售的型号为XY-368的吸顶灯落入请求人ZL202020123456.7号"
             "实用新型专利权的保护范围，自本协议签订之日起立即停止制造、销售、许诺销售该产品；"),
            "被请求人于2026年3月20日前将全部库存产品及专用模具交由请求人监督销毁；",
            "双方就本案专利侵权纠纷再无其他争议。"],
            "amount": Decimal("50000.00")},
        "extension_approval": {"number": None,
                               "reason": "本案涉及技术特征比对复杂，需委托技术鉴定，"
                                         "在法定期限内难以审结",
                               "original_due": date(2026, 4, 12),
                               "new_due": date(2026, 5, 12),
                               "approved_by": "张振华",
                               "approved_on": date(2026, 4, 3)},
        "decision": _sample_decision(),
    }[template]
    return {**base, **extra}


TITLES = {
    "acceptance_notice": "受理通知书",
    "refusal_notice": "不予受理通知书",
    "answer_notice": "答辩通知书",
    "hearing_notice": "口头审理通知书",
    "suspension_notice": "中止处理通知书",
    "resumption_notice": "恢复处理通知书",
    "mediation_agreement": "调解协议书",
    "extension_approval": "延长审理期限审批表",
    "decision": "专利侵权纠纷处理决定书",
    # Trademark enforcement
    "case_source": "案件来源登记表",
    "filing_approval": "立案审批表",
    "decline_approval": "不予立案审批表",
    "preservation_notice": "先行登记保存通知书",
    "penalty_notice": "行政处罚告知书",
    "tm_hearing_notice": "听证通知书",
    "penalty_decision": "行政处罚决定书",
    "no_penalty_decision": "不予行政处罚决定书",
    "referral_letter": "涉嫌犯罪案件移送书",
    "closing_approval": "结案审批表",
}

TRADEMARK_TEMPLATES = ("case_source", "filing_approval", "decline_approval", "closing_approval",
                       "preservation_notice", "penalty_notice", "tm_hearing_notice",
                       "penalty_decision", "no_penalty_decision", "referral_letter")


def _sample_decision() -> dict:
    return {
        "requester_statement": [
            ("请求人称：被请求人未经许可，制造型号为XY-368的吸顶灯，并在其网店及展销会上销售、"
             "许诺销售，该产品落入涉案专利权利要求1的保护范围，请求责令其立即停止侵权行为。"),
        ],
        "respondent_statement": [
            ("被请求人辩称：被诉侵权产品的散热鳍片为平行排列，未落入涉案专利权的保护范围；"
             "其散热结构属于现有技术。"),
        ],
        "findings": [
            ("经审理查明：涉案专利合法有效。经当庭拆解比对，被诉侵权产品的散热鳍片整体呈放射状分布，"
             "具备权利要求1的全部技术特征。被请求人未提交现有技术的证据。"),
        ],
        "basis": [
            ("本局认为，被请求人未经许可，为生产经营目的制造、销售、许诺销售落入涉案专利权保护范围"
             "的产品，构成侵犯专利权。"),
        ],
        "infringement": True,
        "stop_order": {"acts": "制造、销售、许诺销售",
                       "object": "型号为XY-368的吸顶灯（即被诉侵权产品）",
                       "scope": "被请求人的全部库存产品、专用模具，以及其在各电子商务平台上的"
                                "全部在售链接"},
        "suit_days": 15,
    }


def _sample_trademark(template: str) -> dict:
    """Trademark enforcement documents, shaped like ``cases.documents.trademark_data``."""
    case_number = "中市监商立字〔2026〕8号"
    base = {
        "office": "中山市市场监督管理局",
        "number": case_number,
        "title": TITLES[template],
        "issued_on": date(2026, 3, 5),
        "verify_code": "7KQ4M9XWTB3H",
        "site_url": "https://ipcenter.zs.gov.cn",
        "case": {
            "number": case_number,
            "title": "中山市古镇明耀照明电器厂涉嫌侵犯“华辉”注册商标专用权案",
            "source": "complaint",
            "filed_on": date(2026, 1, 8),
            "accepted_on": date(2026, 1, 15),
            "facts": ("投诉人反映：当事人在古镇灯饰城门店及其网店销售标有“华辉”商标的LED吸顶灯，"
                      "投诉人从未许可当事人使用该商标。"),
            "marks": [{"registration_number": "12345678", "nice_class": 11,
                       "holder": "中山市古镇华辉灯饰有限公司", "text": "华辉"}],
            "findings": ("2026年1月16日，本局执法人员对当事人位于古镇灯饰城的门店进行检查，"
                         "现场查获标有“华辉”商标的LED吸顶灯120盏。经商标注册人鉴别，"
                         "上述商品均非其生产或者授权生产的商品。\n"
                         "当事人自2025年10月起从他人处购进上述商品，以每盏500元的价格对外销售，"
                         "至案发时共销售120盏，未能提供上述商品的合法来源。"),
            "conduct": "销售侵犯注册商标专用权的商品",
            "turnover": "60000.00",
            "gains": "20000.00",
            "party_kind": "organisation",
            "statement": "",
            "review_opinion": "事实清楚，证据确凿，适用法律正确，程序合法。",
            "decline_reason": "",
        },
        "complainants": [{
            "name": "中山市古镇华辉灯饰有限公司",
            "address": "广东省中山市古镇镇华辉路8号",
            "uscc": "91442000MA4UHH8888",
            "legal_representative": "",
            "agent": "",
        }],
        "parties": [{
            "name": "中山市古镇明耀照明电器厂",
            "address": "广东省中山市古镇镇灯饰城A区18号",
            "uscc": "92442000MA5MY12345",
            "legal_representative": "林明耀",
            "agent": "",
        }],
        "officers": [{"name": "梁文涛", "role": "主办人员"}, {"name": "何静", "role": "协办人员"}],
    }
    fine_basis = ("《中华人民共和国商标法》第六十条第二款：违法经营额五万元以上的，"
                  "可以处违法经营额五倍以下的罚款")
    extra = {
        "case_source": {"number": None, "registered_by": "梁文涛",
                        "case": {**base["case"], "number": None, "accepted_on": None,
                                 "findings": "", "turnover": None, "gains": None}},
        "filing_approval": {"approved_by": "张振华"},
        "decline_approval": {
            "number": None,
            "case": {**base["case"], "number": None, "accepted_on": None, "findings": "",
                     "turnover": None, "gains": None,
                     "decline_reason": "投诉人未能提供被投诉商品系侵权商品的初步证据"},
            "reasons": ["投诉人未能提供被投诉商品系侵权商品的初步证据；",
                        "经现场核查，当事人门店未发现标有“华辉”商标的商品。"],
            "approved_by": "张振华"},
        "preservation_notice": {"goods": ["标有“华辉”商标的LED吸顶灯（型号HH-520）120盏",
                                          "标有“华辉”商标的包装盒200个"]},
        "penalty_notice": {"fine": "100000.00", "hearing_right": True,
                           "findings": base["case"]["findings"]},
        "tm_hearing_notice": {"hearing_at": datetime(2026, 4, 10, 9, 30, tzinfo=CHINA),
                              "hearing_place": "中山市市场监督管理局听证室"
                                               "（中山市东区中山四路32号）",
                              "presider": "陈国平", "clerk": "吴敏"},
        "penalty_decision": {
            "number": "中市监商罚字〔2026〕3号", "fine": "100000.00", "basis": fine_basis,
            "measures": ["责令立即停止侵权行为", "没收、销毁侵权商品",
                         "没收、销毁主要用于制造侵权商品、伪造注册商标标识的工具"],
            "heavier_basis": "",
            "evidence": ["现场检查笔录及现场照片", "当事人的询问笔录",
                         "商标注册人出具的鉴别意见", "销售单据及网店交易记录"]},
        "no_penalty_decision": {
            "number": "中市监商罚字〔2026〕4号",
            "case": {**base["case"], "turnover": "1500.00", "gains": "300.00",
                     "findings": ("2026年1月16日，本局执法人员在当事人门店查获标有“华辉”商标的"
                                  "LED吸顶灯3盏。当事人自2026年1月起购进并销售上述商品，"
                                  "违法经营额为人民币1,500.00元。")},
            "reasons": [("当事人系初次违法，涉案商品仅3盏，违法经营额为人民币1,500.00元，"
                         "危害后果轻微，且已在本局责令改正后及时改正。")]},
        "referral_letter": {
            "number": "中市监商移字〔2026〕1号",
            "offence": "销售假冒注册商标的商品罪（《中华人民共和国刑法》第二百一十四条）",
            "thresholds": ["销售金额在五万元以上", "尚未销售，货值金额在十五万元以上（以未遂论处）"],
            "reason": "当事人销售金额达人民币60,000.00元，尚未销售的货值金额达人民币180,000.00元，"
                      "涉嫌构成犯罪，依法应当追究刑事责任"},
        "closing_approval": {
            "decision_kind": "penalty", "decision_number": "中市监商罚字〔2026〕3号",
            "fine": "100000.00", "confiscated_value": "8000.00", "paid_amount": "100000.00",
            "paid_on": date(2026, 4, 20), "note": "", "approved_by": "张振华"},
    }[template]
    return {**base, **extra}


if __name__ == "__main__":  # python -m ipcenter.core.pdf build-fonts
    import sys

    if sys.argv[1:] == ["build-fonts"]:
        build_display_fonts()
        for name in DISPLAY_FONTS:
            print(FONT_DIR / name, (FONT_DIR / name).stat().st_size, "bytes")
    else:
        sys.exit("usage: python -m ipcenter.core.pdf build-fonts")
