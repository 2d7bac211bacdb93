"""The layers of DESIGN.md, read from the imports of every module of ``ipcenter`` (an AST walk:
``import ipcenter.x``, ``from ipcenter import x``, ``from ipcenter.x import y``, relative imports,
and imports inside functions alike):

- ``core`` imports nothing above core;
- ``auth``, ``ip``, ``search`` and ``matters`` import no domain (domains register with them, not
  the reverse); ``notify`` imports neither a domain nor ``matters``;
- no domain imports another domain (news between them travels as events or signals);
- within a domain, no kind's package imports another kind's (``cases/patent`` and
  ``cases/trademark``): both may import the domain's shared modules, ``matters`` and below.

Today's breaches are listed by name in ``KNOWN``, each with the reason it is still there. The list
may only shrink: a breach not listed fails, and so does a listed one that no longer exists.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "ipcenter"

# The packages that hold one family of matters each (pre-examination and pledge are to come).
DOMAINS = frozenset({"cases", "prexam", "pledge"})
# Within a domain, the packages that hold one kind of matter each.
KINDS = {"cases": frozenset({"patent", "trademark"})}


def top_package(name: str) -> str:
    """``ipcenter.cases.models`` → ``cases``; ``ipcenter`` itself (the app factory) → ``""``."""
    return name.split(".")[1] if "." in name else ""


def kind_package(name: str) -> str:
    """``ipcenter.cases.patent.workflow`` → ``cases.patent``; elsewhere the top package."""
    parts = name.split(".")
    if len(parts) > 2 and parts[2] in KINDS.get(parts[1], ()):
        return f"{parts[1]}.{parts[2]}"
    return top_package(name)


@dataclass(frozen=True)
class Rule:
    name: str
    importers: frozenset[str]       # top-level packages of ipcenter the rule applies to
    allowed: frozenset[str] | None  # the only packages they may import (None: all but forbidden)
    forbidden: frozenset[str] = frozenset()
    part: Callable[[str], str] = top_package  # what of a module's name the rule compares

    def breaks(self, importer: str, imported: str) -> bool:
        if importer not in self.importers or imported == importer:
            return False
        if self.allowed is not None:
            return imported not in self.allowed
        return imported in self.forbidden


RULES = [
    Rule("core imports nothing above core", frozenset({"core"}), frozenset({"core"})),
    *(Rule(f"{layer} imports no domain", frozenset({layer}), None, DOMAINS)
      for layer in ("auth", "ip", "search", "matters")),
    # The notices sit below every matter: domains and ``matters`` call them, not the reverse.
    Rule("notify imports no domain nor matters", frozenset({"notify"}), None,
         DOMAINS | {"matters"}),
    *(Rule(f"{domain} imports no other domain", frozenset({domain}), None, DOMAINS - {domain})
      for domain in sorted(DOMAINS)),
    *(Rule(f"{domain}.{kind} imports no other kind", frozenset({f"{domain}.{kind}"}), None,
           frozenset(f"{domain}.{other}" for other in kinds - {kind}), kind_package)
      for domain, kinds in sorted(KINDS.items()) for kind in sorted(kinds)),
]

# Breaches there today: (file under ipcenter/, module imported). Remove an entry with its import.
KNOWN: dict[str, set[tuple[str, str]]] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    """Whether the dotted name is a module or package of ipcenter (not a name inside one)."""
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(source: str, module: str, is_package: bool = False) -> set[str]:
    """The ipcenter modules that ``source`` (the text of ``module``) imports, wherever it does."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[:len(base) - node.level + 1]
                parent = ".".join(base + ([node.module] if node.module else []))
            else:
                parent = node.module
            for alias in node.names:
                child = f"{parent}.{alias.name}"
                found.add(child if is_module(child) or parent == "ipcenter" else parent)
    return {name for name in found if name == "ipcenter" or name.startswith("ipcenter.")}


def breaches() -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {rule.name: set() for rule in RULES}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        source = path.read_text(encoding="utf-8")
        for name in imports(source, module, path.name == "__init__.py"):
            for rule in RULES:
                if rule.breaks(rule.part(module), rule.part(name)):
                    found[rule.name].add((str(path.relative_to(PACKAGE)), name))
    return found


@pytest.fixture(scope="module")
def found():
    return breaches()


@pytest.mark.parametrize("rule", [rule.name for rule in RULES])
def test_no_new_breach(found, rule):
    new = sorted(found[rule] - KNOWN.get(rule, set()))
    assert not new, f"{rule}: " + "; ".join(f"{file} imports {name}" for file, name in new)


def test_known_breaches_still_exist(found):
    """A breach that was mended leaves the list, so that it cannot come back unnoticed."""
    gone = sorted((rule, file, name) for rule, breaches in KNOWN.items()
                  for file, name in breaches - found[rule])
    assert not gone, "no longer true, remove from KNOWN: " + "; ".join(
        f"{rule}: {file} imports {name}" for rule, file, name in gone)


def test_known_breaches_name_rules():
    assert set(KNOWN) <= {rule.name for rule in RULES}


@pytest.mark.parametrize("source, expected", [
    ("import ipcenter.cases", {"ipcenter.cases"}),
    ("import ipcenter.cases.models as m", {"ipcenter.cases.models"}),
    ("from ipcenter import cases", {"ipcenter.cases"}),
    ("from ipcenter import create_app", {"ipcenter.create_app"}),
    ("from ipcenter.cases import models", {"ipcenter.cases.models"}),
    ("from ipcenter.cases.kinds import KINDS, spec_of", {"ipcenter.cases.kinds"}),
    ("def f():\n    if True:\n        from ipcenter.cases.patent.services import conflict_of\n",
     {"ipcenter.cases.patent.services"}),
    ("from ..cases import models", {"ipcenter.cases.models"}),
    ("from . import models", {"ipcenter.auth.models"}),
    ("from .models import User", {"ipcenter.auth.models"}),
    ("import flask\nfrom sqlalchemy import select", set()),
])
def test_every_form_of_import_is_seen(source, expected):
    assert imports(source, "ipcenter.auth.policy") == expected


def test_a_domain_imported_into_auth_is_caught():
    rule = next(rule for rule in RULES if rule.name == "auth imports no domain")
    names = imports("def f():\n    from ipcenter import cases\n", "ipcenter.auth.views")
    assert [name for name in names if rule.breaks("auth", top_package(name))] == ["ipcenter.cases"]


def test_a_domain_imported_into_matters_is_caught():
    rule = next(rule for rule in RULES if rule.name == "matters imports no domain")
    names = imports("from ipcenter.cases.models import Case\n", "ipcenter.matters.services")
    assert [name for name in names if rule.breaks("matters", top_package(name))] == [
        "ipcenter.cases.models"]


def test_one_kind_imported_into_another_is_caught():
    rule = next(rule for rule in RULES if rule.name == "cases.trademark imports no other kind")
    module = "ipcenter.cases.trademark.services"
    names = imports("from ipcenter.cases.patent import services\n"
                    "from ipcenter.cases import models\nfrom ipcenter import matters\n", module)
    caught = [name for name in sorted(names)
              if rule.breaks(kind_package(module), kind_package(name))]
    assert caught == ["ipcenter.cases.patent.services"]
