"""Kinds by data: shared code and templates never compare a kind to pick what to do.

What differs between kinds of matter comes from the kind's ``KindSpec`` (its page partial,
facts, actions, index fields, document data); the files that belong to one kind may speak of
their own kinds (of measures, of documents) freely.
"""

from __future__ import annotations

import re
from pathlib import Path

from ipcenter import DOMAINS
from ipcenter.cases.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]
# ``kind ==``, ``kind !=``, ``x.kind in …`` and ``x.kind not in …``, in Python and in Jinja.
BRANCH = re.compile(r"kind\s*[!=]=|\.kind\s+(?:not\s+)?in\b")

# Files and folders that belong to one kind (they may speak of their own kinds of measure, of
# document, of decision): each kind's package and templates.
def _own_folders(kind: str) -> tuple[str, str]:
    return f"ipcenter/cases/{kind}/", f"templates/cases/{kind}/"


# The other domains (pledge …) are packages of their own kinds: their rules may speak of
# kinds of right or of loan; the shared machinery below them may not.
OTHER_DOMAINS = tuple(f"{name.replace('.', '/')}/" for name in DOMAINS if name != "ipcenter.cases")
ONE_KIND_FOLDERS = tuple(folder for kind in KINDS for folder in _own_folders(kind)) + \
    OTHER_DOMAINS + tuple(f"templates/{name.rsplit('/', 2)[-2]}/" for name in OTHER_DOMAINS)


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
        assert spec.offer_facts is not None, kind
        assert spec.ruling is not None or not spec.publishable, kind
        assert spec.label, kind


# ``import ipcenter.cases.patent…``, ``from ipcenter.cases.trademark import …``,
# ``from ipcenter.cases import patent``.
KIND_IMPORT = re.compile(r"^\s*(?:from|import)\s+ipcenter\.cases(?:\.(\w+)|\s+import\s+(.+))",
                         re.M)


def test_only_the_list_of_kinds_imports_a_kind_package():
    # A new kind is its package plus one line in cases/kinds.py: no shared module of the
    # cases domain (views, actions, forms, documents, policy, search …) reaches into a kind.
    # A kind's own package imports no other kind's either.
    found = []
    for path in sorted((ROOT / "ipcenter").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name == "ipcenter/cases/kinds.py":
            continue
        own = {kind for kind in KINDS if name.startswith(_own_folders(kind))}
        for match in KIND_IMPORT.finditer(path.read_text(encoding="utf-8")):
            names = {match.group(1)} if match.group(1) else {
                n.split(" as ")[0].strip(" ()") for n in match.group(2).split(",")}
            if names & (set(KINDS) - own):
                found.append(f"{name}: {match.group(0).strip()}")
    assert not found, "read it from the kind's KindSpec:\n" + "\n".join(found)


def test_the_import_pattern_sees_both_forms():
    for line in ("from ipcenter.cases.patent import services",
                 "import ipcenter.cases.trademark.workflow",
                 "from ipcenter.cases import patent, forms"):
        match = KIND_IMPORT.search(line)
        assert match and ({match.group(1)} if match.group(1) else {
            n.strip() for n in match.group(2).split(",")}) & set(KINDS), line


def test_a_case_outside_its_kinds_workflow_is_not_written(db, cast):
    # What the CHECK constraints on legal_case held while they listed every kind's states.
    import pytest

    from ipcenter.cases.patent.workflow import S
    from tests.cases.conftest import walk

    case = walk(db, cast, S.SUBMITTED)
    case.state = "tm_closed"  # a trademark case's state
    with pytest.raises(ValueError, match="is not a state of a patent case"):
        db.session.flush()
    case.state, case.kind = S.SUBMITTED, "no_such_kind"  # not a registered kind
    with pytest.raises(ValueError, match="no kind 'no_such_kind' is registered"):
        db.session.flush()
    db.session.rollback()


# ``import ipcenter.cases…``, ``from ipcenter.pledge.models import …``, ``from ipcenter import
# cases``: a domain's package, named in an import.
DOMAIN_IMPORT = re.compile(r"^\s*(?:from|import)\s+ipcenter(?:\.(\w+)|\s+import\s+(.+))", re.M)
DOMAIN_NAMES = {name.rsplit(".", 1)[-1] for name in DOMAINS}


def _domains_imported(path: Path) -> set[str]:
    found = set()
    for match in DOMAIN_IMPORT.finditer(path.read_text(encoding="utf-8")):
        names = {match.group(1)} if match.group(1) else {
            n.split(" as ")[0].strip(" ()") for n in match.group(2).split(",")}
        found |= names & DOMAIN_NAMES
    return found


def test_the_kernel_imports_no_domain_and_a_domain_no_other():
    # The matters kernel is below every domain (cases, pledge …): it reads a matter's kind from
    # the registry, never from a domain's package; a domain built on it copies nothing from
    # another and imports none.
    assert {"cases", "pledge"} <= DOMAIN_NAMES
    found = []
    for path in sorted((ROOT / "ipcenter").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        parts = name.split("/")
        own = parts[1] if len(parts) > 2 else None
        if own == "matters" or own in DOMAIN_NAMES:
            others = _domains_imported(path) - {own}
            if others:
                found.append(f"{name}: imports {sorted(others)}")
    assert not found, "\n".join(found)


def test_the_domain_import_pattern_sees_every_form():
    for line, domain in (("from ipcenter.cases.models import Case", "cases"),
                         ("import ipcenter.pledge.tasks", "pledge"),
                         ("from ipcenter import matters, pledge", "pledge")):
        match = DOMAIN_IMPORT.search(line)
        names = {match.group(1)} if match.group(1) else {
            n.strip() for n in match.group(2).split(",")}
        assert domain in names, line
