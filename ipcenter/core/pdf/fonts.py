"""The display fonts of official documents: small subsets of Noto CJK SC holding only the fixed
titles and headings (see ``ipcenter.core.pdf``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ipcenter.core.pdf.fetcher import PDF_DIR

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


def display_text(titles: Iterable[str]) -> dict[str, str]:
    """The characters each display font must hold: the documents' ``titles`` (the catalogue of
    the domains that issue them) and the offices' names (title font), the first-level headings
    and the form labels of the templates (heading font)."""
    headings = []
    for path in sorted(PDF_DIR.rglob("*.html")):  # a domain's folder (``pledge/``) too
        source = path.read_text(encoding="utf-8")
        headings += re.findall(r"<h2[^>]*>(.*?)</h2>", source, re.DOTALL)
        headings += re.findall(r"<th[^>]*>(.*?)</th>", source, re.DOTALL)
    strip = re.compile(r"{[{%#].*?[}%#]}|<[^>]+>|\s")
    heading_text = "".join(strip.sub("", h) for h in headings)
    title_text = "".join(titles) + "".join(OFFICE_NAMES)
    return {"ipc-title.otf": "".join(sorted(set(title_text + _COMMON))),
            "ipc-heading.otf": "".join(sorted(set(heading_text + _COMMON)))}


def build_display_fonts(titles: Iterable[str], source_dir: Path = SYSTEM_FONT_DIR,
                        target_dir: Path = FONT_DIR) -> None:
    """Rebuild ``templates/pdf/fonts/`` from the system's Noto CJK collections, for ``titles``.

    Why: WeasyPrint embeds subsets that keep the original glyph ids, so a font used for a few
    characters of a title still costs ~60 KB (the CJK glyph index up to the highest id). These
    small fonts hold only the fixed display text, renumbered, and cost a few KB each. Run
    ``python -m ipcenter.cases.pdf_catalogue build-fonts`` after changing a title or a heading;
    the test suite says when it is needed.
    """
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    wanted = display_text(titles)
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
