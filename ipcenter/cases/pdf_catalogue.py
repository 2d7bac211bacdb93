"""The official documents the cases issue: the title and a complete sample of each template,
patent disputes (``patent.documents``) and trademark enforcement (``trademark.documents``)
together.

The rendering engine is ``ipcenter.core.pdf``; the data of a real case is built by
``ipcenter.cases.documents``. The display fonts hold the titles listed here: after changing
one, run ``python -m ipcenter.cases.pdf_catalogue build-fonts`` (the test suite says when).
"""

from __future__ import annotations

from ipcenter.cases.patent import documents as pdf_patent
from ipcenter.cases.trademark import documents as pdf_trademark

TEMPLATES = pdf_patent.TEMPLATES                  # patent disputes
TRADEMARK_TEMPLATES = pdf_trademark.TEMPLATES     # trademark enforcement
TITLES = {**pdf_patent.TITLES, **pdf_trademark.TITLES}


def sample_data(template: str) -> dict:
    """A complete example of the data each template takes (tests, benchmark, previews)."""
    if template in pdf_trademark.TITLES:
        return pdf_trademark.sample_data(template)
    return pdf_patent.sample_data(template)


def display_text() -> dict[str, str]:
    """What each display font must hold for these documents (``core.pdf.display_text``)."""
    from ipcenter.core import pdf

    return pdf.display_text(TITLES.values())


if __name__ == "__main__":  # python -m ipcenter.cases.pdf_catalogue build-fonts
    import sys

    from ipcenter.core import pdf

    if sys.argv[1:] == ["build-fonts"]:
        pdf.build_display_fonts(TITLES.values())
        for name in pdf.DISPLAY_FONTS:
            print(pdf.FONT_DIR / name, (pdf.FONT_DIR / name).stat().st_size, "bytes")
    else:
        sys.exit("usage: python -m ipcenter.cases.pdf_catalogue build-fonts")
