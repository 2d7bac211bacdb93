"""Kinds by data: shared code and templates never compare a kind to pick what to do.

What differs between kinds of matter comes from the kind's ``KindSpec`` (its page partial,
facts, actions, index fields, document data); the files that belong to one kind may speak of
their own kinds (of measures, of documents) freely.
"""

from __future__ import annotations

import re
from pathlib import Path

from ipcenter.cases.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]
# ``kind ==``, ``kind !=``, ``x.kind in …`` and ``x.kind not in …``, in Python and in Jinja.
BRANCH = re.compile(r"kind\s*[!=]=|\.kind\s+(?:not\s+)?in\b")

# Files and folders that belong to one kind (they may speak of their own kinds of measure, of
# document, of decision): each kind's package.
ONE_KIND_FOLDERS = (
    "ipcenter/cases/patent/", "ipcenter/cases/trademark/",
    "templates/cases/patent/", "templates/cases/trademark/",
)


def _shared_files():
    for path in sorted([*(ROOT / "ipcenter").rglob("*.py"), *(ROOT / "templates").rglob("*.html")]):
        name = path.relative_to(ROOT).as_posix()
        if not name.startswith(ONE_KIND_FOLDERS):
            yield name, path


def _branches() -> dict[str, list[str]]:
    found = {}
    for name, path in _shared_files():
        hits = [f"{name}:{n}: {line.strip()}"
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if BRANCH.search(line)]
        if hits:
            found[name] = hits
    return found


def test_shared_code_and_templates_compare_no_kind():
    found = [hit for hits in _branches().values() for hit in hits]
    assert not found, "put what differs in the kind's KindSpec:\n" + "\n".join(found)


def test_the_scan_covers_the_shared_machinery_and_pages():
    scanned = {name for name, _ in _shared_files()}
    for name in ("ipcenter/matters/services.py", "ipcenter/matters/clocks.py",
                 "ipcenter/cases/policy.py", "ipcenter/cases/presenters.py",
                 "ipcenter/auth/policy.py", "ipcenter/core/pdf/engine.py",
                 "ipcenter/ip/register.py", "ipcenter/ip/classes.py",
                 "templates/cases/detail.html", "templates/pdf/_layout.html"):
        assert name in scanned, name
    for folder in ("ipcenter/matters/", "ipcenter/search/", "ipcenter/core/", "ipcenter/ip/",
                   "templates/pdf/"):
        assert any(name.startswith(folder) for name in scanned), folder


def test_no_two_kinds_share_a_state_name():
    # The policy filters a kind's intake queue by state alone: a state names one kind.
    seen = {}
    for kind, spec in KINDS.items():
        for state in spec.flow.states:
            assert str(state) not in seen, f"{state} is a state of {seen[str(state)]} and {kind}"
            seen[str(state)] = kind


def test_the_pattern_sees_branches_in_python_and_jinja():
    for line in ('if case.kind == "patent":', "{% if case.kind != 'trademark' %}",
                 "if doc.kind in OFFICIAL:", "x if c.kind not in y else z"):
        assert BRANCH.search(line), line
    for line in ("spec = KINDS[case.kind]", "kind: str", "query.filter_by(kind=kind)"):
        assert not BRANCH.search(line), line


def test_every_kind_names_its_page_partial_and_index_fields(app):
    for kind, spec in KINDS.items():
        assert (ROOT / "templates" / spec.page_partial).is_file(), kind
        assert spec.page_partial.startswith(f"cases/{kind}/"), kind
        assert spec.offer_facts is not None and spec.ruling is not None, kind
        assert spec.label, kind
