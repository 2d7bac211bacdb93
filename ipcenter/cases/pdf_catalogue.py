"""The official documents the cases issue: the title and a complete sample of each template,
every kind's (its ``KindSpec.documents``: ``patent.documents``, ``trademark.documents``)
together.

The rendering engine is ``ipcenter.core.pdf``; the data of a real case is built by
``ipcenter.cases.documents``. The display fonts hold the titles listed here: after changing
one, run ``python -m ipcenter.cases.pdf_catalogue build-fonts`` (the test suite says when).
"""

from __future__ import annotations

from ipcenter.cases.kinds import KINDS

# Which kind's documents each template is (two kinds never share a template's name).
_OWNER = {template: spec.documents for spec in KINDS.values() if spec.documents
          for template in spec.documents.TITLES}
TEMPLATES = [t for spec in KINDS.values() if spec.documents for t in spec.documents.TEMPLATES]
TITLES = {t: docs.TITLES[t] for t, docs in _OWNER.items()}


def sample_data(template: str) -> dict:
    """A complete example of the data each template takes (tests, benchmark, previews)."""
    return _OWNER[template].sample_data(template)


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
