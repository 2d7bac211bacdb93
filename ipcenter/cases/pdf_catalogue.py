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


def every_title() -> list[str]:
    """The titles of every domain's documents: these, and those of each registered kind of
    matter with a ``documents`` catalogue (pledge's, say). The domains' kinds are found by the
    ``<domain>.kinds`` convention, without importing another domain by name."""
    from importlib import import_module

    from ipcenter import DOMAINS
    from ipcenter.matters import kinds as matter_kinds
    from ipcenter.matters import serving

    for domain in DOMAINS:
        import_module(f"{domain}.kinds")
    titles = dict(TITLES)
    titles.update(serving.TITLES)  # the 送达回证 every kind of matter issues
    for spec in matter_kinds.registered().values():
        catalogue = getattr(spec, "documents", None)
        titles.update(getattr(catalogue, "TITLES", None) or {})
    return sorted(set(titles.values()))


def display_text() -> dict[str, str]:
    """What each display font must hold for every domain's documents
    (``core.pdf.display_text``)."""
    from ipcenter.core import pdf

    return pdf.display_text(every_title())


if __name__ == "__main__":  # python -m ipcenter.cases.pdf_catalogue build-fonts
    import sys

    from ipcenter.core import pdf

    if sys.argv[1:] == ["build-fonts"]:
        pdf.build_display_fonts(every_title())
        for name in pdf.DISPLAY_FONTS:
            print(pdf.FONT_DIR / name, (pdf.FONT_DIR / name).stat().st_size, "bytes")
    else:
        sys.exit("usage: python -m ipcenter.cases.pdf_catalogue build-fonts")
